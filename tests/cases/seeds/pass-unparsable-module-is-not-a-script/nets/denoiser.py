"""The denoising network."""

import torch
from torch import nn


def noise_like(x):
    return torch.randn_like(x)


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = nn.Conv2d(width, width, 3, padding=1)

    def forward(self, x):
        return self.conv(x) + 0.1 * noise_like(x)


class Denoiser(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(Block(3), Block(3))

    def forward(self, x):
        return self.blocks(x)



