% Train the spectrogram CNN of Table 3 on the labelled recordings.
imds = imageDatastore('spectrograms', 'IncludeSubfolders', true, 'LabelSource', 'foldernames');
[imdsTrain, imdsVal] = splitEachLabel(imds, 0.8, 'randomized');

layers = [
    imageInputLayer([128 128 1])
    convolution2dLayer(3, 16, 'Padding', 'same')
    batchNormalizationLayer
    reluLayer
    maxPooling2dLayer(2, 'Stride', 2)
    fullyConnectedLayer(2)
    softmaxLayer
    classificationLayer];

options = trainingOptions('adam', 'MaxEpochs', 30, 'ValidationData', imdsVal, 'Verbose', false);
net = trainNetwork(imdsTrain, layers, options);
save('birdcall_cnn.mat', 'net');
