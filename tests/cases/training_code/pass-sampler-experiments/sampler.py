import numpy as np


class DPPSampler:
    def __init__(self, features, k):
        self.kernel = features @ features.T
        self.k = k

    def sample(self, rng):
        vals, vecs = np.linalg.eigh(self.kernel)
        keep = rng.random(len(vals)) < vals / (vals + 1)
        return list(np.argsort(-np.abs(vecs[:, keep]).sum(1))[: self.k])
