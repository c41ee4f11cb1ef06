"""The learner: policy updates, and rollouts of the current policy to score it."""

import torch

from envs import calc_eval_metrics


class Algo:
    def __init__(self, eval_every):
        self.policy = torch.nn.Linear(4, 2)
        self.opt = torch.optim.Adam(self.policy.parameters(), lr=3e-4)
        self.eval_every = eval_every

    def train(self, n_epochs):
        for epoch in range(n_epochs):
            if epoch % self.eval_every == 0:
                self._rollouts(episodes=10)
            obs = torch.randn(32, 4)
            loss = self.policy(obs).pow(2).mean()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()

    def _rollouts(self, episodes):
        trajectories = []
        with torch.no_grad():
            for _ in range(episodes):
                trajectories.append(self.policy(torch.randn(100, 4)))
        return calc_eval_metrics(trajectories)
