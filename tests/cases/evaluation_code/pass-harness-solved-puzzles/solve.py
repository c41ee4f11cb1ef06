"""Run the trained reasoner on the held-out puzzles and score its answers."""

import argparse
import json

import torch
from reasoner import Reasoner


def is_solved(answer: str, puzzle: dict) -> bool:
    return answer.strip() == puzzle["solution"].strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--puzzles", default="data/heldout.jsonl")
    args = parser.parse_args()
    model = Reasoner.load(args.checkpoint)
    with open(args.puzzles, encoding="utf-8") as fh:
        puzzles = [json.loads(line) for line in fh]
    solved = 0
    for puzzle in puzzles:
        with torch.no_grad():
            answer = model.search(puzzle["prompt"], budget=64)
        solved += is_solved(answer, puzzle)
    print(f"solved {solved}/{len(puzzles)} test puzzles ({100.0 * solved / len(puzzles):.1f}%)")


if __name__ == "__main__":
    main()
