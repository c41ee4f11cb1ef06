"""Batch throughput and memory against the number of entries: local workers vs Dask.

Generates N small local projects (every tenth a git repository pinned with ``at``, the rest
plain folders), then runs ``auditor batch`` on the first 100, 1,000 and 10,000 of them, once
with local worker processes (``--jobs 2``) and once on ``--scheduler local:2`` (a Dask
LocalCluster of two single-thread workers), and prints entries per second (whole command) and
the peak memory of the whole process tree, sampled every 50 ms (it includes the Dask workers
and every audit child): as a sum of PSS, which counts a page shared by several processes once
(the fork server's preloaded engine in every worker, a worker briefly forked to start git), and
as a sum of RSS, which counts it in each process and so jumps whenever a sample catches a fork
before its exec.

    python benchmarks/batch_scale.py [--sizes 100 1000 10000] [--executors local dask]

Memory is flat when the peak at 10,000 entries is within 1.2x of the peak at 100.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_speed import run_with_peaks  # noqa: E402

README = "# Project {i}\n\n## Install\n\n```\npip install -r requirements.txt\n```\n\n" \
    "## Train\n\n```\npython train.py --lr 0.1\n```\n\n| model | acc |\n|---|---|\n| ours | {acc} |\n"  # fmt: skip
TRAIN = (
    "import argparse\nimport torch\nfrom model import Net\n\n\ndef main():\n"
    "    p = argparse.ArgumentParser()\n    p.add_argument('--lr', type=float, default=0.1)\n"
    "    torch.manual_seed({i})\n    print(Net(), p.parse_args())\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)
EXECUTORS = {"local": ["--jobs", "2"], "dask": ["--scheduler", "local:2"]}


def make_entries(root: Path, n: int) -> list[dict[str, str]]:
    rows = []
    env = {**os.environ, "GIT_AUTHOR_DATE": "2020-01-15T12:00:00",
           "GIT_COMMITTER_DATE": "2020-01-15T12:00:00"}  # fmt: skip
    for i in range(n):
        d = root / f"p{i:05d}"
        (d / "lib").mkdir(parents=True)
        (d / "README.md").write_text(README.format(i=i, acc=70 + i % 30))
        (d / "requirements.txt").write_text("torch==2.2.0\nnumpy==1.26.4\n")
        (d / "train.py").write_text(TRAIN.format(i=i))
        (d / "model.py").write_text(f"import torch\n\n\nclass Net(torch.nn.Module):\n    k = {i}\n")
        for k in range(3):
            (d / "lib" / f"m{k}.py").write_text(
                f"import numpy as np\n\n\ndef f(x):\n    return np.sqrt(x) + {i}\n"
            )
        git = i % 10 == 0
        if git:
            ident = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
            for cmd in (
                ["init", "-q", "-b", "main"],
                ["add", "-A"],
                [*ident, "commit", "-qm", "x"],
            ):
                subprocess.run(["git", *cmd], cwd=d, env=env, check=True)
        rows.append({"id": f"p{i:05d}", "repo": str(d), "at": "2020-04-01" if git else ""})
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "repo", "at"])
        w.writeheader()
        w.writerows(rows)
    return path


def run(csv_path: Path, out: Path, extra: list[str]) -> tuple[float, int, int]:
    cmd = [sys.executable, "-m", "auditor", "batch", str(csv_path), "--out", str(out), "-q",
           "--checklist", "ml-code-completeness", *extra]  # fmt: skip
    return run_with_peaks(cmd, cwd=out.parent)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--executors", nargs="+", default=list(EXECUTORS), choices=list(EXECUTORS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-scale-") as tmp:
        t0 = time.perf_counter()
        rows = make_entries(Path(tmp) / "src", max(args.sizes))
        print(f"generated {len(rows)} entries in {time.perf_counter() - t0:.0f}s "
              f"(load {os.getloadavg()[0]:.2f}, 2 cores shared)\n")  # fmt: skip
        print("| entries | executor | seconds | entries/s | peak PSS (tree) | peak RSS (tree) |")
        print("|---:|---|---:|---:|---:|---:|")
        peaks: dict[str, dict[int, tuple[int, int]]] = {}
        for n in args.sizes:
            csv_path = write_csv(Path(tmp) / f"entries-{n}.csv", rows[:n])
            for name in args.executors:
                out = Path(tmp) / f"out-{name}-{n}"
                elapsed, rss, pss = run(csv_path, out, EXECUTORS[name])
                peaks.setdefault(name, {})[n] = (pss, rss)
                print(f"| {n:,} | {name} ({' '.join(EXECUTORS[name])}) | {elapsed:.1f} | "
                      f"{n / elapsed:.1f} | {pss / 2**20:.0f} MiB | {rss / 2**20:.0f} MiB |",
                      flush=True)  # fmt: skip
        lo, hi = min(args.sizes), max(args.sizes)
        for name, by_n in peaks.items():
            print(f"{name}: peak at {hi:,} / peak at {lo:,} = {by_n[hi][0] / by_n[lo][0]:.2f}x PSS, "
                  f"{by_n[hi][1] / by_n[lo][1]:.2f}x RSS (flat: <= 1.2x)")  # fmt: skip
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
