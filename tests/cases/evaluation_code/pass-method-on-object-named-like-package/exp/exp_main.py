import numpy as np
import torch

from utils.metrics import metric


class Exp_Main:
    def __init__(self, args):
        self.args = args
        self.model = torch.nn.Linear(4, 1)

    def train(self, setting):
        opt = torch.optim.Adam(self.model.parameters())
        x = torch.ones(8, 4)
        loss = self.model(x).pow(2).mean()
        loss.backward()
        opt.step()

    def test(self, setting):
        preds = self.model(torch.ones(8, 4)).detach().numpy()
        trues = np.zeros_like(preds)
        mae, mse = metric(preds, trues)
        print("mse:{}, mae:{}".format(mse, mae))
