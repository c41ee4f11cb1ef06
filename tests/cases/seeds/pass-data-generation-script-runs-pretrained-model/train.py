"""Fine-tune the scorer on the generated data."""

import argparse

import torch
from pytorch_lightning import Trainer, seed_everything

from model import Scorer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    seed_everything(args.seed)
    model = Scorer(torch.nn.Linear(16, 2))
    Trainer(max_epochs=3).fit(model)


if __name__ == "__main__":
    main()
