"""Ask, critique, revise: the prompting loop of the paper, run through the API."""

import argparse
import json

from openai import OpenAI

CRITIQUE = "Check the answer above step by step and fix any mistake."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    client = OpenAI()
    answers = []
    with open(args.questions, encoding="utf-8") as fh:
        for line in fh:
            messages = [{"role": "user", "content": json.loads(line)["question"]}]
            for _round in range(args.rounds):
                reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
                messages.append({"role": "assistant", "content": reply.choices[0].message.content})
                messages.append({"role": "user", "content": CRITIQUE})
            answers.append(messages[-2]["content"])
    with open("answers.json", "w", encoding="utf-8") as fh:
        json.dump(answers, fh, indent=1)


if __name__ == "__main__":
    main()
