"""Fine-tune low-rank adapters of a denoising network."""

import argparse

import torch
from accelerate.utils import set_seed


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--instance_dir", type=str, required=True)
    parser.add_argument("--max_train_steps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None, help="A seed for reproducible training.")
    return parser.parse_args()


def main():
    args = parse_args()
    # If passed along, set the training seed now.
    if args.seed is not None:
        set_seed(args.seed)
    net = torch.nn.Linear(8, 8)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
    for _ in range(args.max_train_steps):
        noise = torch.randn(4, 8)
        loss = (net(noise) - noise).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
