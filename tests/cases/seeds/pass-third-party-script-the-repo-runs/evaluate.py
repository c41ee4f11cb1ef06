import argparse
import json
import os

p = argparse.ArgumentParser()
p.add_argument("--prediction_folder")
p.add_argument("--label_folder")
a = p.parse_args()
pred = json.load(open(os.path.join(a.prediction_folder, "xnli.json")))
gold = json.load(open(os.path.join(a.label_folder, "xnli.json")))
print("accuracy", sum(x == y for x, y in zip(pred, gold)) / len(gold))
