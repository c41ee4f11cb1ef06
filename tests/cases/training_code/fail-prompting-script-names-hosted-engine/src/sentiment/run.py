import json
import sys

from src.sentiment.task import Rewrite

ENGINE = "gpt-4"  # also tried: "text-davinci-003"


def refine(review: str, rounds: int) -> str:
    rewrite = Rewrite(engine=ENGINE)
    for _ in range(rounds):
        review = rewrite(review)
    return review


if __name__ == "__main__":
    path, rounds = sys.argv[1], int(sys.argv[2])
    rows = [json.loads(line) for line in open(path)]
    out = [refine(r["text"], rounds) for r in rows]
    json.dump(out, open("outputs.json", "w"))
