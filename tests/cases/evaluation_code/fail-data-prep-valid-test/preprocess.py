"""Encode a text file as a flat array of bytes."""

import argparse

import numpy as np

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    with open(args.input, "rb") as fh:
        data = np.frombuffer(fh.read(), dtype=np.uint8)
    data.tofile(args.output)
