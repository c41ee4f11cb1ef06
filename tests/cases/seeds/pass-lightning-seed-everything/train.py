import numpy as np
import pytorch_lightning as pl
import torch


class Net(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)

    def training_step(self, batch, idx):
        noise = torch.randn_like(batch) * np.random.uniform()
        return self.layer(batch + noise).mean()


if __name__ == "__main__":
    pl.seed_everything(1234)
    trainer = pl.Trainer(max_epochs=1)
    trainer.fit(Net())
