import random

import numpy as np
import torch
from options import DepthOptions


def seed_all(seed):
    if not seed:
        seed = 1
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


opts = DepthOptions().parse()
seed_all(opts.pytorch_random_seed)

if __name__ == "__main__":
    net = torch.nn.Conv2d(3, 1, 3)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    for step in range(1000):
        frames = torch.rand(4, 3, 64, 64)
        if random.random() > 0.5:
            frames = frames.flip(-1)
        loss = net(frames).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
