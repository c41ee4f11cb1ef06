import pandas as pd

URL = 'https://archive.ics.uci.edu/ml/machine-learning-databases/adult/adult.data'


def load_adult():
    return pd.read_csv(URL, header=None)
