X = load('spectra.mat');
D = dictLearn(X.S, 64);
