import random

import numpy as np

rng = np.random.default_rng(2024)
py_rng = random.Random(7)
draws = rng.normal(size=(10, 3))
order = py_rng.sample(range(10), 5)
print(draws[order].mean())
