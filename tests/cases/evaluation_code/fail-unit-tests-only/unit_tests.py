"""Sanity checks of the attention gate, run before every release."""

import unittest

import torch

from model import Net


class GateTest(unittest.TestCase):
    def test_gradients_flow(self):
        net = Net()
        net(torch.randn(2, 3, 32, 32)).sum().backward()
        self.assertTrue(all(p.grad is not None for p in net.parameters()))

    def test_accuracy_of_constant_predictor(self):
        pred = torch.zeros(10, dtype=torch.long)
        self.assertEqual((pred == torch.zeros(10, dtype=torch.long)).float().mean().item(), 1.0)


if __name__ == "__main__":
    unittest.main()
