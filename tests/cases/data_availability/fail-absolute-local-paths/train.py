import numpy as np

if __name__ == '__main__':
    X = np.load('/home/alice/projects/exp/train_X.npy')
    print(X.shape)
