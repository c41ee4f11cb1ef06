"""Helpers for the low-rank approximation experiments."""

import numpy as np


def random_matrices(n: int, seed: int):
    np.random.seed(seed)
    return np.random.randn(n, n), np.random.randn(n, n)


def approximation_error(n: int, rank: int, seed: int = 42) -> float:
    a, b = random_matrices(n, seed=seed)
    u, s, vt = np.linalg.svd(a @ b)
    approx = (u[:, :rank] * s[:rank]) @ vt[:rank]
    return float(np.linalg.norm(a @ b - approx) / np.linalg.norm(a @ b))
