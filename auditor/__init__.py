"""auditor: audit machine-learning papers and their code for reproducibility."""

__version__ = "0.1.0"
