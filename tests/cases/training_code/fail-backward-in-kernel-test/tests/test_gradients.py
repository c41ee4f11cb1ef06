import torch

from flashgate import gated_attention


def test_gradcheck():
    q, k, v, g = (torch.randn(1, 4, 8, dtype=torch.double, requires_grad=True) for _ in range(4))
    assert torch.autograd.gradcheck(gated_attention, (q, k, v, g))


def test_backward_matches_reference():
    q, k, v, g = (torch.randn(2, 16, 32, requires_grad=True) for _ in range(4))
    gated_attention(q, k, v, g).sum().backward()
    assert q.grad is not None and torch.isfinite(q.grad).all()
