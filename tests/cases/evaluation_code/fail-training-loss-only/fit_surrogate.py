"""Fit the MLP surrogate to simulated heat-diffusion fields."""

import argparse

import numpy as np
import tensorflow as tf


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=5000)
    args = parser.parse_args()
    x = np.random.rand(4096, 3).astype("float32")
    y = np.sin(x.sum(1, keepdims=True)).astype("float32")
    model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation="tanh"), tf.keras.layers.Dense(1)])
    opt = tf.keras.optimizers.Adam(1e-3)
    for step in range(args.steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.keras.losses.mean_squared_error(y, model(x)))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        if step % 100 == 0:
            print(f"step {step} train loss {float(loss):.5f}")
    model.save("surrogate.keras")


if __name__ == "__main__":
    main()
