"""The multi-scale STFT discriminator used in training (reference code)."""

import torch


class Discriminator(torch.nn.Module):
    def __init__(self, filters=32):
        super().__init__()
        self.conv = torch.nn.Conv1d(1, filters, 3)

    def forward(self, x):
        return self.conv(x)


def test():
    disc = Discriminator()
    y = torch.randn(1, 1, 24000)
    out = disc(y)
    assert out.shape[1] == 32
    print("ok")


if __name__ == "__main__":
    test()
