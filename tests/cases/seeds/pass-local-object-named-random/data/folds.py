import numpy as np


def get_fold(dataset, seed, ratio=0.2):
    random = np.random.RandomState(seed)
    indices = list(range(len(dataset)))
    random.shuffle(indices)
    cut = int(len(indices) * ratio)
    return indices[cut:], indices[:cut]
