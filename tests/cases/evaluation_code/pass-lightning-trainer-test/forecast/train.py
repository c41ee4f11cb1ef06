"""Fit the forecaster, then score the best checkpoint on the test years."""

from forecast.module import ForecastModule
from pytorch_lightning.cli import LightningCLI


def main():
    cli = LightningCLI(model_class=ForecastModule, seed_everything_default=42, run=False)
    cli.trainer.fit(cli.model, datamodule=cli.datamodule)
    cli.trainer.test(cli.model, datamodule=cli.datamodule, ckpt_path="best")


if __name__ == "__main__":
    main()
