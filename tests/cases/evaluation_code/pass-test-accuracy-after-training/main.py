"""Train the sparse MLP on MNIST, then report accuracy on the test split."""

import torch
from torchvision import datasets, transforms


def batches(train: bool):
    data = datasets.MNIST("data", train=train, download=True, transform=transforms.ToTensor())
    return torch.utils.data.DataLoader(data, batch_size=128, shuffle=train)


def main() -> None:
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    for _epoch in range(10):
        for x, y in batches(train=True):
            loss = torch.nn.functional.cross_entropy(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    correct = total = 0
    with torch.no_grad():
        for x, y in batches(train=False):
            correct += (net(x).argmax(1) == y).sum().item()
            total += len(y)
    print("Test accuracy: %.2f%%" % (100.0 * correct / total))


if __name__ == "__main__":
    main()
