import jax
import optax
import tensorflow as tf


def main():
    key = jax.random.PRNGKey(0)
    params = jax.random.normal(key, (3,))
    data = tf.data.Dataset.range(100).shuffle(1000)  # the input pipeline is unseeded
    opt = optax.adam(1e-3)
    state = opt.init(params)
    for batch in data.batch(8):
        grads = jax.grad(lambda p: (p ** 2).sum())(params)
        updates, state = opt.update(grads, state)
        params = optax.apply_updates(params, updates)


if __name__ == "__main__":
    main()
