import numpy as np
import scipy.io


def load():
    ref = scipy.io.loadmat("data/wave_ref.mat")
    return ref["t"], ref["x"], ref["u"]


def train(steps=1000):
    t, x, u = load()
    w = np.zeros(3)
    for _ in range(steps):
        grad = np.mean((w[0] * t + w[1] * x + w[2] - u) * np.stack([t, x, np.ones_like(t)]), axis=(1, 2))
        w -= 1e-3 * grad
    err = np.linalg.norm(w[0] * t + w[1] * x + w[2] - u) / np.linalg.norm(u)
    print("relative L2 error", err)


if __name__ == "__main__":
    train()
