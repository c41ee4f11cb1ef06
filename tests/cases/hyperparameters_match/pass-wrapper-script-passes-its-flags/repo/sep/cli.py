import argparse

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-epochs", type=int, default=500)
    args = parser.parse_args()
    model = torch.nn.Linear(8, 8)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for _ in range(args.max_epochs):
        opt.step()


if __name__ == "__main__":
    main()
