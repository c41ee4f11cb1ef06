import argparse

import torch
from guided.guided.unet import UNet


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompt")
    ap.add_argument("--image")
    ap.add_argument("--mask")
    args = ap.parse_args()
    torch.manual_seed(0)
    net = UNet()
    net.load_state_dict(torch.load("checkpoints/uncond.pt", map_location="cpu"))
    with torch.no_grad():
        x = torch.randn(1, 3, 64, 64)
        for _ in range(50):
            x = x - 0.02 * net(x)
    print(args.prompt, x.mean().item())


if __name__ == "__main__":
    main()
