import argparse

import numpy as np

parser = argparse.ArgumentParser(description="Unity env test")
parser.add_argument("-e", "--env-name", default="../envs/pyenv", help="environment path")
args = parser.parse_args()
print("Loaded environment from: %s" % args.env_name)
for episode in range(3):
    obs = np.zeros(8)
    print("episode", episode, "obs", obs.shape)
