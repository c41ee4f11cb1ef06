import numpy as np
import pandas as pd

if __name__ == '__main__':
    data = pd.read_csv('Data/burgers_shock.csv')
    print(np.asarray(data).mean())
