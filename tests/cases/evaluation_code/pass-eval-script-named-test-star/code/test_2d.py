import argparse

import torch

from utils.scores import dice


def test_calculate_metric(args):
    net = torch.nn.Conv2d(1, 2, 3)
    net.load_state_dict(torch.load("best_model.pth"))
    pred = net(torch.zeros(1, 1, 8, 8)).argmax(1)
    return dice(pred, torch.zeros_like(pred))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="segnet")
    p.add_argument("--exp", default="SSL")
    p.add_argument("--labelnum", type=int, default=7)
    print("dice:", test_calculate_metric(p.parse_args()))
