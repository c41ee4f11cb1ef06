import argparse

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np


class GNS(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(3)(nn.relu(nn.Dense(128)(x)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="datasets/water.h5")
    args = ap.parse_args()
    key = jax.random.PRNGKey(0)
    params = GNS().init(key, jnp.zeros((1, 6)))
    print(args.data, jax.tree_util.tree_map(np.shape, params))


if __name__ == "__main__":
    main()
