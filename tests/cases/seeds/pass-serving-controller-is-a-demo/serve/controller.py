import argparse

import numpy as np


class Controller:
    def __init__(self):
        self.workers = {}

    def pick_worker(self):
        names = list(self.workers)
        speeds = np.array([self.workers[n] for n in names], dtype=float)
        return names[np.random.choice(len(names), p=speeds / speeds.sum())]


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.parse_args()
    Controller()
