import argparse
import glob
import json

from dg import algorithms


def load_records(path):
    out = []
    for name in glob.glob(f"{path}/*/results.jsonl"):
        with open(name) as f:
            out += [json.loads(line) for line in f]
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--input_dir", required=True)
    records = load_records(ap.parse_args().input_dir)
    for name in algorithms.ALGORITHMS:
        accs = [r["acc"] for r in records if r["algorithm"] == name]
        algo = algorithms.Mixup()
        print(name, sum(accs) / max(len(accs), 1), type(algo).__name__)
