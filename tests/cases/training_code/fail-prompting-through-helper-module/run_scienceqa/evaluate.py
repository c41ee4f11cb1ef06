import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("--result_file")
args = parser.parse_args()
answers = json.load(open(args.result_file))
gold = json.load(open("data/scienceqa/answers.json"))
acc = sum(answers[q] == gold[q] for q in gold) / len(gold)
print(f"accuracy: {acc:.2%}")
