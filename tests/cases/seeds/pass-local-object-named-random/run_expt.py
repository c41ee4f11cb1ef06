import argparse

import torch
from data.folds import get_fold
from utils import set_seed

parser = argparse.ArgumentParser()
parser.add_argument("-s", "--shift_type")
parser.add_argument("-d", "--dataset")
parser.add_argument("-t", "--target_name")
parser.add_argument("-c", "--confounder_names")
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--n_epochs", type=int, default=50)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
set_seed(args.seed)

data = torch.randn(1000, 16)
train_idx, val_idx = get_fold(data, args.seed)
model = torch.nn.Linear(16, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(args.n_epochs):
    loss = model(data[train_idx]).logsumexp(1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
