import tensorflow as tf

if __name__ == '__main__':
    tf.set_random_seed(0)
    x = tf.random_normal([3])
