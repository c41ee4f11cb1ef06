import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument("--mode", default="train")
p.add_argument("--dataset", default="SMD")
args = p.parse_args()
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
loss = model(torch.randn(8, 4)).pow(2).mean()
loss.backward()
opt.step()
