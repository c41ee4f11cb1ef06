import torch

model = torch.nn.Linear(4, 1)
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
for epoch in range(3):
    opt.step()
