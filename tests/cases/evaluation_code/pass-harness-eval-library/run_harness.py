"""Score a Chorus checkpoint on the paper's benchmarks with lm-evaluation-harness."""

import argparse
import json

import lm_eval


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--tasks", default="arc_challenge,hellaswag")
    args = parser.parse_args()
    results = lm_eval.simple_evaluate(
        model="hf",
        model_args=f"pretrained={args.checkpoint}",
        tasks=args.tasks.split(","),
        num_fewshot=0,
    )
    with open("harness_results.json", "w", encoding="utf-8") as fh:
        json.dump(results["results"], fh, indent=2)


if __name__ == "__main__":
    main()
