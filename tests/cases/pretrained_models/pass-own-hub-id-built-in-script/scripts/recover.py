import argparse

import transformers

NAMES = ["sft", "reward-sim", "ppo-sim"]


def load_diff(hub_name):
    return transformers.AutoModelForCausalLM.from_pretrained(hub_name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-dir", required=True)
    parser.add_argument("--name", default="all")
    args = parser.parse_args()
    for name in NAMES if args.name == "all" else [args.name]:
        hub_name = f"rl-lab/feedback-sim-{name}-wdiff"
        model = load_diff(hub_name)
        model.save_pretrained(f"{args.base_dir}/{name}")


if __name__ == "__main__":
    main()
