import jax.numpy as jnp
from torch.utils.data import Dataset


class GridSamples(Dataset):
    """Fixed collocation points; the sampling below is done with JAX keys."""

    def __init__(self, grid):
        self.grid = jnp.asarray(grid)

    def __len__(self):
        return len(self.grid)

    def __getitem__(self, i):
        return self.grid[i]
