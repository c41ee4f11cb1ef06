function out = fitTransform(opts)
rng(opts.seed);
A = randn(20, 20, 10);
M = orth(randn(10));
for it = 1:opts.maxIter
    M = M - 0.01 * gradientOf(A, M, opts.k);
end
out.M = M;
end
