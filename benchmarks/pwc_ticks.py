"""Our ML Code Completeness tick distribution over the PwC NeurIPS 2019 dev repositories,
beside the distribution Papers With Code published.

Runs ``auditor batch`` over ``../shared/eval/pwc2019/dev.csv`` using local bare clones, one
folder per owner/name under ``--repos`` (default ``../pwc-repos`` beside the project), each
pinned with ``at=2020-04-01``. Repositories without a local clone stay in the batch (they
fail as "repository not found") and are counted as such. Also prints the distribution of the dev set's own labels and per-item
agreement with them.

    python benchmarks/pwc_ticks.py [--repos DIR] [--out reports/pwc-dev] [--jobs 2] [--resume]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from auditor.batch.summary import PWC_NEURIPS2019
from auditor.cli.commands import main as auditor_main

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "eval" / "pwc2019" / "dev.csv"
REPOS = HERE.parent.parent / "pwc-repos"
AT = "2020-04-01"
CL = "ml-code-completeness"
ITEMS = {  # dev.csv column -> our check id
    "dependencies": "dependencies",
    "training": "training_code",
    "evaluation": "evaluation_code",
    "pretrained_model": "pretrained_models",
    "results": "results",
}


def build_entries(dev: Path, repos: Path, dest: Path) -> list[dict[str, str]]:
    with open(dev, newline="") as fh:
        gold = list(csv.DictReader(fh))
    rows = []
    for g in gold:
        url = g["url"].strip()
        owner_name = url.rstrip("/").split("github.com/")[-1]
        local = repos / owner_name  # absent -> the batch records "repository not found"
        rows.append(
            {
                "id": owner_name.replace("/", "-"), "repo": str(local), "at": AT, "url": url,
                "stars": g["stars"], "clone": "present" if local.exists() else "missing",
                "gold_ticks": str(sum(int(g[c]) for c in ITEMS)),
                **{f"gold_{c}": g[c] for c in ITEMS},
            }
        )  # fmt: skip
    with open(dest, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return rows


def shares(values: list[int]) -> list[float]:
    c = Counter(values)
    return [c.get(k, 0) / len(values) if values else 0.0 for k in range(6)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--repos", type=Path, default=REPOS, help="DIR/owner/name bare clones")
    ap.add_argument("--out", type=Path, default=Path("reports/pwc-dev"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    entries = args.out / "entries.csv"
    build_entries(args.dev, args.repos, entries)
    cmd = ["batch", str(entries), "--out", str(args.out), "--jobs", str(args.jobs),
           "--checklist", CL, "--group-by", "clone", "-q"]  # fmt: skip
    t0 = time.perf_counter()
    rc = auditor_main(cmd + (["--resume"] if args.resume else []))
    elapsed = time.perf_counter() - t0
    if rc != 0:
        return rc
    with open(args.out / "results.csv", newline="") as fh:
        res = list(csv.DictReader(fh))
    ok = [r for r in res if r["status"] == "ok"]
    not_ok = [r for r in res if r["status"] != "ok"]
    ours = shares([int(r[f"{CL}.score"]) for r in ok])
    gold_all = shares([int(r["gold_ticks"]) for r in res])
    print(f"{len(res)} dev repositories in {elapsed:.1f}s with --jobs {args.jobs}: "
          f"{len(ok)} audited, {len(not_ok)} not audited")  # fmt: skip
    for r in not_ok:
        print(f"  {r['id']}: {r['status']} (local clone: {r['clone']}): {r['message']}")
    print("\nticks  ours (audited)  dev labels (all)  PwC NeurIPS 2019 (published)")
    for k in range(6):
        print(f"{k:>5}  {ours[k]:>14.3f}  {gold_all[k]:>16.3f}  {PWC_NEURIPS2019[k]:>28.3f}")
    mean = sum(int(r[f"{CL}.score"]) for r in ok) / max(1, len(ok))
    gmean = sum(int(r["gold_ticks"]) for r in ok) / max(1, len(ok))
    pmean = sum(k * s for k, s in enumerate(PWC_NEURIPS2019))
    print(
        f" mean  {mean:>14.2f}  {gmean:>16.2f}  {pmean:>28.2f}   (dev labels mean over the audited)"
    )
    print("\nper-item agreement with the dev labels (audited repositories; partial counts as no):")
    for col, check in ITEMS.items():
        agree = sum((r[f"{CL}.{check}"] == "pass") == (r[f"gold_{col}"] == "1") for r in ok)
        ours_rate = sum(r[f"{CL}.{check}"] == "pass" for r in ok) / max(1, len(ok))
        gold_rate = sum(r[f"gold_{col}"] == "1" for r in ok) / max(1, len(ok))
        print(f"  {check:<18} agreement {agree / max(1, len(ok)):.2f}   "
              f"pass rate ours {ours_rate:.2f} / labels {gold_rate:.2f}")  # fmt: skip
    print(f"\ndashboard: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
