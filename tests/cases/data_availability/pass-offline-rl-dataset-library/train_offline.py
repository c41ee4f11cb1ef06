import argparse

import d4rl
import gym
import jax
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", default="hopper-medium-v2")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    np.random.seed(args.seed)
    key = jax.random.PRNGKey(args.seed)
    env = gym.make(args.env)
    data = d4rl.qlearning_dataset(env)
    for _ in range(1000):
        key, sub = jax.random.split(key)
        idx = jax.random.randint(sub, (256,), 0, len(data["observations"]))
        batch = data["observations"][np.asarray(idx)]
        print(batch.mean())


if __name__ == "__main__":
    main()
