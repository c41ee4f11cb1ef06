"""Time the forward and backward pass of the fused kernel against the reference."""

import argparse
import time

import torch

from flashgate import gated_attention


def timed(fn, repeats: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seq-len", type=int, default=4096)
    args = parser.parse_args()
    q, k, v, g = (torch.randn(1, args.seq_len, 64, requires_grad=True) for _ in range(4))
    fwd = timed(lambda: gated_attention(q, k, v, g))
    bwd = timed(lambda: gated_attention(q, k, v, g).sum().backward())
    print(f"forward {fwd * 1e3:.2f} ms, forward+backward {bwd * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
