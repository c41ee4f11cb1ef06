import argparse

import torch
import yaml

parser = argparse.ArgumentParser()
parser.add_argument("--config", required=True)

if __name__ == "__main__":
    cfg = yaml.safe_load(open(parser.parse_args().config))
    model = torch.nn.Linear(4, 4)
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    for epoch in range(cfg["epochs"]):
        x = torch.randn(cfg["batch_size"], 4)
        loss = model(x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
