"""Top-1 accuracy of a trained network on the CIFAR-10 test split."""

import argparse

import torch
from data import loader
from model import Net


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    args = parser.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    net.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in loader("test", batch_size=256):
            correct += (net(images).argmax(1) == labels).sum().item()
            total += labels.numel()
    print(f"Top-1 accuracy: {100.0 * correct / total:.2f}%")


if __name__ == "__main__":
    main()
