"""Batch throughput with --jobs 1 and --jobs 2, and peak memory, in one run.

Generates N local entries in a temp dir (half small git repositories pinned with ``at``,
half plain folders), runs ``auditor batch`` on them once per job count and prints entries
per second, the speed-up and the peak memory of the whole process tree (sum of RSS, sampled
from /proc every 20 ms).

    python benchmarks/batch_speed.py [--entries 200] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

README = """# Project {i}

## Requirements

```
pip install -r requirements.txt
```

## Training

```
python train.py --config configs/base.yaml
```

## Evaluation

```
python evaluate.py --checkpoint model.pt
```

## Results

| Model | Accuracy |
|-------|----------|
| ours  | {acc}%   |
"""
TRAIN = """import argparse
import random

import numpy as np
import torch
from model import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config")
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr)
    print(net, opt)


if __name__ == "__main__":
    main()
"""
MODULE = """import argparse

import numpy as np
import torch


class Block{k}(torch.nn.Module):
    def __init__(self, width: int = {k} + 8) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(width, width)

    def forward(self, x):
        return torch.relu(self.fc(x)) * {k}


def helper_{k}(values):
    out = []
    for v in values:
        if v % 2:
            out.append(np.sqrt(v))
        else:
            out.append(v / 2)
    return out


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default={k})
    print(helper_{k}(range(p.parse_args().n)))
"""


MODULES = 40  # Python modules per generated repository (besides train/evaluate/model)


def make_entry(root: Path, i: int, git: bool) -> None:
    root.mkdir(parents=True)
    files = {
        "README.md": README.format(i=i, acc=80 + i % 20),
        "requirements.txt": "numpy==1.26.4\ntorch==2.2.0\n",
        "train.py": TRAIN,
        "evaluate.py": "import torch\n\nif __name__ == '__main__':\n    print('eval')\n",
        "model.py": "import torch\n\nclass Net(torch.nn.Module):\n    pass\n",
        "configs/base.yaml": "lr: 0.1\nbatch_size: 128\nepochs: 90\n",
    }
    for k in range(MODULES):
        files[f"lib/block{k}.py"] = MODULE.format(k=k)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    if git:
        env = {**os.environ, "GIT_AUTHOR_DATE": "2020-01-15T12:00:00", "GIT_COMMITTER_DATE": "2020-01-15T12:00:00"}  # fmt: skip
        ident = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
        for cmd in (["init", "-q", "-b", "main"], ["add", "-A"], [*ident, "commit", "-qm", "init"]):
            subprocess.run(["git", *cmd], cwd=root, env=env, check=True)


def make_entries(tmp: Path, n: int) -> Path:
    rows = []
    for i in range(n):
        git = i % 2 == 0
        make_entry(tmp / "src" / f"p{i:04d}", i, git)
        rows.append(
            {"id": f"p{i:04d}", "repo": f"src/p{i:04d}", "at": "2020-04-01" if git else "",
             "kind": "git" if git else "folder"}
        )  # fmt: skip
    path = tmp / "entries.csv"
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _tree_rss(root: int) -> int:
    """Sum of RSS (bytes) of ``root`` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(d), int(parts[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(parts[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack += children.get(p, [])
    return total


def audit_window(out: Path) -> float:
    """Seconds from the first entry started to the last one finished (from the database)."""
    con = sqlite3.connect(out / "results.sqlite")
    try:
        first, last = con.execute(
            "SELECT min(started_at), max(finished_at) FROM entries"
        ).fetchone()
    finally:
        con.close()
    return datetime.fromisoformat(last).timestamp() - datetime.fromisoformat(first).timestamp()


def run(csv_path: Path, out: Path, jobs: int) -> tuple[float, int]:
    cmd = [sys.executable, "-c", "import sys; from auditor.cli.commands import main; sys.exit(main(sys.argv[1:]))", "batch", str(csv_path), "--out", str(out),
           "--jobs", str(jobs), "-q", "--checklist", "ml-code-completeness"]  # fmt: skip
    return run_with_peak(cmd, interval=0.02)


def _tree_pss(root: int) -> int:
    """Sum of PSS (bytes) of ``root`` and every descendant: each page shared by several
    processes (a fork server's preloaded engine in its workers; a worker briefly forked to
    start git) is counted once in all, where a sum of RSS counts it in each of them."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(d))
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
        stack += children.get(p, [])
    return total


def run_with_peak(
    cmd: list[str], cwd: Path | None = None, interval: float = 0.05
) -> tuple[float, int]:
    """Run a command; its wall time and the peak RSS of its process tree (sampled)."""
    elapsed, rss, _pss = run_with_peaks(cmd, cwd, interval, pss=False)
    return elapsed, rss


def run_with_peaks(
    cmd: list[str], cwd: Path | None = None, interval: float = 0.05, pss: bool = True
) -> tuple[float, int, int]:
    """Run a command; its wall time and the peak RSS and PSS sums of its process tree
    (sampled every ``interval`` seconds; PSS only with ``pss``)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            if pss:
                peak_pss = max(peak_pss, _tree_pss(proc.pid))
            time.sleep(interval)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    rc = proc.wait()
    elapsed = time.perf_counter() - t0
    done.set()
    t.join()
    if rc != 0:
        raise SystemExit(f"{' '.join(cmd[3:6])} ... exited with {rc}")
    return elapsed, peak, peak_pss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        t0 = time.perf_counter()
        csv_path = make_entries(Path(tmp), args.entries)
        print(f"generated {args.entries} entries in {time.perf_counter() - t0:.1f}s "
              f"(cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f})")  # fmt: skip
        print("end to end = the whole command (start-up, auditing, writing the dashboard);")
        print("steady = entries / (last entry finished - first entry started), from the database\n")
        print(f"{'jobs':>4}  {'seconds':>8}  {'end-to-end/s':>12}  {'steady/s':>9}  "
              f"{'speed-up e2e':>12}  {'speed-up steady':>15}  {'peak RSS (tree)':>15}")  # fmt: skip
        base: tuple[float, float] | None = None
        for jobs in args.jobs:
            out = Path(tmp) / f"out-j{jobs}"
            elapsed, peak = run(csv_path, out, jobs)
            rate, steady = args.entries / elapsed, args.entries / audit_window(out)
            base = base or (rate, steady)
            print(f"{jobs:>4}  {elapsed:>8.1f}  {rate:>12.1f}  {steady:>9.1f}  "
                  f"{rate / base[0]:>11.2f}x  {steady / base[1]:>14.2f}x  {peak / 2**20:>11.0f} MiB")  # fmt: skip
        print(f"\nload average after the run: {os.getloadavg()[0]:.2f} (2 cores are shared)")


if __name__ == "__main__":
    main()
