import argparse
import json

from transformers import AutoModelForCausalLM, AutoTokenizer

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--output_file", required=True)
    args = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(args.model)
    lm = AutoModelForCausalLM.from_pretrained(args.model)
    with open(args.data) as fh, open(args.output_file, "w") as out:
        for line in fh:
            row = json.loads(line)
            ids = tok(row["question"], return_tensors="pt").input_ids
            text = tok.decode(lm.generate(ids, max_new_tokens=256)[0])
            out.write(json.dumps({**row, "output": text}) + "\n")
