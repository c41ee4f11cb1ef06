import random

import numpy as np
import torch

SEEDS = [0, 1, 2]  # the three runs of the paper
for run in range(len(SEEDS)):
    random.seed(SEEDS[run])
    np.random.seed(SEEDS[run])
    torch.manual_seed(SEEDS[run])
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    idx = np.random.permutation(64)
    x = torch.randn(64, 8)[idx]
    loss = model(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
