"""Accuracy of the hyperparameters_match check against hand labels of real paper + code pairs.

Usage: python benchmarks/paper_code_accuracy.py [--eval-dir DIR] [--pdf-dir DIR] [--repos DIR]
       [--split tune|holdout|both] [--show-holdout] [--quiet]

Labels: benchmarks/paper_code_labels.jsonl (one pair per line; each setting the paper states
labelled match / differs / paper_only / code_only from the paper and the code by reading, before
the tool was run; "split" is tune or holdout). A label's PDF is paper.pdf relative to --eval-dir
(papers-dev, pdf_base "eval-dir") or --pdf-dir (pdf_base "pdf-dir"); the code is the bare clone
--repos/OWNER/NAME audited at the labelled commit.

Scoring: a predicted row (setting, paper value) is paired with the label of the same setting and
paper value; settings the pair marks ambiguous are left out. Precision of "differs" (and of
"match") counts every predicted row of that status, also those with no label (a wrong setting or
value read from the paper); recall counts the labelled rows of that status that got it. Tune and
holdout are reported separately; the holdout disagreements are listed only with --show-holdout,
so rules are never changed by reading them.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.engine import audit  # noqa: E402
from auditor.facts.paper.settings import parse_number  # noqa: E402

LABELS = ROOT / "benchmarks" / "paper_code_labels.jsonl"
# label names -> the canonical settings the check reports
FAMILY = {
    "warmup": ("warmup_steps", "warmup_ratio", "warmup_epochs"),
    "seeds": ("runs",),
}
NAMES = ("optimizer", "lr_schedule")
VALUE_RE = re.compile(
    r"\d+(?:\.\d+)?\s?[×x·]\s?10\s?[−–-]?\s?\d+|\d+(?:\.\d+)?\s?[eE]\s?[-−–]?\s?\d+|10\s?[−–-]\s?\d+|"
    r"\d+(?:\.\d+)?\s?%|\d{1,3}(?:,\s\d{3})+\b|\d+(?:[.,]\d+)*\s?[KkM]?\b|one|two|three|four|five|six|seven|eight|nine|ten"
)


def _settings_of(label: str) -> tuple[str, ...]:
    return FAMILY.get(label, (label,))


def _number(text: str | None) -> float | None:
    if not text:
        return None
    head = text.split(" (")[0]
    m = re.match(rf"\s*(?:[A-Za-zηλαβ]+\s*=\s*)?({VALUE_RE.pattern})", head)
    return parse_number(m.group(1)) if m else None


def _same_value(setting: str, gold: str | None, pred: str | None) -> bool:
    if not gold or not pred:
        return False
    if setting in NAMES:
        g, p = gold.lower(), pred.lower()
        return p in g.split(" (")[0] or g.split(" (")[0].startswith(p)
    a, b = _number(gold), _number(pred)
    if a is None or b is None:
        return False
    if "%" in gold and "%" not in pred and b > 1:
        return False
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def predict(pair: dict, args: argparse.Namespace) -> tuple[str, list[dict]]:
    base = args.eval_dir if pair["paper"]["pdf_base"] == "eval-dir" else args.pdf_dir
    repo = args.repos / pair["repo"]
    report = audit(
        str(repo),
        str(base / pair["paper"]["pdf"]),
        ref=pair["commit"],
        checklists=["paper-code"],
        use_paper_cache=False,
    )
    result = report.checklist("paper-code")
    assert result is not None
    finding = next(f for f in result.findings if f.check == "hyperparameters_match")
    rows = finding.details.get("rows", [])
    return finding.status, list(rows) if isinstance(rows, list) else []


def _golds(pair: dict, r: dict) -> list[dict]:
    return [
        s
        for s in pair["settings"]
        if r["setting"] in _settings_of(s["setting"])
        and _same_value(r["setting"], s["paper_value"], r["paper_value"])
    ]


def _pair_rows(pair: dict, rows: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Each predicted match/differs row with the labels it stands for (none: no label)."""
    out = []
    amb = set(pair.get("ambiguous", []))
    for r in rows:
        if r["status"] not in ("match", "differs"):
            continue
        gold = _golds(pair, r)
        if any(s["setting"] in amb for s in gold) or (
            not gold and any(r["setting"] in _settings_of(a) for a in amb)
        ):
            continue
        out.append((r, gold))
    return out


