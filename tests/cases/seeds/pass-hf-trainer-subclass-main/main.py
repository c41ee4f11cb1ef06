"""Fine-tune a causal language model with the preference loss."""

import argparse

from src.pref_trainer import PrefTrainer
from transformers import AutoModelForCausalLM, TrainingArguments, set_seed


class Runner:
    def __init__(self, args):
        self.model = AutoModelForCausalLM.from_pretrained("facebook/opt-350m")
        self.args = args

    def run(self):
        training_args = TrainingArguments(
            output_dir="out", learning_rate=self.args.lr, num_train_epochs=self.args.epoch
        )
        self.trainer = PrefTrainer(model=self.model, args=training_args)
        self.trainer.train()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=8e-6)
    parser.add_argument("--epoch", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    set_seed(args.seed)
    Runner(args).run()
