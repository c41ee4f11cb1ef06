import torch.nn as nn


class EquivariantBlock(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.lin = nn.Linear(dim, dim)

    def forward(self, x):
        return self.lin(x)
