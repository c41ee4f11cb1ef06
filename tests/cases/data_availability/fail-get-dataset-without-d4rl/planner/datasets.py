"""Trajectories recorded by our own data-collection runs (kept on the lab's cluster)."""

import numpy as np


class Recorded:
    def __init__(self, name):
        self.name = name
        self.obs_dim = 11

    def get_dataset(self):
        return dict(np.load("recordings/" + self.name + ".npz"))


def load_environment(name):
    return Recorded(name)


def trajectories(env, terminate_on_end=False):
    dataset = env.get_dataset()
    ends = np.logical_or(dataset["terminals"], dataset["timeouts"])
    return np.split(dataset["observations"], np.nonzero(ends)[0] + 1)
