import argparse

import torch

from models.net import SRNet


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", default="classical_sr")
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--training_patch_size", type=int, default=48)
    p.add_argument("--model_path", default="model_zoo/sr_x2.pth")
    p.add_argument("--folder_lq", default="testsets/Set5/LR")
    args = p.parse_args()
    model = SRNet(args.scale)
    model.load_state_dict(torch.load(args.model_path))
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros(1, 3, args.training_patch_size, args.training_patch_size))
    print(out.shape)


if __name__ == "__main__":
    main()
