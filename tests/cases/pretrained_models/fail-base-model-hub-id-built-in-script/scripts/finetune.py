import argparse

import torch
import transformers


def load_base(hub_name):
    return transformers.AutoModelForCausalLM.from_pretrained(hub_name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="7")
    args = parser.parse_args()
    hub_name = f"meta-llama/Llama-2-{args.size}b-hf"
    model = load_base(hub_name)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
    loss = model(torch.zeros(1, 8, dtype=torch.long)).logits.mean()
    loss.backward()
    opt.step()


if __name__ == "__main__":
    main()
