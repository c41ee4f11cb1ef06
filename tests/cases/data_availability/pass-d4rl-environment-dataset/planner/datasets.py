"""Trajectories of the offline benchmarks, with episode boundaries kept."""

import gym
import numpy as np


def load_environment(name):
    import d4rl  # noqa: F401  (registers the offline environments with gym)

    return gym.make(name)


def trajectories(env, terminate_on_end=False):
    dataset = env.get_dataset()
    ends = np.logical_or(dataset["terminals"], dataset["timeouts"])
    return np.split(dataset["observations"], np.nonzero(ends)[0] + 1)
