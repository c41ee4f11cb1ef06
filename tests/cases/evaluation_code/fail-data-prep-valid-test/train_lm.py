"""Train the byte-level transformer language model."""

import argparse

import numpy as np
import torch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/")
    parser.add_argument("--steps", type=int, default=100000)
    args = parser.parse_args()
    data = torch.from_numpy(np.fromfile(f"{args.data}/train.bin", dtype=np.uint8).astype("int64"))
    model = torch.nn.Sequential(torch.nn.Embedding(256, 128), torch.nn.Linear(128, 256))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for step in range(args.steps):
        i = torch.randint(0, len(data) - 65, (32,))
        x = torch.stack([data[j : j + 64] for j in i])
        y = torch.stack([data[j + 1 : j + 65] for j in i])
        loss = torch.nn.functional.cross_entropy(model(x).transpose(1, 2), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 1000 == 0:
            print(step, loss.item())
    torch.save(model.state_dict(), "lm.pt")


if __name__ == "__main__":
    main()
