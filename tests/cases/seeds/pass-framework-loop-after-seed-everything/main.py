"""Runs one experiment through the graph-learning framework's own training loop."""

from torch_geometric import seed_everything
from torch_geometric.graphgym.config import cfg, load_cfg
from torch_geometric.graphgym.cmd_args import parse_args
from torch_geometric.graphgym.loader import create_loader
from torch_geometric.graphgym.model_builder import create_model
from torch_geometric.graphgym.train import GraphGymDataModule, train

if __name__ == "__main__":
    args = parse_args()
    load_cfg(cfg, args)
    seed_everything(cfg.seed)
    model = create_model()
    datamodule = GraphGymDataModule()
    train(model, datamodule, logger=True)
