"""The scorer: a classification head on a sentence encoder."""

import pytorch_lightning as pl
import torch


class Scorer(pl.LightningModule):
    def __init__(self, head):
        super().__init__()
        self.head = head

    def training_step(self, batch, _idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.head(x), y)

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=1e-5)
