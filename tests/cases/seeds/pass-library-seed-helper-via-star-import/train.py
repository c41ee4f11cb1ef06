"""ImageNet training, after timm's train.py."""

import argparse

import torch
from timm.models import create_model
from timm.utils import *

parser = argparse.ArgumentParser()
parser.add_argument("data")
parser.add_argument("--model", default="van_b0")
parser.add_argument("-b", "--batch-size", type=int, default=128)
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

random_seed(args.seed, 0)
model = create_model(args.model, num_classes=1000)
optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
loss_fn = torch.nn.CrossEntropyLoss()
for step in range(100):
    x, y = torch.randn(args.batch_size, 3, 224, 224), torch.randint(0, 1000, (args.batch_size,))
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
