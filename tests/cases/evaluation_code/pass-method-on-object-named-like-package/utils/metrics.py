import numpy as np


def metric(pred, true):
    return np.mean(np.abs(pred - true)), np.mean((pred - true) ** 2)
