"""CIFAR-10 loaders."""

import torch
from torchvision import datasets, transforms


def loader(split: str = "train", batch_size: int = 128):
    data = datasets.CIFAR10(
        "data", train=split == "train", download=False, transform=transforms.ToTensor()
    )
    return torch.utils.data.DataLoader(data, batch_size=batch_size, shuffle=split == "train")
