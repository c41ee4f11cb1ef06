"""ImageNet backbones the detector starts from."""

import torch
from torchvision.models import resnet50, resnet101

from .net import WRA

model_urls = {
    "resnet50": "https://download.pytorch.org/models/resnet50-19c8e357.pth",
    "resnet101": "https://download.pytorch.org/models/resnet101-5d3b4d8f.pth",
}


def build_detector(backbone: str = "resnet50") -> torch.nn.Module:
    trunk = {"resnet50": resnet50, "resnet101": resnet101}[backbone]()
    trunk.load_state_dict(torch.hub.load_state_dict_from_url(model_urls[backbone]))
    return torch.nn.Sequential(trunk, WRA(28, 10))
