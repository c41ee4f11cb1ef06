"""Chat with a Chorus model in the terminal."""

import argparse

from transformers import AutoModelForCausalLM, AutoTokenizer

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="chorus-7b")
    args = parser.parse_args()
    tokenizer = AutoTokenizer.from_pretrained(f"checkpoints/{args.model}")
    model = AutoModelForCausalLM.from_pretrained(f"checkpoints/{args.model}")
    while True:
        ids = tokenizer(input("> "), return_tensors="pt").input_ids
        print(tokenizer.decode(model.generate(ids, max_new_tokens=128)[0]))
