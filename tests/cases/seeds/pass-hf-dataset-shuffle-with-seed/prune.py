import argparse

import torch
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer


def calibration_texts(n=128):
    data = load_dataset("wikitext", "wikitext-2-raw-v1", split="train")
    data = data.shuffle(seed=42)
    return [row["text"] for row in data.select(range(n))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    args = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model)
    norms = {}
    with torch.no_grad():
        for text in calibration_texts():
            out = model(**tok(text, return_tensors="pt"), output_hidden_states=True)
            for i, h in enumerate(out.hidden_states):
                norms[i] = norms.get(i, 0.0) + h.abs().mean().item()
    print(norms)


if __name__ == "__main__":
    main()
