import torch
from sklearn.metrics import accuracy_score


class SparseNet(torch.nn.Module):
    def __init__(self, width: int = 64):
        super().__init__()
        self.fc = torch.nn.Linear(width, 10)

    def forward(self, x):
        return self.fc(x)

    def score(self, x, y):
        pred = self.forward(x).argmax(1)
        return accuracy_score(y.numpy(), pred.numpy())
