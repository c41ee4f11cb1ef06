import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.kernel_ridge import KernelRidge
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

x, y = load_diabetes(return_X_y=True)
x_tr, x_te, y_tr, y_te = train_test_split(x, y, random_state=0)
model = KernelRidge(alpha=1.0, kernel="rbf")
model.fit(x_tr, y_tr)
print("test MSE", mean_squared_error(y_te, model.predict(x_te)))
print("train MSE", mean_squared_error(y_tr, model.predict(x_tr)))
np.save("predictions.npy", model.predict(x_te))
