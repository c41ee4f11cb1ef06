"""Estimate log-likelihood bounds with annealed importance sampling."""

import argparse

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedule", default="geometric")
    parser.add_argument("--q", type=float, default=1.0)
    args = parser.parse_args()
    torch.manual_seed(42)
    np.random.seed(42)
    betas = np.linspace(0, 1, 100) ** args.q
    x = torch.randn(64, 2)
    print(float((x.pow(2).sum(1) * betas[-1]).mean()))


if __name__ == "__main__":
    main()
