"""The environment's own scores of a batch of trajectories."""


def calc_eval_metrics(trajectories):
    returns = [float(t.sum()) for t in trajectories]
    coverage = len({round(r, 1) for r in returns})
    return {"mean_return": sum(returns) / len(returns), "coverage": coverage}
