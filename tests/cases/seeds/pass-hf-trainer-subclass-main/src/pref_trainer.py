"""The preference-optimisation loss on top of the Hugging Face Trainer."""

import torch
from transformers import Trainer


class PrefTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False):
        chosen = model(**inputs["chosen"]).logits
        rejected = model(**inputs["rejected"]).logits
        loss = -torch.nn.functional.logsigmoid(chosen.mean() - rejected.mean())
        return (loss, chosen) if return_outputs else loss
