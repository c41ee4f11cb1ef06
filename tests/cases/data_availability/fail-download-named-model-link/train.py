import argparse

import torchvision

p = argparse.ArgumentParser()
p.add_argument('--root')
args = p.parse_args()
ds = torchvision.datasets.ImageFolder(args.root)
