"""Train the U-Net diffusion policy."""

import random

import hydra
import numpy as np
import torch
from policy.workspace.base_workspace import BaseWorkspace


class TrainUnetWorkspace(BaseWorkspace):
    def __init__(self, cfg):
        super().__init__(cfg)
        seed = cfg.training.seed
        torch.manual_seed(seed)
        np.random.seed(seed)
        random.seed(seed)
        self.model = torch.nn.Linear(16, 2)
        self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=1e-4)

    def run(self):
        for _epoch in range(100):
            noise = torch.randn(64, 16)
            loss = self.model(noise).pow(2).mean()
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad()


@hydra.main(version_base=None, config_path="../config", config_name="train_unet_workspace")
def main(cfg):
    TrainUnetWorkspace(cfg).run()


if __name__ == "__main__":
    main()
