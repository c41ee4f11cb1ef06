"""Wide residual attention."""
