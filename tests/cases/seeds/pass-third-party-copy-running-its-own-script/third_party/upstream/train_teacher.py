import argparse

import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=90)
args = p.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(args.epochs):
    idx = np.random.permutation(8)
    loss = model(torch.randn(8, 4)[idx]).pow(2).mean()
    loss.backward()
    opt.step()
