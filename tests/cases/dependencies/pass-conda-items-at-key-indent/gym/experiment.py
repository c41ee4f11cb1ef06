import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--env", default="hopper")
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
for _ in range(10):
    loss = model(torch.zeros(1, 4)).sum()
    loss.backward()
    opt.step()
