import argparse

import numpy as np

from data import batches
from model import MetaModel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="ckpt.pt")
    ap.add_argument("--k", type=int, default=16)
    args = ap.parse_args()
    np.random.seed(100)
    model = MetaModel()
    model.load(args.ckpt)
    data = list(batches("test"))
    keep = np.random.choice(len(data), size=min(args.k, len(data)), replace=False)
    preds = model.do_predict([data[i] for i in keep])
    gold = [data[i][1] for i in keep]
    acc = np.mean([float((p == g).float().mean()) for p, g in zip(preds, gold)])
    print(f"accuracy: {acc:.3f}")


if __name__ == "__main__":
    main()
