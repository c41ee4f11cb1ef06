"""Train the classifier on CIFAR-10."""

import argparse

import torch
from data import loader
from model import Net
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    net = Net()
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    for _epoch in range(args.epochs):
        for x, y in loader("train"):
            optimizer.zero_grad()
            loss = criterion(net(x), y)
            loss.backward()
            optimizer.step()
    torch.save(net.state_dict(), "checkpoints/net.pth")


if __name__ == "__main__":
    main()
