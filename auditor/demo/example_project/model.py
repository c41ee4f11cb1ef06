"""A prototype network: class scores are negative distances to learned prototypes."""

import torch
from torch import nn


class ProtoNet(nn.Module):
    def __init__(self, in_dim: int, n_classes: int, per_class: int = 4, hidden: int = 64):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(in_dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden)
        )
        self.prototypes = nn.Parameter(torch.randn(n_classes * per_class, hidden))
        self.n_classes = n_classes
        self.per_class = per_class

    def forward(self, x):
        z = self.encoder(x)
        d = torch.cdist(z, self.prototypes)
        return -d.view(len(x), self.n_classes, self.per_class).min(dim=2).values
