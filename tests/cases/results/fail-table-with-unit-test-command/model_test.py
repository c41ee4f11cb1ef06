"""Tests for the two-stream model."""

import tensorflow as tf


class ModelTest(tf.test.TestCase):
    def test_output_shape(self):
        logits = tf.zeros([2, 400])
        self.assertEqual(logits.shape, (2, 400))


if __name__ == "__main__":
    tf.test.main()
