import argparse
import random

import torch

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=10)
args = p.parse_args()

model = torch.nn.Linear(8, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
tasks = ["a", "b", "c"]
epoch_seeds = [random.randint(0, 100000) for _ in range(args.epochs)]  # drawn, never fixed
for epoch in range(args.epochs):
    random.seed(epoch_seeds[epoch])
    order = random.sample(tasks, k=len(tasks))
    x = torch.randn(16, 8)
    loss = model(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
