import torch


class MetaModel:
    def __init__(self, dim=128, classes=4):
        self.net = torch.nn.Sequential(torch.nn.Linear(dim, 64), torch.nn.ReLU(), torch.nn.Linear(64, classes))

    def do_train(self, batches, lr=1e-3):
        opt = torch.optim.AdamW(self.net.parameters(), lr=lr)
        for x, y in batches:
            loss = torch.nn.functional.cross_entropy(self.net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()

    @torch.no_grad()
    def do_predict(self, batches):
        return [self.net(x).argmax(-1) for x, _ in batches]

    def save(self, path):
        torch.save(self.net.state_dict(), path)

    def load(self, path):
        self.net.load_state_dict(torch.load(path))
