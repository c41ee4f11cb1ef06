import argparse
import random

import numpy as np
import torch

from data import batches
from model import MetaModel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = MetaModel()
    model.do_train(list(batches("train")))
    model.save("ckpt.pt")


if __name__ == "__main__":
    main()
