"""Save the attention gate's activations for a folder of images (for the figures)."""

import argparse
from pathlib import Path

import torch
from model import Net
from PIL import Image
from torchvision import transforms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--images", required=True)
    args = parser.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    net.eval()
    to_tensor = transforms.Compose([transforms.Resize(32), transforms.ToTensor()])
    maps = {}
    with torch.no_grad():
        for path in sorted(Path(args.images).glob("*.jpg")):
            x = to_tensor(Image.open(path).convert("RGB")).unsqueeze(0)
            maps[path.name] = net.features(x).squeeze(0)
    torch.save(maps, "attention_maps.pt")


if __name__ == "__main__":
    main()
