import torch

from model import Net


def test_output_shape():
    net = Net(num_classes=7)
    out = net(torch.randn(2, 3, 32, 32))
    assert out.shape == (2, 7)


def test_eval_mode_is_deterministic():
    net = Net().eval()
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad():
        assert torch.allclose(net(x), net(x))
