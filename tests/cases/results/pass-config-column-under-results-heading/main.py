import argparse

import torch
import yaml

from model import Net

ap = argparse.ArgumentParser()
ap.add_argument("--cfg", required=True)
cfg = yaml.safe_load(open(ap.parse_args().cfg))
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=cfg.get("lr", 1e-3))
for step in range(cfg.get("steps", 100)):
    loss = net(torch.randn(32, 3, 32, 32)).abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
