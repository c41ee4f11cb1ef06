import argparse

import torch

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    args = ap.parse_args()
    print("torch", torch.__version__, "cuda available:", torch.cuda.is_available())
    x = torch.ones(2, 2, device=args.device)
    print("matmul ok:", bool((x @ x).sum() == 8))
