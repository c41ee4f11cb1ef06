import argparse
import json
import random

from model import solver

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="chameleon")
parser.add_argument("--label", default="run")
parser.add_argument("--policy_engine", default="gpt-3.5-turbo")
args = parser.parse_args()
random.seed(0)
agent = solver(args.policy_engine)
questions = json.load(open("data/scienceqa/problems.json"))
answers = {qid: agent.predict(q["question"]) for qid, q in questions.items()}
json.dump(answers, open(f"results/{args.label}.json", "w"))
