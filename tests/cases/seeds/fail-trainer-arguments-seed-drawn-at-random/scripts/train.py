"""Fine-tune T5 on time series; a seed is drawn at random when none is given."""

import random
import sys
from typing import Optional

import transformers
from transformers import AutoModelForSeq2SeqLM, Trainer, TrainingArguments


def main(config: str, seed: Optional[int] = None):
    if seed is None:
        seed = random.randint(0, 2**32)
    transformers.set_seed(seed=seed)
    model = AutoModelForSeq2SeqLM.from_pretrained("google/t5-efficient-small")
    training_args = TrainingArguments(
        output_dir="output",
        per_device_train_batch_size=32,
        learning_rate=1e-3,
        max_steps=200_000,
        seed=seed,
    )
    trainer = Trainer(model=model, args=training_args, train_dataset=[])
    trainer.train()


if __name__ == "__main__":
    main(sys.argv[1])
