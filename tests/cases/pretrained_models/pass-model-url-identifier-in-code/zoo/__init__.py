import os

import gdown
import torch


def load_encoder(name):
    home = os.path.expanduser("~/.zoo")
    if name == "small":
        modelurl = "https://drive.google.com/uc?id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    elif name == "large":
        modelurl = "https://drive.google.com/uc?id=1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"
    else:
        raise ValueError(name)
    path = os.path.join(home, f"{name}.pt")
    if not os.path.exists(path):
        os.makedirs(home, exist_ok=True)
        gdown.download(modelurl, path, quiet=False)
    return torch.load(path, map_location="cpu")
