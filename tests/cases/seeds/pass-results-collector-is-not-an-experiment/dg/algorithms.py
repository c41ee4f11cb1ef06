import numpy as np
import torch

ALGORITHMS = ["ERM", "Mixup"]


class Mixup(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(8, 2)
        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)

    def update(self, x, y):
        lam = np.random.beta(0.2, 0.2)
        loss = torch.nn.functional.cross_entropy(self.net(lam * x), y)
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item()


def get_algorithm_class(name):
    return {"Mixup": Mixup}[name]
