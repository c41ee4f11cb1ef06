"""Answer one question with the released Chorus model."""

import argparse

from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "chorus-lab/chorus-7b"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--question", required=True)
    args = parser.parse_args()
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained("chorus-lab/chorus-7b")
    ids = tokenizer(args.question, return_tensors="pt").input_ids
    print(tokenizer.decode(model.generate(ids, max_new_tokens=64)[0]))


if __name__ == "__main__":
    main()
