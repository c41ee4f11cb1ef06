"""Denoise one image with the released model."""

import argparse

import torch
from nets.denoiser import Denoiser


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    args = parser.parse_args()
    torch.manual_seed(42)  # the noise schedule below draws from torch
    net = Denoiser()
    x = torch.randn(1, 3, 64, 64)
    print(args.image, net(x).shape)


if __name__ == "__main__":
    main()
