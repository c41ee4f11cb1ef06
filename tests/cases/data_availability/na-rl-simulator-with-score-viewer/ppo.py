import gymnasium as gym
import numpy as np

if __name__ == '__main__':
    env = gym.make('CartPole-v1')
    obs, _ = env.reset(seed=0)
    print(np.asarray(obs).shape)
