"""Evaluate a trained checkpoint on the CIFAR-10 test split."""

import argparse

import torch
from data import loader
from model import Net
from sklearn.metrics import accuracy_score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    args = parser.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    net.eval()
    preds, labels = [], []
    with torch.no_grad():
        for x, y in loader("test"):
            preds += net(x).argmax(1).tolist()
            labels += y.tolist()
    print(f"accuracy: {accuracy_score(labels, preds):.4f}")


if __name__ == "__main__":
    main()
