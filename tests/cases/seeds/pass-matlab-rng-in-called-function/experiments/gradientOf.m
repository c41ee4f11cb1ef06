function g = gradientOf(A, M, k)
g = M * 0 + k * 1e-3;
end
