import argparse
import json
import re
from collections import defaultdict


def last_number(text):
    found = re.findall(r"-?\d+(?:\.\d+)?", text)
    return float(found[-1]) if found else None


parser = argparse.ArgumentParser()
parser.add_argument("--input_file", type=str)
args = parser.parse_args()

results = defaultdict(list)
with open(args.input_file) as fh:
    for line in fh:
        row = json.loads(line)
        pred = last_number(row["output"])
        results[row["type"]].append(pred is not None and pred == float(row["answer"]))

for task, hits in results.items():
    acc = sum(hits) / len(hits)
    print(f"{task} length====", len(hits), f", {task} acc====", acc)
