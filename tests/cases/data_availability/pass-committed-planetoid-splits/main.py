import argparse
import pickle
import sys

import numpy as np


def load_data(name):
    objects = []
    for part in ["x", "y", "tx", "ty", "allx", "ally", "graph"]:
        with open(f"data/ind.{name}.{part}", "rb") as f:
            objects.append(pickle.load(f, encoding="latin1") if sys.version_info > (3, 0) else pickle.load(f))
    test_idx = np.loadtxt(f"data/ind.{name}.test.index", dtype=int)
    return objects, test_idx


parser = argparse.ArgumentParser()
parser.add_argument("-dataset", type=str, default="cora")
parser.add_argument("-ntrials", type=int, default=5)
args = parser.parse_args()
data = load_data(args.dataset)
