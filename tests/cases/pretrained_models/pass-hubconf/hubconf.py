dependencies = ["torch"]

from model import Net  # noqa: E402


def wra(pretrained: bool = False):
    """WRA-28-10 trained on CIFAR-10."""
    return Net()
