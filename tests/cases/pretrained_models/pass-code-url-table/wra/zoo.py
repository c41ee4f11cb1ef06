"""Trained networks of the paper, fetched on first use."""

import torch

from .net import WRA

_CHECKPOINTS = {
    "wra-28-10": "https://wra-release.s3.amazonaws.com/v1/wra_28_10-3f2a9c.pth",
    "wra-40-4": "https://wra-release.s3.amazonaws.com/v1/wra_40_4-81b0de.pth",
}


def available_models() -> list[str]:
    return sorted(_CHECKPOINTS)


def load_model(name: str) -> WRA:
    depth, width = (int(x) for x in name.split("-")[1:])
    net = WRA(depth, width)
    state = torch.hub.load_state_dict_from_url(_CHECKPOINTS[name], map_location="cpu")
    net.load_state_dict(state)
    return net.eval()
