"""Draw images from a trained generator and save them as a grid."""

import argparse

import torch
from model import Net
from torchvision.utils import save_image

torch.set_float32_matmul_precision("high")  # faster matmuls on recent GPUs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--num", type=int, default=64)
    args = parser.parse_args()
    torch.manual_seed(0)
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    with torch.autocast("cpu", dtype=torch.bfloat16):
        images = net.features(torch.randn(args.num, 3, 32, 32))
    save_image(images[:, :3], "samples.png")


if __name__ == "__main__":
    main()
