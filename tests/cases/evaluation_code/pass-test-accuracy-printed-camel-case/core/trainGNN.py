import sys

import pandas as pd
import torch


def run(name):
    accs = []
    for seed in range(4):
        torch.manual_seed(seed)
        model = torch.nn.Linear(128, 40)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        x, y = torch.randn(256, 128), torch.randint(0, 40, (256,))
        for epoch in range(200):
            loss = torch.nn.functional.cross_entropy(model(x[:200]), y[:200])
            opt.zero_grad()
            loss.backward()
            opt.step()
        pred = model(x).argmax(1)
        accs.append({"val_acc": (pred[200:228] == y[200:228]).float().mean().item(),
                     "test_acc": (pred[228:] == y[228:]).float().mean().item()})  # fmt: skip
    df = pd.DataFrame(accs)
    print(f"[{name}] ValACC: {df['val_acc'].mean():.4f}, TestAcc: {df['test_acc'].mean():.4f}")


if __name__ == "__main__":
    run(sys.argv[-1])
