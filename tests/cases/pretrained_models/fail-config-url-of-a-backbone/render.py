import sys

import torch
import yaml

from model import Net

cfg = yaml.safe_load(open(sys.argv[1]))
net = Net()
state = torch.hub.load_state_dict_from_url(cfg["model"]["backbone_checkpoint"], map_location="cpu")
net.load_state_dict(state)
print(net(torch.randn(1, 3, 32, 32)).shape)
