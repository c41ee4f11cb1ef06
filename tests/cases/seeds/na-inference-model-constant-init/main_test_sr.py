"""Restore every image of a folder with a trained model and report PSNR."""

import argparse
import glob

import numpy as np
import torch
from models.network_sr import SuperResolver


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="compressed_sr")
    parser.add_argument("--model_path", required=True)
    parser.add_argument("--folder_lq", required=True)
    args = parser.parse_args()
    model = SuperResolver()
    model.load_state_dict(torch.load(args.model_path), strict=True)
    model.eval()
    scores = []
    for path in sorted(glob.glob(args.folder_lq + "/*.npy")):
        lq = torch.from_numpy(np.load(path))[None]
        with torch.no_grad():
            out = model(lq)
        mse = torch.mean((out - lq) ** 2).item()
        scores.append(10 * np.log10(1.0 / max(mse, 1e-10)))
    print(f"PSNR: {np.mean(scores):.2f} dB")


if __name__ == "__main__":
    main()
