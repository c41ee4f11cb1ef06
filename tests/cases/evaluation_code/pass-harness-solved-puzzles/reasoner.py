import torch


class Reasoner(torch.nn.Module):
    @classmethod
    def load(cls, path: str) -> "Reasoner":
        model = cls()
        model.load_state_dict(torch.load(path, map_location="cpu"))
        return model.eval()

    def search(self, prompt: str, budget: int = 64) -> str:
        return prompt[::-1][:budget]
