from torchvision import models


def backbone():
    return models.resnet50(pretrained=True)
