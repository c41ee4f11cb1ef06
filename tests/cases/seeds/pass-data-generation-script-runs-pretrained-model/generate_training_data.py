"""Turn question-answer pairs into declarative sentences with a pre-trained rewriter."""

import argparse
import json
import random

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer


class Rewriter:
    def __init__(self, device):
        self.tok = AutoTokenizer.from_pretrained("t5-base")
        self.model = AutoModelForSeq2SeqLM.from_pretrained("t5-base").to(device)

    def rewrite(self, texts):
        batch = self.tok(texts, return_tensors="pt", padding=True)
        with torch.no_grad():
            out = self.model.generate(**batch, max_length=64)
        return self.tok.batch_decode(out, skip_special_tokens=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="qa2d")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rows = [{"q": "who wrote it?", "a": "she did"}] * 100
    random.shuffle(rows)
    rewriter = Rewriter("cpu")
    with open(args.out, "w") as fh:
        for text in rewriter.rewrite([r["q"] + " " + r["a"] for r in rows]):
            fh.write(json.dumps({"text": text}) + "\n")


if __name__ == "__main__":
    random.seed(42)
    main()
