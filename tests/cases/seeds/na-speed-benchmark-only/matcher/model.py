"""The matcher network (weights are loaded from the release)."""

import torch


class Matcher(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(256, 256)

    def forward(self, desc0, desc1):
        return self.proj(desc0) @ self.proj(desc1).transpose(-1, -2)
