import time

import jax
import jax.numpy as jnp
import optax


def fit(rng, steps=1000):
    params = jax.random.normal(rng, (784, 10))
    opt = optax.adam(1e-3)
    state = opt.init(params)
    for _ in range(steps):
        rng, batch_rng = jax.random.split(rng)
        x = jax.random.normal(batch_rng, (32, 784))
        grads = jax.grad(lambda p: jnp.mean((x @ p) ** 2))(params)
        updates, state = opt.update(grads, state)
        params = optax.apply_updates(params, updates)
    return params


if __name__ == "__main__":
    fit(jax.random.PRNGKey(int(time.time())))  # a new key every run
