"""Time the matcher on random descriptors for several keypoint counts."""

import argparse
import time

import torch
from matcher import Matcher


def measure(matcher, n, device, reps=100):
    desc0 = torch.randn(1, n, 256, device=device)
    desc1 = torch.randn(1, n, 256, device=device)
    timings = []
    for _ in range(reps):
        start = time.perf_counter()
        with torch.no_grad():
            matcher(desc0, desc1)
        timings.append((time.perf_counter() - start) * 1e3)
    return sum(timings) / len(timings)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--num_keypoints", type=int, nargs="+", default=[512, 1024])
    args = parser.parse_args()
    matcher = Matcher().eval().to(args.device)
    for n in args.num_keypoints:
        print(f"{n} keypoints: {measure(matcher, n, args.device):.1f} ms (runtime)")
