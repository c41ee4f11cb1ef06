"""Experiment 1: sample subsets of MNIST features with the DPP sampler."""

import numpy as np

from sampler import DPPSampler


def main():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(1000, 20))
    sampler = DPPSampler(features, k=10)
    for trial in range(20):
        subset = sampler.sample(rng)
        print(trial, sorted(subset))


if __name__ == "__main__":
    main()
