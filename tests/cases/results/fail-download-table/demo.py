"""Classify one image with a downloaded checkpoint."""

import argparse

import torch
from model import Net
from PIL import Image
from torchvision import transforms

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--checkpoint", required=True)
    args = parser.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    x = transforms.ToTensor()(Image.open(args.image).convert("RGB").resize((32, 32)))
    print(net.eval()(x.unsqueeze(0)).argmax(1).item())
