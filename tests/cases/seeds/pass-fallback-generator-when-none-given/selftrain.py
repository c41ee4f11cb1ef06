"""Self-training: each generation labels a random subset of unlabelled examples."""

import random

import numpy as np


def next_training_set(examples, logits, share=0.25, rng=None, rng_np=None):
    if rng is None:
        rng = random.Random()
    if not rng_np:
        rng_np = np.random.RandomState()
    chosen = rng.sample(examples, k=int(len(examples) * share))
    noise = rng_np.normal(0, 0.01, size=len(chosen))
    return [(x, float(np.argmax(logits[i])) + n) for i, (x, n) in enumerate(zip(chosen, noise))]


def run_generations(examples, logits, generations, seed):
    rng, rng_np = random.Random(seed), np.random.RandomState(seed)
    for _ in range(generations):
        examples = next_training_set(examples, logits, rng=rng, rng_np=rng_np)
    return examples
