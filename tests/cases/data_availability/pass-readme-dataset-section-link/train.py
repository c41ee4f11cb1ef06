import argparse

p = argparse.ArgumentParser()
p.add_argument('--data_dir', default='data')
args = p.parse_args()
