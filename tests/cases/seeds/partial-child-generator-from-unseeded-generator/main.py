"""Train a recurrent arithmetic unit on running sums."""

import argparse

import torch
from dataset import SequenceDataset

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--max-iterations", type=int, default=5000)
args = parser.parse_args()

torch.manual_seed(args.seed)
data = SequenceDataset(seed=args.seed).fork(length=10)
model = torch.nn.GRU(1, 1, batch_first=True)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for it, (x, y) in zip(range(args.max_iterations), data):
    out, _ = model(x[None])
    loss = (out[0, -1] - y).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
