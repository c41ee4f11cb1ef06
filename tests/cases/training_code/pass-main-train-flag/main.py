"""Entry point: train or evaluate a graph attention network."""

import argparse

import torch
from model import Net


def run(args) -> None:
    net = Net()
    if args.train:
        optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
        for _step in range(args.steps):
            loss = net(torch.randn(8, 3, 32, 32)).pow(2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        torch.save(net.state_dict(), args.ckpt)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--lr", type=float, default=5e-3)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--ckpt", default="gat.pt")
    run(parser.parse_args())
