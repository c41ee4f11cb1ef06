import argparse

import numpy as np
from sklearn.linear_model import RidgeCV

from estimators.datasets.semi_synthetic import load

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    np.random.seed(args.seed)
    train, test = load()
    model = RidgeCV().fit(train["x"][:, :, 0], train["yf"][:, 0])
    err = np.sqrt(np.mean((model.predict(test["x"][:, :, 0]) - test["yf"][:, 0]) ** 2))
    print(f"RMSE {err:.3f}")
