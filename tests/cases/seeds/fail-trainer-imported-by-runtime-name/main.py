import argparse
import importlib

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--algorithm", default="scaffold")
    args = ap.parse_args()
    algorithm = importlib.import_module(f"fl.algorithms.{args.algorithm}")
    algorithm.run(rounds=50)
