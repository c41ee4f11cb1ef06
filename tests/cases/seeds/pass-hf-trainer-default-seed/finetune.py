import random

from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments


def main():
    data = load_dataset("imdb")
    rows = list(range(100))
    random.shuffle(rows)  # drawn after the trainer seeds Python random
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
    args = TrainingArguments(output_dir="out", num_train_epochs=1)  # seed defaults to 42
    trainer = Trainer(model=model, args=args, train_dataset=data["train"])
    trainer.train()


if __name__ == "__main__":
    main()
