import argparse

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="mt")
    print(parser.parse_args().task)
