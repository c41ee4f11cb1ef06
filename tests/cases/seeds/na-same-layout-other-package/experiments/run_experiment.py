"""Reproduces the approximation errors of the paper's table 2."""

from matmul.experiments import utils


def main():
    for rank in (8, 16, 32):
        print(rank, utils.approximation_error(256, rank))


if __name__ == "__main__":
    main()
