import argparse
import random

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, TrainingArguments

from trainer import ZOTrainer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", default="SST2")
    ap.add_argument("--learning_rate", type=float, default=1e-6)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = AutoModelForSequenceClassification.from_pretrained("roberta-large")
    targs = TrainingArguments("out", learning_rate=args.learning_rate, seed=args.seed)
    ZOTrainer(model=model, args=targs).train()


if __name__ == "__main__":
    main()
