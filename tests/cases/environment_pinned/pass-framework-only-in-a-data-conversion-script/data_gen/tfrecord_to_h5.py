"""Convert the original TFRecord datasets to the HDF5 files train.py reads."""
import sys

import h5py
import tensorflow.compat.v1 as tf


def main(src, dst):
    with h5py.File(dst, "w") as out:
        for i, record in enumerate(tf.python_io.tf_record_iterator(src)):
            out.create_dataset(str(i), data=tf.train.SequenceExample.FromString(record).context)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
