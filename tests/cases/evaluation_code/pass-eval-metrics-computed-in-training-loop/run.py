"""Train the agent; evaluate the policy periodically."""

import argparse

import torch

from algo import Algo


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="cheetah")
    parser.add_argument("--n_epochs", type=int, default=500)
    parser.add_argument("--eval_period", type=int, default=50)
    args = parser.parse_args()
    torch.manual_seed(0)
    Algo(args.eval_period).train(args.n_epochs)


if __name__ == "__main__":
    main()
