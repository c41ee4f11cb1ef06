"""Classify one image with a released checkpoint."""

import argparse

import torch
from model import Net
from PIL import Image
from torchvision import transforms

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--weights", default="net.pth")
    args = parser.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.weights, map_location="cpu"))
    net.eval()
    x = transforms.ToTensor()(Image.open(args.image).convert("RGB")).unsqueeze(0)
    with torch.no_grad():
        print(net(x).argmax(1).item())
