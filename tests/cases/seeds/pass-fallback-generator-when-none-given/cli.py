"""Command line of the self-training experiments."""

import argparse

import numpy as np
from selftrain import run_generations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--generations", type=int, default=3)
    args = parser.parse_args()
    examples = [f"text {i}" for i in range(100)]
    logits = np.ones((100, 2))
    print(len(run_generations(examples, logits, args.generations, args.seed)))


if __name__ == "__main__":
    main()
