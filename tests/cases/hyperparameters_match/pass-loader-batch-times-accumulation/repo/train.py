import torch
from accelerate import Accelerator
from torch.utils.data import DataLoader

accelerator = Accelerator(gradient_accumulation_steps=2)
data = torch.utils.data.TensorDataset(torch.zeros(64, 4))
loader = DataLoader(data, batch_size=16, shuffle=True)
model = torch.nn.Linear(4, 1)
opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
for epoch in range(5):
    for (x,) in loader:
        with accelerator.accumulate(model):
            opt.step()
