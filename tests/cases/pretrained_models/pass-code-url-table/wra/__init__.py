"""Wide residual attention networks."""

from .zoo import available_models, load_model

__all__ = ["available_models", "load_model"]
