"""Train the graph encoder with a contrastive loss, then probe the embeddings."""

import argparse
import os.path as osp

import torch
from torch_geometric.datasets import CitationFull, Planetoid


def get_dataset(path, name):
    return (CitationFull if name == "dblp" else Planetoid)(path, name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", type=str, default="Cora")
    args = parser.parse_args()
    torch.manual_seed(39788)
    data = get_dataset(osp.join(osp.expanduser("~"), "datasets", args.dataset), args.dataset)[0]
    encoder = torch.nn.Linear(data.num_features, 128)
    optimizer = torch.optim.Adam(encoder.parameters(), lr=5e-4)
    for _epoch in range(200):
        loss = encoder(data.x).pow(2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


if __name__ == "__main__":
    main()
