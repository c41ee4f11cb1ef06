"""Adversarial training of a ResNet-18 on CIFAR-10, scored against PGD after each epoch."""

import torch
import torch.nn.functional as F
import torchvision

model = torchvision.models.resnet18(num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
train_loader = torch.utils.data.DataLoader(torchvision.datasets.CIFAR10("data", train=True))
test_loader = torch.utils.data.DataLoader(torchvision.datasets.CIFAR10("data", train=False))


def pgd(model, x, y, steps=20, eps=8 / 255):
    x_adv = x.clone().requires_grad_(True)
    for _ in range(steps):
        loss = F.cross_entropy(model(x_adv), y)
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = (x_adv + eps / 4 * grad.sign()).clamp(x - eps, x + eps).detach().requires_grad_(True)
    return x_adv


def eval_adv_test_whitebox(model, test_loader):
    model.eval()
    natural_err, robust_err = 0, 0
    for x, y in test_loader:
        natural_err += (model(x).data.max(1)[1] != y).float().sum()
        robust_err += (model(pgd(model, x, y)).data.max(1)[1] != y).float().sum()
    print("natural_acc: ", 1 - natural_err / len(test_loader.dataset))
    print("robust_acc: ", 1 - robust_err / len(test_loader.dataset))


for epoch in range(100):
    model.train()
    for x, y in train_loader:
        loss = F.cross_entropy(model(pgd(model, x, y)), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    eval_adv_test_whitebox(model, test_loader)
