import argparse

import torch

from guided.unet import UNet

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--lr", type=float, default=1e-4)
    args = ap.parse_args()
    net = UNet()
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr)
    for _ in range(1000):
        x = torch.randn(8, 3, 64, 64)
        loss = (net(x) - x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
