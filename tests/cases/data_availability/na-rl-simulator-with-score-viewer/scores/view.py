import argparse

import pandas as pd

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("filename")
    filename = ap.parse_args().filename
    df = pd.read_json(filename)
    print(df.groupby("task")["score"].mean())
