import torch

model = torch.nn.Linear(8, 8)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for _ in range(10):
    loss = model(torch.zeros(1, 8)).sum()
    loss.backward()
    opt.step()
