"""Sequences of digits whose running sum is the target."""

import numpy as np
import torch


class SequenceDataset:
    def __init__(self, seed=None):
        self._rng = np.random.RandomState(seed)

    def fork(self, length=10, seed=None):
        rng = np.random.RandomState(self._rng.randint(0, 2**32 - 1) if seed is None else seed)
        return SequenceFork(length, rng)


class SequenceFork(torch.utils.data.Dataset):
    def __init__(self, length, rng):
        self.length = length
        self.rng = rng

    def __len__(self):
        return 1000

    def __getitem__(self, index):
        x = self.rng.uniform(0, 1, size=(self.length, 1)).astype("float32")
        return torch.tensor(x), torch.tensor(x.sum(0))
