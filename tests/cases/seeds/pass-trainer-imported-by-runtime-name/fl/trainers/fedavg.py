import numpy as np
import torch


def run(args):
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = torch.nn.Linear(10, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(args.rounds):
        clients = np.random.choice(100, size=10, replace=False)
        for _c in clients:
            loss = model(torch.randn(8, 10)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
