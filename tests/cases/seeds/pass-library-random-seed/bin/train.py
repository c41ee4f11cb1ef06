import sys
import tomllib

import numpy as np
import torch
import trainkit


def main(path):
    with open(path, "rb") as fh:
        config = tomllib.load(fh)
    trainkit.random.seed(config["seed"])  # the package's own random.seed: Python, NumPy, torch
    x = torch.randn(256, 8)
    y = (x.sum(1) > 0).float()
    order = np.random.permutation(len(x))
    net = torch.nn.Linear(8, 1)
    opt = torch.optim.AdamW(net.parameters(), lr=config["lr"])
    for i in order:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x[i]), y[i : i + 1])
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main(sys.argv[1])
