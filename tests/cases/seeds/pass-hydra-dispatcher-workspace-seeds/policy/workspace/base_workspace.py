"""Checkpointing shared by the workspaces."""

import torch


class BaseWorkspace:
    def __init__(self, cfg):
        self.cfg = cfg

    def run(self):
        pass

    def save_checkpoint(self, path):
        torch.save({"cfg": self.cfg}, path)
