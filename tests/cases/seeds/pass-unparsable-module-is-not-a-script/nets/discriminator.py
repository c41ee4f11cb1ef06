"""The adversarial critic used in training (training code is not released yet)."""

import torch
from torch import nn

default_init = nn.init.xavier_uniform_


def spectral(module):
    return nn.utils.spectral_norm(module)


class Critic(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.conv = spectral(nn.Conv2d(3, width, 3))
        self.head = nn.Linear(width, 1)

    def forward(self, x):
        jitter = torch.rand(x.shape[0], 1)
        return self.head(self.conv(x).mean((2, 3))) + jitter


def gradient_penalty
