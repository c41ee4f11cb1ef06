"""Keras training of the sentiment model."""

import argparse

from tensorflow import keras


def build(vocab: int) -> keras.Model:
    return keras.Sequential(
        [
            keras.layers.Embedding(vocab, 128),
            keras.layers.LSTM(128),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=20000)
    x_train = keras.preprocessing.sequence.pad_sequences(x_train, maxlen=200)
    model = build(20000)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=64)
    model.save("sentiment.h5")
