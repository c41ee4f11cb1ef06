import jax
import jax.numpy as jnp
import optax
from torch.utils.data import DataLoader

from data import GridSamples


def fit(seed=0, steps=500):
    key = jax.random.PRNGKey(seed)
    key, init_key = jax.random.split(key)
    params = jax.random.normal(init_key, (2, 16))
    points = GridSamples(jnp.linspace(0.0, 1.0, 64).reshape(32, 2))
    loader = DataLoader(points, batch_size=8, shuffle=True)
    opt = optax.adam(1e-3)
    state = opt.init(params)
    for _ in range(steps):
        x = next(iter(loader))
        grads = jax.grad(lambda p: jnp.mean((x @ p) ** 2))(params)
        updates, state = opt.update(grads, state)
        params = optax.apply_updates(params, updates)
    return params


if __name__ == "__main__":
    fit()
