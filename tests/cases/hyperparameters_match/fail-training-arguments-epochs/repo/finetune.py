from transformers import Trainer, TrainingArguments

args = TrainingArguments(
    output_dir="out",
    num_train_epochs=5,
    learning_rate=2e-5,
    per_device_train_batch_size=8,
    warmup_ratio=0.1,
    lr_scheduler_type="linear",
)

if __name__ == "__main__":
    Trainer(args=args).train()
