import jax
import numpy as np
from absl import app, flags

FLAGS = flags.FLAGS
flags.DEFINE_integer('seed', 42, 'Random seed.')
flags.DEFINE_integer('steps', 1000, 'Training steps.')


def main(_):
    key = jax.random.PRNGKey(FLAGS.seed)
    params = jax.random.normal(key, (4, 4))
    for _ in range(FLAGS.steps):
        key, sub = jax.random.split(key)
        params = params - 0.01 * jax.random.normal(sub, (4, 4))


if __name__ == '__main__':
    app.run(main)
