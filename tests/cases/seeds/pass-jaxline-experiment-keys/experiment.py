"""A small classifier trained as a jaxline experiment."""

import functools

import haiku as hk
import jax
import jax.numpy as jnp
import optax
from absl import app, flags
from jaxline import base_config
from jaxline import experiment
from jaxline import platform
from ml_collections import config_dict


def get_config():
    config = base_config.get_base_config()
    config.training_steps = 1000
    config.experiment_kwargs = config_dict.ConfigDict(dict(config=dict(lr=1e-3, dropout=0.1)))
    return config


def _net(x, rng, rate):
    h = hk.Linear(128)(x)
    h = hk.dropout(rng, rate, jax.nn.relu(h))
    return hk.Linear(10)(h)


class Experiment(experiment.AbstractExperiment):
    def __init__(self, mode, init_rng, config):
        super().__init__(mode=mode, init_rng=init_rng)
        self._config = config
        self._net = hk.transform(functools.partial(_net, rate=config.dropout))
        self._opt = optax.adam(config.lr)
        x = jnp.zeros((1, 784))
        self._params = self._net.init(init_rng, x, init_rng)
        self._state = self._opt.init(self._params)

    def step(self, global_step, rng, *unused_args, **unused_kwargs):
        drop_rng, batch_rng = jax.random.split(rng)
        x = jax.random.normal(batch_rng, (32, 784))
        y = jnp.zeros((32,), dtype=jnp.int32)

        def loss_fn(params):
            logits = self._net.apply(params, None, x, drop_rng)
            return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

        loss, grads = jax.value_and_grad(loss_fn)(self._params)
        updates, self._state = self._opt.update(grads, self._state)
        self._params = optax.apply_updates(self._params, updates)
        return {"loss": loss}

    def evaluate(self, global_step, rng, **unused_kwargs):
        return {"steps": global_step}


if __name__ == "__main__":
    flags.mark_flag_as_required("config")
    app.run(functools.partial(platform.main, Experiment))
