"""Train a model, or with --test_phase score a checkpoint on the validation set."""

import argparse

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--cfg", required=True)
    parser.add_argument("--checkpoint_path")
    parser.add_argument("--test_phase", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(0)
    net = torch.nn.Linear(32, 10)
    if args.test_phase:
        net.load_state_dict(torch.load(args.checkpoint_path))
        x, y = torch.randn(100, 32), torch.randint(0, 10, (100,))
        print("val acc1:", (net(x).argmax(1) == y).float().mean().item())
        return
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(100):
        loss = torch.nn.functional.cross_entropy(net(torch.randn(8, 32)), torch.randint(0, 10, (8,)))
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
