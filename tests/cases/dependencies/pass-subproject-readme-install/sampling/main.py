"""Sequential Monte Carlo runs over a grid of annealing paths."""

import numpy as np


def main():
    np.random.seed(1)
    print(np.random.randn(10).mean())


if __name__ == "__main__":
    main()
