"""Wide residual attention detectors."""

from .backbones import build_detector

__all__ = ["build_detector"]
