% reproduce Table 2
clear; clc;
opts = experimentOptions();
for k = 1:5
    opts.k = k;
    results{k} = fitTransform(opts);
end
save('results.mat', 'results');
