"""Accuracy of the paper-reporting detectors against hand labels.

Usage: python benchmarks/paper_accuracy.py [--eval-dir DIR] [--quiet]

DIR holds papers.jsonl and pdfs/ (default: ../shared/eval/papers-dev next to the repo). Prints,
per item, precision and recall (hyperparameters under the lenient mapping, partial -> reported,
and the strict one, partial -> not reported), then again without the labels marked ambiguous,
then every disagreement with the detector's summary and first quote.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.detectors import run_detector  # noqa: E402
from auditor.facts import Facts  # noqa: E402
from auditor.facts.paper import load_paper  # noqa: E402
from auditor.limits import Limits  # noqa: E402

ITEMS = {
    "hyperparameters": "paper_hyperparameters",
    "seeds": "paper_seeds",
    "error_bars": "paper_error_bars",
    "compute": "paper_compute",
    "code_link": "paper_code_link",
    "results_table": "paper_results_table",
}
# the labels say false for papers that train nothing (their notes say "no training"), so the
# detector's not_applicable ("trains nothing") scores as false, like fail
HYPER_STATUS = {"pass": True, "partial": "partial", "fail": False, "not_applicable": False}


def predict(facts: Facts) -> dict[str, tuple[object, str, str]]:
    out = {}
    for item, name in ITEMS.items():
        o = run_detector(name, facts, {})
        if item == "hyperparameters":
            value: object = HYPER_STATUS.get(o.status, False)
        else:
            value = o.status == "pass"
        first = o.evidence[0] if o.evidence else None
        quote = f"p{first.page}: {first.excerpt}" if first else (o.searched or "")[:90]
        out[item] = (value, o.summary, quote)
    return out


def _no_training(row: dict) -> bool:
    note = (row["evidence"]["hyperparameters"].get("note") or "").lower()
    return bool(re.search(r"\bno (?:network )?training\b", note))


def positive(item: str, value: object, mode: str) -> bool:
    if item == "hyperparameters":
        return value is True or (mode == "lenient" and value == "partial")
    return bool(value)


def score(rows: list[dict], preds: dict[str, dict], skip_ambiguous: bool) -> list[tuple]:
    table = []
    for item in ITEMS:
        modes = ("lenient", "strict") if item == "hyperparameters" else ("",)
        for mode in modes:
            tp = fp = fn = tn = 0
            for r in rows:
                if skip_ambiguous and item in r.get("ambiguous", []):
                    continue
                gold = positive(item, r["labels"][item], mode)
                pred = positive(item, preds[r["file"]][item][0], mode)
                tp += gold and pred
                fp += pred and not gold
                fn += gold and not pred
                tn += not gold and not pred
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            name = f"{item} ({mode})" if mode else item
            table.append((name, p, rc, tp, fp, fn, tn))
    return table


def print_table(title: str, table: list[tuple]) -> None:
    print(f"\n{title}")
    print(f"| {'item':<28} | precision | recall | TP | FP | FN | TN |")
    print(f"|{'-' * 30}|-----------|--------|----|----|----|----|")
    for name, p, rc, tp, fp, fn, tn in table:
        print(f"| {name:<28} | {p:9.2f} | {rc:6.2f} | {tp:2} | {fp:2} | {fn:2} | {tn:2} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared/eval/papers-dev")
    ap.add_argument("--quiet", action="store_true", help="tables only")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    lines = (args.eval_dir / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in lines if x.strip()]
    preds: dict[str, dict] = {}
    start = time.perf_counter()
    for r in rows:
        paper = load_paper(args.eval_dir / r["file"], Limits())
        preds[r["file"]] = predict(Facts(paper=paper))
    print(f"{len(rows)} papers audited in {time.perf_counter() - start:.1f}s")
    print_table("All labels", score(rows, preds, skip_ambiguous=False))
    print_table("Excluding labels marked ambiguous", score(rows, preds, skip_ambiguous=True))
    na = [r for r in rows if preds[r["file"]]["hyperparameters"][1].startswith("The paper trains")]
    noted = [r for r in rows if _no_training(r)]
    print(
        f"\nhyperparameters not_applicable (scored as false): {len(na)} papers, "
        f"{sum(map(_no_training, na))} of them among the {len(noted)} whose label note says "
        "'no training'"
    )
    if not args.quiet:
        print("\nDisagreements (gold -> predicted):")
        for r in rows:
            for item in ITEMS:
                value, summary, quote = preds[r["file"]][item]
                if value != r["labels"][item]:
                    amb = " [ambiguous]" if item in r.get("ambiguous", []) else ""
                    print(f"- {Path(r['file']).stem} {item}{amb}: {r['labels'][item]} -> {value}")
                    print(f"    {summary}\n    {quote[:200]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
