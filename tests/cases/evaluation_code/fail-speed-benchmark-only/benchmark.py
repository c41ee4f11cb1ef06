"""Measure the model's inference throughput on random inputs."""

import argparse
import time

import torch
from model import Net


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    net = Net().eval()
    x = torch.rand(args.batch_size, 3, 32, 32)
    with torch.no_grad():
        start = time.perf_counter()
        for _ in range(50):
            net(x)
        elapsed = time.perf_counter() - start
    print(f"Throughput: {50 * args.batch_size / elapsed:.1f} im/s")


if __name__ == "__main__":
    main()
