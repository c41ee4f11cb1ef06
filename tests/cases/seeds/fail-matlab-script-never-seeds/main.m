% random features for kernel regression
X = rand(500, 3);
y = sin(X(:, 1)) + 0.1 * randn(500, 1);
W = randn(3, 200);
Z = cos(X * W);
beta = (Z' * Z + 1e-3 * eye(200)) \ (Z' * y);
fprintf('train mse %.4f\n', mean((Z * beta - y).^2));
