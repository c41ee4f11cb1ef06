import argparse

import numpy as np
import torch

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--seq", default="basketball")
    args = ap.parse_args()
    points = np.load(f"./data/{args.seq}/init_pt_cld.npz")["data"]
    params = torch.nn.Parameter(torch.as_tensor(points, dtype=torch.float32))
    opt = torch.optim.Adam([params], lr=1e-3)
    for _ in range(100):
        loss = params.pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
