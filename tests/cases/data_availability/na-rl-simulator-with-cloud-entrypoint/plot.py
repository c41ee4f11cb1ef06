import sys

import pandas as pd

if __name__ == "__main__":
    df = pd.read_json(sys.argv[1], lines=True)  # the agent's score log
    print(df["episode/score"].describe())
