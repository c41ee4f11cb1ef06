import argparse
import importlib

import torch
import yaml
from torchvision import datasets, transforms

from model import Net


def main(args):
    cfg = yaml.safe_load(open(args.config))
    model = Net()
    model.load_state_dict(torch.load(args.resume, map_location="cpu"))
    model.eval()
    data = datasets.CIFAR10("./data", train=False, download=True, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(data, batch_size=cfg["batch_size"])
    engine = getattr(importlib.import_module(args.engines), cfg["engine"])(model)
    print(engine.run(loader))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--resume", required=True)
    ap.add_argument("--engines", default="engines.scoring")
    main(ap.parse_args())
