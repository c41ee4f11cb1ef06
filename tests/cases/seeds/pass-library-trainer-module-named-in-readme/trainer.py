import numpy as np
import torch
from packaging import version
from transformers import Trainer
from transformers.utils import is_apex_available, is_datasets_available, logging

if is_apex_available():
    from apex import amp  # noqa: F401

if is_datasets_available():
    import datasets  # noqa: F401

if version.parse(torch.__version__) < version.parse("1.10"):
    raise ImportError("needs torch 1.10")

logger = logging.get_logger(__name__)


class ZOTrainer(Trainer):
    def zo_perturb(self, model, scale):
        torch.manual_seed(self.args.seed)
        for p in model.parameters():
            p.data += scale * torch.normal(0, 1, size=p.shape, device=p.device)

    def sample_eps(self):
        return float(np.random.choice([1e-3, 1e-4]))
