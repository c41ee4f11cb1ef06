function opts = experimentOptions()
% defaults of the experiments
opts.seed = 42;
opts.maxIter = 100;
opts.k = 1;
end
