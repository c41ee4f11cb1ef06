"""Datasets come from scikit-learn, so no download is needed."""

from sklearn.datasets import load_iris, load_wine
from sklearn.model_selection import train_test_split

LOADERS = {"wine": load_wine, "iris": load_iris}


def load_split(name: str, seed: int):
    x, y = LOADERS[name](return_X_y=True)
    return train_test_split(x, y, test_size=0.3, random_state=seed, stratify=y)
