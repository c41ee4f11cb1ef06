"""Fine-tune a forecasting model with the seed its config gives."""

import sys

import torch
import transformers
import yaml


def main(config_path):
    config = yaml.safe_load(open(config_path))
    seed = config["seed"]
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
