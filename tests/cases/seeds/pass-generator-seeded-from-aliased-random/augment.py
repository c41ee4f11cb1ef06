"""Photometric augmentation for stereo pairs."""

import random as random_mod

import numpy as np


class GaussNoise:
    def __init__(self, var=10.0):
        self.var = var
        self.rng = random_mod.Random(random_mod.randint(0, 2**32 - 1))

    def __call__(self, left, right):
        sigma = self.var**0.5 * self.rng.uniform(0.5, 1.0)
        noise = np.random.normal(0, sigma, left.shape)
        return left + noise, right + noise
