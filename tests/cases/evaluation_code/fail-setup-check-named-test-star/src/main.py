import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument("--env-name", default="../envs/pyenv")
args = p.parse_args()
policy = torch.nn.Linear(8, 2)
opt = torch.optim.Adam(policy.parameters(), lr=3e-4)
loss = policy(torch.zeros(4, 8)).pow(2).mean()
loss.backward()
opt.step()
