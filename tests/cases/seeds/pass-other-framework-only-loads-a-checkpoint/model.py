"""The interaction network, and loading weights of the TensorFlow release."""

try:
    import tensorflow as tf
except ImportError:
    tf = None

import torch


class InteractionNet(torch.nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.embed = torch.nn.Embedding(10, hidden)
        self.out = torch.nn.Linear(hidden, 1)

    def forward(self, z):
        return self.out(self.embed(z)).sum(1)

    def load_tfmodel(self, path):
        reader = tf.train.load_checkpoint(path)
        for name, param in self.named_parameters():
            param.data = torch.tensor(reader.get_tensor(name))
