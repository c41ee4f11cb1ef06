import numpy as np
import torch


def run(args):
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = torch.nn.Linear(10, 2)
    anchor = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(args.rounds):
        for _c in np.random.permutation(100)[:10]:
            prox = sum((p - a).pow(2).sum() for p, a in zip(model.parameters(), anchor))
            loss = model(torch.randn(8, 10)).pow(2).mean() + 0.01 * prox
            opt.zero_grad()
            loss.backward()
            opt.step()
