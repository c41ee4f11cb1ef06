"""Train the interaction network on molecular energies."""

import argparse

import numpy as np
import torch
from model import InteractionNet

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=1234)
args = parser.parse_args()

torch.manual_seed(args.seed)
rng = np.random.RandomState(seed=args.seed)
model = InteractionNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(1000):
    z = torch.tensor(rng.randint(0, 10, size=(32, 9)))
    energy = torch.tensor(rng.normal(size=32), dtype=torch.float32)
    loss = (model(z) - energy).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
