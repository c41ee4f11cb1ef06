"""Metrics for the classifier (not wired to any script yet)."""

import torch
from sklearn.metrics import accuracy_score, f1_score


def evaluate(net: torch.nn.Module, loader) -> dict[str, float]:
    net.eval()
    preds, labels = [], []
    with torch.no_grad():
        for x, y in loader:
            preds += net(x).argmax(1).tolist()
            labels += y.tolist()
    return {"accuracy": accuracy_score(labels, preds), "macro_f1": f1_score(labels, preds, average="macro")}
