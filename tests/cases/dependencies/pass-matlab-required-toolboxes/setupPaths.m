addpath(genpath(pwd));
