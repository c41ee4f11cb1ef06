import argparse

import torch

from model import Net

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint")
    ap.add_argument("--prompt", default="")
    args = ap.parse_args()
    net = Net()
    net.load_state_dict(torch.load(args.checkpoint))
    print(net(torch.zeros(1, 3, 32, 32)).argmax())
