require 'torch'
require 'nn'

torch.manualSeed(123)
local model = nn.Sequential()
model:add(nn.Linear(10, 2))
local input = torch.randn(4, 10)
print(model:forward(input))
