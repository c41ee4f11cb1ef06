"""Agreement of the repository checks with hand labels on real ML repositories (all nine items).

    python benchmarks/repo_accuracy.py [--repos DIR] [--labels FILE ...] [--json out.json]

Label files are JSON lines in the format of ``../shared/eval/repos-dev/labels.jsonl`` (rules in
``RULES.md`` beside it): the shared development set, and ``benchmarks/repo_labels.jsonl``, our
own labels, whose ``split`` says "tune" (may be used to diagnose and improve detectors) or
"holdout" (labelled before the tool was run on them, never used to tune). Records of a later
labelling round carry ``batch`` (e.g. "r3") and are scored as their own sets (``ours-r3-tune``,
``ours-r3-holdout``), so a fresh holdout's first reading stays apart from sets measured
before. After the per-round tables, all our tune sets and all our holdout sets are also scored
pooled, for one larger sample (the per-round tables remain the readings that count as
"before" and "after"). Each repository is audited from a local bare clone (DIR/owner/name) at
its labelled commit.

Scoring follows RULES.md: on the five README items a gold "partial" flags a case two
annotators could disagree on and is left out (counted); a tool "partial" against true/false is
wrong. On the four code items "partial" is an ordinary value. Items listed in a record's
``ambiguous`` are left out of the primary score and counted. Gold "n/a" is scored on its own
(right answer: not applicable) and also shown inside "exact (all)". Licence: exact SPDX id.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from auditor.api import audit  # noqa: E402
from auditor.errors import InputError  # noqa: E402

REPOS = ROOT.parent / "pwc-repos"
# the shared set sits beside the checkout: ../shared (main) or ../../shared (a worktree in wt/)
SHARED = next(
    (d / "shared" / "eval" / "repos-dev" / "labels.jsonl" for d in ROOT.parents
     if (d / "shared" / "eval" / "repos-dev" / "labels.jsonl").is_file()),
    ROOT.parent / "shared" / "eval" / "repos-dev" / "labels.jsonl",
)  # fmt: skip
OURS = HERE / "repo_labels.jsonl"
README_ITEMS = {
    "dependencies": ("ml-code-completeness", "dependencies"),
    "training": ("ml-code-completeness", "training_code"),
    "evaluation": ("ml-code-completeness", "evaluation_code"),
    "weights": ("ml-code-completeness", "pretrained_models"),
    "results": ("ml-code-completeness", "results"),
}
CODE_ITEMS = {
    "seeds": ("code-reproducibility", "seeds"),
    "environment_pinned": ("code-reproducibility", "environment_pinned"),
    "data_availability": ("code-reproducibility", "data_availability"),
    "license": ("code-reproducibility", "license"),
}
VALUE = {"pass": True, "partial": "partial", "fail": False, "not_applicable": "n/a"}


def load(paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        if not path.is_file():
            print(f"(skipped: {path} not found)", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                batch = f"{rec['batch']}-" if rec.get("batch") else ""  # a later labelling round
                split = rec.get("split", "tune")
                rec["_set"] = "shared-dev" if path == SHARED else f"ours-{batch}{split}"
                rows.append(rec)
    return rows


def predict(rec: dict[str, Any], repos: Path) -> tuple[dict[str, Any], dict[str, str], float]:
    """Tool values per item (RULES.md vocabulary), the summaries, and seconds taken."""
    t0 = time.perf_counter()
    report = audit(
        repos / rec["repo"],
        ref=rec["commit"],
        checklists=["ml-code-completeness", "code-reproducibility"],
    )
    values: dict[str, Any] = {}
    summaries: dict[str, str] = {}
    for item, (cl, check) in {**README_ITEMS, **CODE_ITEMS}.items():
        result = report.checklist(cl)
        finding = next((f for f in result.findings if f.check == check), None) if result else None
        if finding is None:
            values[item] = "missing"
            continue
        summaries[item] = finding.summary
        if item == "license":
            spdx = finding.details.get("spdx") if finding.status == "pass" else None
            values[item] = (spdx or "unknown") if finding.status == "pass" else False
        else:
            values[item] = VALUE.get(finding.status, finding.status)
    return values, summaries, time.perf_counter() - t0


# SPDX ids the SPDX list itself deprecates in favour of another (GPL-3.0 is GPL-3.0-only): a
# label and a verdict that differ only by such an alias name the same licence
SPDX_ALIASES = {
    "GPL-2.0": "GPL-2.0-only", "GPL-3.0": "GPL-3.0-only", "LGPL-2.1": "LGPL-2.1-only",
    "LGPL-3.0": "LGPL-3.0-only", "AGPL-3.0": "AGPL-3.0-only", "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-3.0+": "GPL-3.0-or-later", "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0+": "LGPL-3.0-or-later", "GFDL-1.3": "GFDL-1.3-only",
}  # fmt: skip


def _spdx(value: Any) -> Any:
    return SPDX_ALIASES.get(value, value) if isinstance(value, str) else value


def score(rows: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in [*README_ITEMS, *CODE_ITEMS]:
        readme = item in README_ITEMS
        n = agree = tp = fp = fn = na_n = na_ok = excl_partial = excl_amb = near = 0
        for rec in rows:
            pred = preds.get(rec["repo"])
            if pred is None:
                continue
            gold = (rec["labels"] if readme else rec["code_labels"])[item]
            got = pred[item]
            if item == "license":
                gold, got = _spdx(gold), _spdx(got)
            if item in rec.get("ambiguous", []):
                excl_amb += 1
                continue
            if readme and gold == "partial":
                excl_partial += 1
                continue
            if gold == "n/a":
                na_n += 1
                na_ok += got == "n/a"
            n += 1
            agree += got == gold
            if item == "license" and got != gold and gold == "unknown" and got:
                near += 1
            if readme:
                tp += got is True and gold is True
                fp += got is True and gold is not True
                fn += got is not True and gold is True
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec_ = tp / (tp + fn) if tp + fn else float("nan")
        out[item] = {
            "n": n, "agree": agree, "agreement": agree / n if n else float("nan"),
            "precision": prec if readme else None, "recall": rec_ if readme else None,
            "na_n": na_n, "na_ok": na_ok, "excluded_partial": excl_partial,
            "excluded_ambiguous": excl_amb, "license_near_miss": near,
        }  # fmt: skip
    ticks_n = ticks_ok = 0
    for rec in rows:
        pred = preds.get(rec["repo"])
        if pred is None or any(v == "partial" for v in rec["labels"].values()):
            continue
        ticks_n += 1
        gold_ticks = sum(rec["labels"][i] is True for i in README_ITEMS)
        ticks_ok += gold_ticks == sum(pred[i] is True for i in README_ITEMS)
    out["_ticks"] = {"n": ticks_n, "exact": ticks_ok}
    return out


def fmt(x: float | None) -> str:
    return "   -" if x is None else ("  nan" if x != x else f"{x:5.2f}")


def table(name: str, res: dict[str, Any], repos: int) -> None:
    print(f"\n{name} ({repos} repositories)")
    print(f"{'item':20s} {'n':>3s} {'agree':>6s} {'prec':>5s} {'recall':>6s}  n/a ok   left out")
    for item, r in res.items():
        if item.startswith("_"):
            continue
        na = f"{r['na_ok']}/{r['na_n']}" if r["na_n"] else "-"
        left = f"{r['excluded_partial']} partial, {r['excluded_ambiguous']} ambiguous"
        extra = f", {r['license_near_miss']} near miss" if r["license_near_miss"] else ""
        print(
            f"{item:20s} {r['n']:3d} {fmt(r['agreement']):>6s} {fmt(r['precision'])} "
            f"{fmt(r['recall']):>6s}  {na:6s}   {left}{extra}"
        )
    t = res["_ticks"]
    print(f"exact tick count: {t['exact']}/{t['n']} repositories without a partial README label")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repos", type=Path, default=REPOS, help="DIR/owner/name bare clones")
    ap.add_argument("--labels", type=Path, action="append", help="label files (JSON lines)")
    ap.add_argument("--only", nargs="*", help="owner/name ... to audit")
    ap.add_argument("--json", type=Path, help="write per-repo predictions and scores here")
    ap.add_argument("--no-disagreements", action="store_true")
    ap.add_argument(
        "--show-holdout", action="store_true",
        help="also list the holdout split's disagreements (off: reading them would tune to it)",
    )  # fmt: skip
    args = ap.parse_args()
    rows = load(args.labels or [SHARED, OURS])
    if args.only:
        rows = [r for r in rows if r["repo"] in set(args.only)]
    preds: dict[str, dict[str, Any]] = {}
    summaries: dict[str, dict[str, str]] = {}
    lost: list[str] = []
    seconds: list[float] = []
    for rec in rows:
        if not (args.repos / rec["repo"]).exists():
            lost.append(f"{rec['repo']}: no local clone")
            continue
        try:
            preds[rec["repo"]], summaries[rec["repo"]], s = predict(rec, args.repos)
            seconds.append(s)
        except InputError as exc:
            lost.append(f"{rec['repo']}: {exc}")
    print(f"audited {len(preds)} of {len(rows)} repositories in {sum(seconds):.1f}s")
    for line in lost:
        print(f"  not audited: {line}")
    sets = sorted({r["_set"] for r in rows}, key=lambda s: ("shared" not in s, "holdout" in s, s))
    results = {}
    for name in sets:
        sub = [r for r in rows if r["_set"] == name]
        results[name] = score(sub, preds)
        table(name, results[name], sum(r["repo"] in preds for r in sub))
    for pool in ("tune", "holdout"):  # every round of ours together: one larger sample
        names = [n for n in sets if n.startswith("ours") and n.endswith(pool)]
        sub = [r for r in rows if r["_set"] in names]
        if len(names) > 1:
            results[f"all-{pool}"] = score(sub, preds)
            label = f"all ours-*-{pool} pooled ({len(names)} sets)"
            table(label, results[f"all-{pool}"], sum(r["repo"] in preds for r in sub))
    if not args.no_disagreements:
        print("\ndisagreements (set, item, repo: gold -> tool: summary):")
        for rec in rows:
            pred = preds.get(rec["repo"])
            if pred is None or (rec["_set"].endswith("holdout") and not args.show_holdout):
                continue
            for item in [*README_ITEMS, *CODE_ITEMS]:
                gold = (rec["labels"] if item in README_ITEMS else rec["code_labels"])[item]
                same = _spdx(pred[item]) == _spdx(gold) if item == "license" else pred[item] == gold
                if not same:
                    tag = " [ambiguous]" if item in rec.get("ambiguous", []) else ""
                    tag += (
                        " [gold partial: left out]"
                        if item in README_ITEMS and gold == "partial"
                        else ""
                    )
                    summary = summaries[rec["repo"]].get(item, "")[:110]
                    print(
                        f"  {rec['_set']:12s} {item:18s} {rec['repo']}: {gold!r} -> "
                        f"{pred[item]!r}{tag}: {summary}"
                    )
    if args.json:
        args.json.write_text(json.dumps({"predictions": preds, "scores": results}, indent=1))
    return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
