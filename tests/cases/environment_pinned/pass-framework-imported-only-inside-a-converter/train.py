import argparse

import torch

from modeling import Encoder

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=1e-4)
args = p.parse_args()
model = Encoder()
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
loss = model(torch.randn(4, 8)).pow(2).mean()
loss.backward()
opt.step()
