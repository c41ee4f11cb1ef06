import argparse

import numpy as np
import torch

from planner.datasets import load_environment, trajectories


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", default="hopper-medium-replay-v2")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    env = load_environment(args.env)
    data = trajectories(env)
    model = torch.nn.Linear(env.observation_space.shape[0], 64)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for episode in data:
        loss = model(torch.as_tensor(episode, dtype=torch.float32)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
