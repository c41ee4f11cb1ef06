"""The skill-conditioned policy and its update."""

import numpy as np
import torch


class Learner:
    def __init__(self, dim):
        self.net = torch.nn.Linear(dim, dim)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-4)
        self.dim = dim

    def train(self, n_epochs):
        for _ in range(n_epochs):
            skill = np.random.randn(self.dim).astype("float32")
            obs = torch.randn(16, self.dim)
            loss = (self.net(obs) - torch.from_numpy(skill)).pow(2).mean()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
