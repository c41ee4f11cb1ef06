"""Photometric augmentation for stereo pairs."""

import random

import numpy as np


class GaussNoise:
    def __init__(self, var=10.0):
        self.var = var

    def __call__(self, left, right):
        random_state = np.random.RandomState(random.randint(0, 2**32 - 1))
        noise = random_state.normal(0, self.var**0.5, left.shape)
        return left + noise, right + noise
