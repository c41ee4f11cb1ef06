import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument('--prompt_file')
args = p.parse_args()
model = torch.load('model.ckpt')
print(model(open(args.prompt_file).read()))
