"""Colour look-up table for the attention-map plots."""

import torch

LUT = torch.load("utils/color_lut.pt")
