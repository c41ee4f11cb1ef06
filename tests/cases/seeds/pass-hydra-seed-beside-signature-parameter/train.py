import random

import hydra
import numpy as np
import torch
from env import make_env


def seed_everything(random_seed: int):
    np.random.seed(random_seed)
    torch.manual_seed(random_seed)
    random.seed(random_seed)


@hydra.main(config_path="configs", config_name="train", version_base="1.2")
def main(cfg):
    seed_everything(cfg.seed)
    env = make_env("kitchen", seed=cfg.seed)
    data = torch.utils.data.TensorDataset(torch.randn(512, 8), torch.randn(512, 2))
    loader = torch.utils.data.DataLoader(data, batch_size=cfg.batch_size, shuffle=True)
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for epoch in range(cfg.epochs):
        for x, y in loader:
            loss = (model(x) - y).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return env


if __name__ == "__main__":
    main()
