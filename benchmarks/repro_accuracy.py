"""Agreement of the code-reproducibility checks with hand labels on real ML repositories.

    python benchmarks/repro_accuracy.py [--labels benchmarks/repro_labels.csv] [--show]

Each row of the labels file names a repository (a local bare clone under /work/pwc-repos), the
commit that was read, a check id (seeds, environment_pinned), the label (pass/partial/fail)
and the evidence read to decide it. The labels were written from the code before the tool's
verdicts were looked at. Prints exact agreement (3 classes), and precision/recall of "pass"
and of "fail".
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from auditor.engine import audit

HERE = Path(__file__).resolve().parent
REPOS = Path("/work/pwc-repos")
CHECKLIST = "code-reproducibility"


def predictions(rows: list[dict[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for repo in sorted({r["repo"] for r in rows}):
        commit = next(r["commit"] for r in rows if r["repo"] == repo)
        report = audit(str(REPOS / repo), ref=commit, checklists=[CHECKLIST])
        result = report.checklist(CHECKLIST)
        assert result is not None
        for f in result.findings:
            out[(repo, f.check)] = (f.status, f.summary)
    return out


def pr(pairs: list[tuple[str, str]], cls: str) -> tuple[float, float, int, int]:
    tp = sum(1 for gold, pred in pairs if gold == cls and pred == cls)
    pred_n = sum(1 for _g, p in pairs if p == cls)
    gold_n = sum(1 for g, _p in pairs if g == cls)
    return (
        tp / pred_n if pred_n else float("nan"),
        tp / gold_n if gold_n else float("nan"),
        pred_n,
        gold_n,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", default=str(HERE / "repro_labels.csv"))
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    args = ap.parse_args()
    with open(args.labels, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    preds = predictions(rows)
    by_check: dict[str, list[tuple[str, str]]] = defaultdict(list)
    misses = []
    for r in rows:
        status, summary = preds.get((r["repo"], r["check"]), ("missing", ""))
        by_check[r["check"]].append((r["label"], status))
        if status != r["label"]:
            misses.append((r["check"], r["repo"], r["label"], status, summary))
    print(f"{len({r['repo'] for r in rows})} repositories, {len(rows)} labels")
    for check, pairs in sorted(by_check.items()):
        agree = sum(1 for g, p in pairs if g == p)
        print(f"\n{check}: agreement {agree}/{len(pairs)} = {agree / len(pairs):.0%}")
        for cls in ("pass", "fail"):
            p, rcl, pn, gn = pr(pairs, cls)
            print(
                f"  {cls:7s} precision {p:.2f} (of {pn} predicted)  recall {rcl:.2f} (of {gn} labelled)"
            )
        confusion: dict[tuple[str, str], int] = defaultdict(int)
        for g, pred in pairs:
            confusion[(g, pred)] += 1
        print(
            "  label -> predicted: "
            + ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(confusion.items()))
        )
    if args.show:
        print("\ndisagreements:")
        for check, repo, gold, status, summary in misses:
            print(f"  {check:19s} {repo:50s} label {gold:7s} tool {status:14s} {summary[:110]}")


if __name__ == "__main__":
    main()
