"""Train a detector; the seed is drawn at random unless --seed is given (mmdet style)."""

import argparse

import numpy as np
import torch
from mmdet.apis import init_random_seed, set_random_seed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("config")
    p.add_argument("--seed", type=int, default=None, help="random seed")
    p.add_argument("--diff-seed", action="store_true")
    args = p.parse_args()
    seed = init_random_seed(args.seed)
    seed = seed + 1 if args.diff_seed else seed
    set_random_seed(seed)
    np.random.seed(seed)

    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(64, 8), torch.randint(0, 2, (64,))
    for _ in range(10):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
