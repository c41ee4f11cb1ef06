import argparse

import torch
from PIL import Image
from torchvision.transforms.functional import to_tensor

from net import DepthNet

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    args = ap.parse_args()
    torch.manual_seed(0)
    net = DepthNet()
    net.load_state_dict(torch.load("depth.pth", map_location="cpu"))
    net.eval()
    with torch.no_grad():
        depth = net(to_tensor(Image.open(args.image))[None])
    print(depth.mean().item())
