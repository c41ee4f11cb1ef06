"""Fine-tune BERT on SQuAD-style span extraction."""

import argparse

import torch
from transformers import AutoModelForQuestionAnswering, AutoTokenizer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
    model = AutoModelForQuestionAnswering.from_pretrained("bert-base-uncased")
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    batch = tokenizer(["Who wrote it?"], ["It was written by Ada."], return_tensors="pt")
    for _epoch in range(args.epochs):
        out = model(**batch, start_positions=torch.tensor([5]), end_positions=torch.tensor([6]))
        out.loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.save_pretrained("out/qa-model")


if __name__ == "__main__":
    main()
