import argparse

import numpy as np
import torch
import torchvision

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    np.random.seed(0)
    torch.manual_seed(0)
    net = torchvision.models.resnet18(num_classes=64)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    for _ in range(args.epochs):
        loss = net(torch.randn(4, 3, 64, 64)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
