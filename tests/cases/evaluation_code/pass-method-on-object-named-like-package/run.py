import argparse

from exp.exp_main import Exp_Main


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--is_training", type=int, default=1)
    parser.add_argument("--model_id", type=str, default="test")
    args = parser.parse_args()
    Exp = Exp_Main
    exp = Exp(args)  # a local object whose name is also the package "exp"
    exp.train(args.model_id)
    exp.test(args.model_id)


if __name__ == "__main__":
    main()
