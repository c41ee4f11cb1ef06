import argparse

import torch
from torchvision import datasets, transforms

from rules import Plain, Sharp  # noqa: F401  (picked by name below)


def run(args):
    data = datasets.MNIST("./data", train=True, download=True, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(data, batch_size=128, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    rule = eval(args.rule)(optimizer, model, rho=args.rho)
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        for x, y in loader:
            loss_fn(model(x), y).backward()
            rule.ascent()
            loss_fn(model(x), y).backward()
            rule.descent()
        print(f"epoch {epoch} done")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rule", default="Sharp")
    ap.add_argument("--rho", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--epochs", type=int, default=10)
    run(ap.parse_args())
