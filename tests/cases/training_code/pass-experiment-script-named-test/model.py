"""The generative dose-response model (TensorFlow 1 graph mode)."""

import tensorflow as tf


class DoseModel:
    def __init__(self, params):
        tf.compat.v1.reset_default_graph()
        tf.compat.v1.set_random_seed(10)
        self.params = params
        self.x = tf.compat.v1.placeholder(tf.float32, [None, 16])
        self.y = tf.compat.v1.placeholder(tf.float32, [None, 1])
        hidden = tf.compat.v1.layers.dense(self.x, params["h_dim"], activation=tf.nn.elu)
        self.pred = tf.compat.v1.layers.dense(hidden, 1)
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))

    def train(self, train_x, train_y, iterations=5000):
        solver = tf.compat.v1.train.AdamOptimizer(learning_rate=0.001).minimize(self.loss)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(iterations):
                sess.run(solver, feed_dict={self.x: train_x, self.y: train_y})
