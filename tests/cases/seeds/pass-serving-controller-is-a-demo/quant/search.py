import argparse
import random

import torch


def search(w_bit, n_samples=64):
    random.seed(0)
    torch.manual_seed(0)
    picks = random.sample(range(10000), n_samples)
    x = torch.randn(n_samples, 16)
    best = min(range(1, 20), key=lambda s: (torch.round(x * s) / s - x).abs().mean().item())
    return picks, best


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--w_bit", type=int, default=4)
    print(search(ap.parse_args().w_bit))
