"""Compress or decompress an audio file with the released model."""

import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args()
    print(f"compressing {args.input} to {args.output}")


if __name__ == "__main__":
    main()
