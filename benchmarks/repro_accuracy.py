"""Agreement of the code-reproducibility checks with hand labels on real ML repositories.

    python benchmarks/repro_accuracy.py [--labels benchmarks/repro_labels.csv] [--show]

Each row of the labels file names a repository (a local bare clone under ../pwc-repos, one folder per owner/name), the
commit that was read, a check id (seeds, environment_pinned), the label (pass/partial/fail)
the evidence read to decide it, and its split: "tune" rows may be used to diagnose and improve
the detectors, "holdout" rows (labelled before a detector change, never used to tune it) check
that an improvement is not overfitted. The labels were written from the code before the tool's
verdicts were looked at. Prints, per split and check, exact agreement (all classes) and
precision/recall of "pass" and of "fail".
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from auditor.engine import audit

HERE = Path(__file__).resolve().parent
REPOS = HERE.parent.parent / "pwc-repos"  # bare clones beside the project: DIR/owner/name
CHECKLIST = "code-reproducibility"


def predictions(rows: list[dict[str, str]], repos: Path) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for repo in sorted({r["repo"] for r in rows}):
        commit = next(r["commit"] for r in rows if r["repo"] == repo)
        report = audit(str(repos / repo), ref=commit, checklists=[CHECKLIST])
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
    ap.add_argument("--repos", type=Path, default=REPOS, help="DIR/owner/name bare clones")
    args = ap.parse_args()
    with open(args.labels, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    preds = predictions(rows, args.repos)
    by_check: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    misses = []
    for r in rows:
        split = r.get("split") or "tune"
        status, summary = preds.get((r["repo"], r["check"]), ("missing", ""))
        by_check[(split, r["check"])].append((r["label"], status))
        if status != r["label"]:
            misses.append((split, r["check"], r["repo"], r["label"], status, summary))
    print(f"{len({r['repo'] for r in rows})} repositories, {len(rows)} labels")
    order = {"tune": 0, "holdout": 1}
    for (split, check), pairs in sorted(
        by_check.items(), key=lambda kv: (kv[0][1], order.get(kv[0][0], 2))
    ):
        agree = sum(1 for g, p in pairs if g == p)
        print(f"\n{check} [{split}]: agreement {agree}/{len(pairs)} = {agree / len(pairs):.0%}")
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
        for split, check, repo, gold, status, summary in misses:
            print(
                f"  {split:7s} {check:19s} {repo:45s} label {gold:7s} tool {status:14s} {summary[:110]}"
            )


if __name__ == "__main__":
    main()
