"""The forecasting model as a LightningModule."""

import pytorch_lightning as pl
import torch


class ForecastModule(pl.LightningModule):
    def __init__(self, width: int = 128, lr: float = 5e-4):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(48, width), torch.nn.GELU(), torch.nn.Linear(width, 48))
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def test_step(self, batch, batch_idx):
        x, y = batch
        rmse = torch.sqrt(torch.mean((self.net(x) - y) ** 2))
        self.log("test/rmse", rmse)

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=self.lr)
