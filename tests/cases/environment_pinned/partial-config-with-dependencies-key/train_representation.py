import argparse

import numpy as np
import torch
import yaml

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    cfg = yaml.safe_load(open(ap.parse_args().config))
    np.random.seed(0)
    torch.manual_seed(0)
    net = torch.nn.Linear(16, 4)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(10):
        loss = net(torch.randn(cfg["batch_size"], 16)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
