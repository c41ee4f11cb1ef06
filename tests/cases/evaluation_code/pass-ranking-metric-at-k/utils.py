import numpy as np


def scores(weights, k):
    top = np.argsort(-weights.sum(1))[:k]
    hits = np.isin(top, np.arange(5))
    return hits.mean(), (hits / np.log2(np.arange(2, k + 2))).sum()
