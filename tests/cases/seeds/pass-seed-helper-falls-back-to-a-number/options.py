import argparse


class DepthOptions:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--data_path", type=str)
        self.parser.add_argument("--log_dir", type=str)
        self.parser.add_argument("--model_name", type=str, default="mono")
        self.parser.add_argument("--pytorch_random_seed", default=None, type=int)

    def parse(self):
        return self.parser.parse_args()
