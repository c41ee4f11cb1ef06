import argparse

import torchvision

p = argparse.ArgumentParser()
p.add_argument('--data_path', required=True)
args = p.parse_args()
ds = torchvision.datasets.ImageFolder(args.data_path)
