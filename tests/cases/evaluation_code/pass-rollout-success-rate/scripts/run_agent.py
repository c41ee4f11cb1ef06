import argparse

import numpy as np
import torch

from policylib.envs import make_env


def rollout(policy, env, horizon):
    obs = env.reset()
    success = False
    total_reward = 0.0
    for step in range(horizon):
        action = policy(torch.as_tensor(obs)).detach().numpy()
        obs, reward, done, _ = env.step(action)
        total_reward += reward
        success = env.is_success()
        if done or success:
            break
    return dict(Return=total_reward, Horizon=step + 1, Success_Rate=float(success))


def main(args):
    policy = torch.load(args.agent)
    env = make_env("lift")
    stats = [rollout(policy, env, 400) for _ in range(args.n_rollouts)]
    print({k: np.mean([s[k] for s in stats]) for k in stats[0]})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--n_rollouts", type=int, default=50)
    main(parser.parse_args())
