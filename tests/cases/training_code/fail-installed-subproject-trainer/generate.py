import argparse

import torch
from equivariant.layers import EquivariantBlock

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--length", type=int, default=100)
    ap.add_argument("--samples", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(0)
    block = EquivariantBlock()
    block.load_state_dict(torch.load("models/backbone.pt", map_location="cpu"))
    with torch.no_grad():
        for _ in range(args.samples):
            print(block(torch.randn(args.length, 32)).shape)
