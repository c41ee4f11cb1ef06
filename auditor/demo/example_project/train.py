"""Train TinyProto on one dataset: python train.py --config configs/wine.yaml --seed 0"""

import argparse
import random

import numpy as np
import torch
import yaml
from data import load_split
from model import ProtoNet


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/wine.yaml")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    cfg = yaml.safe_load(open(args.config))
    set_seed(args.seed)
    x_tr, _, y_tr, _ = load_split(cfg["dataset"], args.seed)
    x = torch.tensor(x_tr, dtype=torch.float32)
    y = torch.tensor(y_tr)
    model = ProtoNet(x.shape[1], int(y.max()) + 1, cfg["prototypes_per_class"])
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    for _epoch in range(cfg["epochs"]):
        for idx in torch.randperm(len(x)).split(cfg["batch_size"]):
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    torch.save(model.state_dict(), f"checkpoints/{cfg['dataset']}-seed{args.seed}.pt")


if __name__ == "__main__":
    main()
