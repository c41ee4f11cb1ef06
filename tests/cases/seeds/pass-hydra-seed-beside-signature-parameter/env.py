from typing import Optional

import numpy as np


def make_env(
    name: str,
    seed: Optional[int] = None,
):
    return {"name": name, "rng": np.random.default_rng(seed)}
