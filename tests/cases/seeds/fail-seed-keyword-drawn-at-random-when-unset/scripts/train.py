"""Fine-tune a forecasting model; without a seed in the config one is drawn at random."""

import random
import sys

import torch
import transformers
import yaml


def main(config_path, seed=None):
    config = yaml.safe_load(open(config_path))
    if seed is None:
        seed = random.randint(0, 2**32)
    transformers.set_seed(seed=seed)
    model = torch.nn.Linear(config["context"], config["horizon"])
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"])
    x = torch.randn(32, config["context"])
    for _ in range(config["steps"]):
        loss = model(x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main(sys.argv[1])
