import numpy as np
import torch


class Encoder(torch.nn.Module):
    def __init__(self, dim: int = 8) -> None:
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)

    def forward(self, x):
        return self.proj(x)


def load_tf_weights(model, path):
    """Convert an original TensorFlow checkpoint (optional)."""
    import tensorflow as tf

    for name, _shape in tf.train.list_variables(path):
        array = tf.train.load_variable(path, name)
        model.proj.weight.data = torch.from_numpy(np.asarray(array))
    return model
