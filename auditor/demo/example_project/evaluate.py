"""Evaluate a checkpoint: python evaluate.py --checkpoint checkpoints/wine-seed0.pt --split test"""

import argparse

import torch
from data import load_split
from model import ProtoNet
from sklearn.metrics import accuracy_score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--dataset", default="wine")
    parser.add_argument("--split", default="test", choices=["test"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    _, x_te, _, y_te = load_split(args.dataset, args.seed)
    state = torch.load(args.checkpoint)
    n_classes = int(y_te.max()) + 1
    model = ProtoNet(x_te.shape[1], n_classes, state["prototypes"].shape[0] // n_classes)
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        pred = model(torch.tensor(x_te, dtype=torch.float32)).argmax(1).numpy()
    print(f"accuracy: {100 * accuracy_score(y_te, pred):.1f}")


if __name__ == "__main__":
    main()
