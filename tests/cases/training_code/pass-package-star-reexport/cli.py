"""Command-line interface for the few-shot experiments."""

import argparse

import fewshot
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = torch.nn.Linear(16, 2)
    batches = [(torch.randn(8, 16), torch.randint(0, 2, (8,))) for _ in range(4)]
    fewshot.fit_ensemble(model, batches)


if __name__ == "__main__":
    main()
