"""Extra cost of the code-reproducibility checklist on a large real repository.

Audits the repository with the default completeness checklist alone, then together with
code-reproducibility, and reports wall time and the checklist's own share.

    python benchmarks/repro_speed.py --repo PATH [--runs N]

PATH is any large local repository (folder or git dir). The README's figures come from a bare
clone of NVIDIA/NeMo (about 2,600 Python files and 100 notebooks).
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from auditor.engine import audit

BASE = ["ml-code-completeness"]
WITH = ["ml-code-completeness", "code-reproducibility"]


def count_files(repo: str) -> tuple[int, int]:
    if (Path(repo) / "HEAD").exists() and not (Path(repo) / ".git").exists():
        out = subprocess.run(
            ["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.splitlines()  # fmt: skip
    else:
        out = [str(p) for p in Path(repo).rglob("*") if p.is_file()]
    return sum(p.endswith(".py") for p in out), sum(p.endswith(".ipynb") for p in out)


def timed(repo: str, checklists: list[str]) -> tuple[float, dict[str, float], object]:
    t0 = time.perf_counter()
    report = audit(repo, checklists=checklists)
    return time.perf_counter() - t0, dict(report.timings), report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True, help="a large local repository (folder or git dir)")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    py, nb = count_files(args.repo)
    print(f"repository: {args.repo} ({py} Python files, {nb} notebooks)")
    base = min(timed(args.repo, BASE)[0] for _ in range(args.runs))
    best = None
    for _ in range(args.runs):
        run = timed(args.repo, WITH)
        if best is None or run[0] < best[0]:
            best = run
    assert best is not None
    total, timings, report = best
    own = timings.get("checklist:code-reproducibility", 0.0)
    extra = total - base
    print(f"completeness only:               {base:7.2f} s")
    print(f"completeness + reproducibility:  {total:7.2f} s")
    print(f"extra wall time:                 {extra:7.2f} s ({extra / total:.0%} of the whole)")
    print(f"code-reproducibility checklist:  {own:7.2f} s ({own / total:.0%} of the whole)")
    for key, value in sorted(timings.items()):
        print(f"  {key:40s} {value:7.2f} s")
    result = report.checklist("code-reproducibility")  # type: ignore[attr-defined]
    for f in result.findings:
        print(f"  {f.check:22s} {f.status:8s} {f.summary[:100]}")


if __name__ == "__main__":
    main()
