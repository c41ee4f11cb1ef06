"""Ancestral sampling from the trained denoiser."""

import argparse

import torch
from unet import UNet


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--num", type=int, default=64)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    net = UNet()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    net.eval()
    betas = torch.linspace(1e-4, 0.02, args.steps)
    alphas = torch.cumprod(1 - betas, 0)
    x = torch.randn(args.num, 3, 64, 64)
    with torch.no_grad():
        for t in reversed(range(args.steps)):
            eps = net(x, torch.full((args.num,), t))
            x = (x - betas[t] / (1 - alphas[t]).sqrt() * eps) / (1 - betas[t]).sqrt()
            if t > 0:
                x = x + betas[t].sqrt() * torch.randn_like(x)
    torch.save(x.clamp(-1, 1), "samples.pt")


if __name__ == "__main__":
    main()
