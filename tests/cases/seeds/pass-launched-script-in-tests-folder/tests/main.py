"""Launch a skill-discovery run."""

import argparse

import numpy as np
import torch

from agent.learner import Learner


def set_seed(seed):
    np.random.seed(seed)
    torch.manual_seed(seed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="ant")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n_epochs", type=int, default=1000)
    args = parser.parse_args()
    set_seed(args.seed)
    learner = Learner(dim=8)
    learner.train(args.n_epochs)


if __name__ == "__main__":
    main()
