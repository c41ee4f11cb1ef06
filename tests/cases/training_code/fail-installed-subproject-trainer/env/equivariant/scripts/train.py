import torch

from equivariant.layers import EquivariantBlock

if __name__ == "__main__":
    block = EquivariantBlock()
    opt = torch.optim.Adam(block.parameters(), lr=1e-3)
    for _ in range(100):
        loss = block(torch.randn(16, 32)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
