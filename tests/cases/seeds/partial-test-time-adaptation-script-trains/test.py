import argparse

import numpy as np
import torch

from data import batches
from model import MetaModel


def adapt(model, batch, lr=1e-4):
    """Test-time adaptation: one entropy-minimisation step per test batch."""
    opt = torch.optim.SGD(model.net.parameters(), lr=lr)
    x, _ = batch
    probs = model.net(x).softmax(-1)
    loss = -(probs * probs.log()).sum(-1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="ckpt.pt")
    args = ap.parse_args()
    np.random.seed(100)
    model = MetaModel()
    model.load(args.ckpt)
    data = list(batches("test"))
    order = np.random.permutation(len(data))
    correct = []
    for i in order:
        adapt(model, data[i])
        pred = model.do_predict([data[i]])[0]
        correct.append(float((pred == data[i][1]).float().mean()))
    print(f"accuracy: {np.mean(correct):.3f}")


if __name__ == "__main__":
    main()