def score(pairs: list[dict], preds: dict[str, tuple[str, list[dict]]]) -> dict[str, list[int]]:
    """status -> [predicted, correct, labelled, recalled]."""
    table = {"differs": [0, 0, 0, 0], "match": [0, 0, 0, 0]}
    for pair in pairs:
        amb = set(pair.get("ambiguous", []))
        paired = _pair_rows(pair, preds[pair["id"]][1])
        for status, counts in table.items():
            mine = [(r, g) for r, g in paired if r["status"] == status]
            counts[0] += len(mine)
            counts[1] += sum(1 for _, g in mine if any(s["label"] == status for s in g))
            labelled = [
                s for s in pair["settings"] if s["label"] == status and s["setting"] not in amb
            ]
            counts[2] += len(labelled)
            counts[3] += sum(1 for s in labelled if any(s in g for _, g in mine))
    return table


def print_table(title: str, table: dict[str, list[int]]) -> None:
    print(f"\n{title}")
    print("| status  | precision | recall | predicted | correct | labelled | recalled |")
    print("|---------|-----------|--------|-----------|---------|----------|----------|")
    for status, (pred, ok, lab, rec) in table.items():
        p = ok / pred if pred else float("nan")
        r = rec / lab if lab else float("nan")
        print(f"| {status:<7} | {p:9.2f} | {r:6.2f} | {pred:9} | {ok:7} | {lab:8} | {rec:8} |")


def disagreements(pairs: list[dict], preds: dict[str, tuple[str, list[dict]]]) -> None:
    for pair in pairs:
        status, rows = preds[pair["id"]]
        print(f"- {pair['id']} ({pair['repo']}): {status}")
        paired = _pair_rows(pair, rows)
        for r, g in paired:
            if not any(x["label"] == r["status"] for x in g):
                gold = "/".join(x["label"] for x in g) or "no label"
                print(
                    f"    predicted {r['status']} ({gold}): {r['setting']} paper "
                    f"{r['paper_value']!r} p{r['paper_page']} vs code {r['code_value']!r} "
                    f"{r['code_path']}:{r['code_line']}"
                )
        amb = set(pair.get("ambiguous", []))
        for s in pair["settings"]:
            if s["label"] in ("differs", "match") and s["setting"] not in amb:
                if not any(s in g and r["status"] == s["label"] for r, g in paired):
                    print(
                        f"    missed {s['label']}: {s['setting']} paper {s['paper_value']!r} "
                        f"vs code {s['code_value']!r} {s['code_path']}:{s['code_line']}"
                    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared/eval/papers-dev")
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "pairs-pdfs")
    ap.add_argument("--repos", type=Path, default=ROOT.parent / "pwc-repos")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument(
        "--show-holdout",
        action="store_true",
        help="also list the holdout split's disagreements (off: reading them would tune to it)",
    )
    ap.add_argument(
        "--split", choices=("tune", "holdout", "both"), default="both", help="pairs to audit"
    )
    ap.add_argument("--quiet", action="store_true", help="tables only")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    lines = args.labels.read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(x) for x in lines if x.strip()]
    pairs = [p for p in pairs if args.split in ("both", p["split"])]
    preds: dict[str, tuple[str, list[dict]]] = {}
    start = time.perf_counter()
    for pair in pairs:
        preds[pair["id"]] = predict(pair, args)
    print(f"{len(pairs)} pairs audited in {time.perf_counter() - start:.1f}s")
    for split in ("tune", "holdout"):
        part = [p for p in pairs if p["split"] == split]
        if not part:
            continue
        statuses = sorted({preds[p["id"]][0] for p in part})
        dist = ", ".join(f"{s} {sum(preds[p['id']][0] == s for p in part)}" for s in statuses)
        print_table(f"{split} ({len(part)} pairs; check status: {dist})", score(part, preds))
    if not args.quiet:
        shown = [p for p in pairs if p["split"] == "tune" or args.show_holdout]
        print("\nDisagreements" + (" (tune only; --show-holdout for the rest)"
                                   if not args.show_holdout else "") + ":")  # fmt: skip
        disagreements(shown, preds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
