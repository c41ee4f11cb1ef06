import numpy as np

rng = np.random.default_rng(0)
x = rng.uniform(-3, 3, 200)
y = x * np.sin(x) + rng.normal(0, 0.1, 200)
print(np.polyfit(x, y, 3))
