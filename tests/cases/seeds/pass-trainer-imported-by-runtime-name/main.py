import argparse
import importlib


def read_options():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trainer", default="fedavg")
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    trainer_path = "fl.trainers.%s" % args.trainer
    return args, importlib.import_module(trainer_path)


if __name__ == "__main__":
    options, trainer = read_options()
    trainer.run(options)
