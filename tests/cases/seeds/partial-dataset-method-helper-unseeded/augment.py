"""Text augmentation for the contrastive pairs."""

import numpy as np
from torch.utils.data import Dataset


def mask_span(sentence, mask_len):
    """Replace a random span of the sentence with [MASK]."""
    if len(sentence) <= mask_len:
        return sentence
    start = np.random.randint(len(sentence) - mask_len)
    return sentence[:start] + "[MASK]" + sentence[start + mask_len :]


class PairDataset(Dataset):
    def __init__(self, path, mask_len):
        with open(path) as fh:
            self.lines = [line.strip() for line in fh]
        self.mask_len = mask_len

    def __getitem__(self, idx):
        text = self.lines[idx]
        return text, mask_span(text, self.mask_len)

    def __len__(self):
        return len(self.lines)
