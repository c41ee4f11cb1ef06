import argparse

p = argparse.ArgumentParser()
p.add_argument('--data_dir')
args = p.parse_args()
