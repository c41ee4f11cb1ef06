"""Update rules that wrap an optimizer: a sharpness-aware step in two halves."""

import torch


class Sharp:
    def __init__(self, optimizer, model, rho=0.5):
        self.optimizer = optimizer
        self.model = model
        self.rho = rho
        self.saved = {}

    @torch.no_grad()
    def ascent(self):
        for n, p in self.model.named_parameters():
            if p.grad is None:
                continue
            self.saved[n] = p.data.clone()
            p.add_(self.rho * p.grad / (p.grad.norm() + 1e-12))
        self.optimizer.zero_grad()

    @torch.no_grad()
    def descent(self):
        for n, p in self.model.named_parameters():
            if n in self.saved:
                p.data = self.saved[n]
        self.optimizer.step()
        self.optimizer.zero_grad()


class Plain(Sharp):
    def ascent(self):
        pass
