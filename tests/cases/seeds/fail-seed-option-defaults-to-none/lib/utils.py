import torch


def set_random_seed(seed):
    torch.manual_seed(seed)
