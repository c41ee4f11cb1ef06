"""Accuracy of the ML Code Completeness checks against Papers With Code's human labels.

Usage:
    python benchmarks/pwc_accuracy.py --repos DIR [--csv ../shared/eval/pwc2019/dev.csv]
        [--at 2020-04-01] [--json out.json] [--only owner/name ...]

DIR holds local bare clones, one folder per owner/name (DIR/owner/name). Each repo is audited
as of --at (the last commit on or before that date). A repo whose clone is missing is reported
as missing, never dropped silently. A tick is a ``pass``; ``partial`` counts as no tick.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from auditor.engine import audit
from auditor.errors import InputError

ITEMS = {
    "dependencies": "dependencies",
    "training": "training_code",
    "evaluation": "evaluation_code",
    "pretrained_model": "pretrained_models",
    "results": "results",
}
HERE = Path(__file__).resolve().parent


def owner_name(url: str) -> str:
    parts = url.rstrip("/").removesuffix(".git").split("/")
    return "/".join(parts[-2:])


def run(args: argparse.Namespace) -> int:
    rows = list(csv.DictReader(open(args.csv, newline="", encoding="utf-8")))
    if args.only:
        rows = [r for r in rows if owner_name(r["url"]) in set(args.only)]
    results = []
    missing = []
    t_all = time.perf_counter()
    for row in rows:
        name = owner_name(row["url"])
        path = Path(args.repos) / name
        if not path.exists():
            missing.append((name, "no local clone (moved, vanished or too large to fetch)"))
            continue
        t0 = time.perf_counter()
        try:
            report = audit(str(path), None, at=args.at, checklists=["ml-code-completeness"])
        except InputError as exc:
            missing.append((name, f"cannot audit: {exc}"))
            continue
        cl = report.checklists[0]
        status = {f.check: f for f in cl.findings}
        results.append(
            {"repo": name, "row": row, "status": status, "secs": time.perf_counter() - t0}
        )
    elapsed = time.perf_counter() - t_all
    print(
        f"audited {len(results)} of {len(rows)} repositories at {args.at} in {elapsed:.1f}s "
        f"({elapsed / max(len(results), 1):.2f}s each)"
    )
    for name, why in missing:
        print(f"  missing: {name}: {why}")
    print()
    print(
        f"{'item':<30}{'n':>4}{'agree':>8}{'prec':>8}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}"
        f"{'label=1':>9}"
    )
    table = {}
    rows_to_score = [(k, c, ("pass",)) for k, c in ITEMS.items()]
    rows_to_score += [(k, c, ("pass", "partial")) for k, c in ITEMS.items()]
    for label_key, check, ticks_as in rows_to_score:
        if ticks_as != ("pass",) and not any(
            r["status"][check].status == "partial" for r in results
        ):
            continue
        tp = fp = fn = tn = 0
        for r in results:
            truth = r["row"][label_key].strip() == "1"
            pred = r["status"][check].status in ticks_as
            tp += truth and pred
            fp += (not truth) and pred
            fn += truth and not pred
            tn += (not truth) and not pred
        n = tp + fp + fn + tn
        agree = (tp + tn) / n if n else 0.0
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        name = check if ticks_as == ("pass",) else f"{check} (+partial)"
        table[name] = {
            "n": n,
            "agreement": agree,
            "precision": prec,
            "recall": rec,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
        }
        print(
            f"{name:<30}{n:>4}{agree:>8.2f}{prec:>8.2f}{rec:>8.2f}{tp:>5}{fp:>5}{fn:>5}{tn:>5}"
            f"{(tp + fn) / n if n else 0:>9.2f}"
        )
    ticks = [0] * 6
    for r in results:
        ticks[sum(r["status"][c].status == "pass" for c in ITEMS.values())] += 1
    print("\nticks 0..5 (ours):", " ".join(f"{t / max(len(results), 1):.3f}" for t in ticks))
    truth_ticks = [0] * 6
    for r in results:
        truth_ticks[sum(r["row"][k].strip() == "1" for k in ITEMS)] += 1
    print("ticks 0..5 (labels):", " ".join(f"{t / max(len(results), 1):.3f}" for t in truth_ticks))
    if args.disagreements:
        print("\ndisagreements (label -> ours: summary):")
        for label_key, check in ITEMS.items():
            for r in results:
                truth = r["row"][label_key].strip() == "1"
                f = r["status"][check]
                if truth != (f.status == "pass"):
                    ev = f.evidence[0] if f.evidence else None
                    where = (ev.path or ev.url or "") if ev else ""
                    print(
                        f"  {check:<18} {r['repo']:<45} {int(truth)} -> {f.status}: {f.summary[:90]} [{where[:60]}]"
                    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "at": args.at,
                    "items": table,
                    "missing": missing,
                    "ticks": ticks,
                    "repos": {
                        r["repo"]: {c: f.status for c, f in sorted(r["status"].items())}
                        for r in results
                    },
                },
                indent=2,
            )
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repos", required=True, help="folder of bare clones, DIR/owner/name")
    p.add_argument("--csv", default=str(HERE.parent.parent / "shared/eval/pwc2019/dev.csv"))
    p.add_argument("--at", default="2020-04-01")
    p.add_argument("--json", help="write the table as JSON")
    p.add_argument("--only", nargs="*", help="audit only these owner/name")
    p.add_argument("--no-disagreements", dest="disagreements", action="store_false")
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
