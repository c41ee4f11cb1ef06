import argparse
import random

import numpy as np
import torch

from dg import algorithms

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--algorithm", default="Mixup")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    algo = algorithms.get_algorithm_class(args.algorithm)()
    for _ in range(100):
        algo.update(torch.randn(4, 8), torch.randint(0, 2, (4,)))
