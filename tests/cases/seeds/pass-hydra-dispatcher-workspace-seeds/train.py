"""Run the workspace named by the config."""

import hydra
from omegaconf import OmegaConf
from policy.workspace.base_workspace import BaseWorkspace


@hydra.main(version_base=None, config_path="policy/config")
def main(cfg: OmegaConf):
    OmegaConf.resolve(cfg)
    cls = hydra.utils.get_class(cfg._target_)
    workspace: BaseWorkspace = cls(cfg)
    workspace.run()


if __name__ == "__main__":
    main()
