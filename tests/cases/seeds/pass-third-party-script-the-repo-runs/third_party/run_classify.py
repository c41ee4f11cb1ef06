import argparse
import random

import numpy as np
import torch


def set_seed(args):
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model_name_or_path")
    p.add_argument("--task_name")
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    set_seed(args)
    model = torch.nn.Linear(8, 3)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    idx = np.random.permutation(32)
    x = torch.randn(32, 8)[idx]
    loss = model(x).logsumexp(-1).mean()
    loss.backward()
    opt.step()


if __name__ == "__main__":
    main()
