import numpy as np
import torch


def batches(split, n=64, dim=128):
    rows = np.load(f"data/{split}.npy")
    for i in range(0, len(rows), n):
        chunk = torch.as_tensor(rows[i : i + n], dtype=torch.float32)
        yield chunk[:, :dim], chunk[:, dim].long()
