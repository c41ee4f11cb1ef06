import torch

model = torch.nn.Linear(4, 1)
opt = torch.optim.AdamW(model.parameters(), lr=5e-5)
for epoch in range(10):
    opt.step()
