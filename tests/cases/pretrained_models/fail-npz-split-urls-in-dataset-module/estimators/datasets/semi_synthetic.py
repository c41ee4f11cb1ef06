"""The semi-synthetic benchmark, downloaded on first use."""

import os
import urllib.request

import numpy as np

TRAIN_URL = "https://example.org/files/semisynth_1-100.train.npz"
TEST_URL = "https://example.org/files/semisynth_1-100.test.npz"


def load(root="data"):
    os.makedirs(root, exist_ok=True)
    out = []
    for url in (TRAIN_URL, TEST_URL):
        path = os.path.join(root, url.rsplit("/", 1)[-1])
        if not os.path.exists(path):
            urllib.request.urlretrieve(url, path)
        out.append(dict(np.load(path)))
    return out
