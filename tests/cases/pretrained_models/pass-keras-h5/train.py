"""Train the Keras WRA network on CIFAR-10."""

from tensorflow import keras

if __name__ == "__main__":
    (x, y), _ = keras.datasets.cifar10.load_data()
    model = keras.Sequential([keras.layers.Conv2D(32, 3), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x / 255.0, y, epochs=30)
    model.save("saved_models/wra_cifar10.h5")
