"""Batch outputs from the database: ``results.csv``, ``results.jsonl`` and ``index.html``.

``auditor batch --summary OUT`` calls :func:`summarize` without auditing anything.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.batch.store import DB_NAME, FINAL, Store
from auditor.errors import InputError
from auditor.output import atomic_write, check_writable
from auditor.version import __version__

log = logging.getLogger(__name__)

#: Share of NeurIPS 2019 repositories with 0..5 ticks of the ML Code Completeness Checklist,
#: as published by Papers With Code ("ML Code Completeness Checklist", 2020).
PWC_NEURIPS2019 = (0.050, 0.085, 0.205, 0.360, 0.210, 0.090)
PWC_CHECKLIST = "ml-code-completeness"
INPUT_COLS = ("id", "repo", "paper", "ref", "at")
RESULT_COLS = ("status", "message")
TAIL_COLS = (
    "commit", "commit_date", "pdf_sha256", "tool_version", "fingerprint", "attempts",
    "started_at", "finished_at", "seconds", "report",
)  # fmt: skip


def summarize(out: Path, group_by: str | None = None, force: bool = False) -> dict[str, Any]:
    """Re-render every summary output of the batch folder ``out`` from its database."""
    with Store(out / DB_NAME, create=False) as store:
        return write_summary(store, out, group_by=group_by, force=force)


def write_summary(
    store: Store, out: Path, group_by: str | None = None, force: bool = False
) -> dict[str, Any]:
    from auditor.renderers.dashboard import dashboard_chunks

    meta_cols = json.loads(store.get_meta("metadata_columns") or "[]")
    if group_by and group_by not in meta_cols and group_by not in ("status",):
        known = ", ".join(meta_cols) or "none"
        raise InputError(f"--group-by {group_by!r}: no such metadata column (known: {known})")
    specs = store.checklist_specs()
    rows = table_rows(store.iter_entries(), store.finding_statuses(), specs, meta_cols)
    columns = result_columns(specs, meta_cols)
    targets = {n: out / n for n in ("results.csv", "results.jsonl", "index.html")}
    for name, path in targets.items():  # the database proves the folder is ours
        check_writable(path, force or name != "index.html")
    atomic_write(targets["results.csv"], csv_lines(rows, columns))
    atomic_write(targets["results.jsonl"], jsonl_lines(rows, columns))
    data = dashboard_data(rows, specs, meta_cols, group_by)
    atomic_write(targets["index.html"], dashboard_chunks(data))
    return data


def _meta_name(col: str) -> str:
    reserved = {*INPUT_COLS, *RESULT_COLS, *TAIL_COLS}
    return f"meta_{col}" if col in reserved or "." in col else col


def result_columns(specs: list[dict[str, Any]], meta_cols: list[str]) -> list[str]:
    cols = [*INPUT_COLS, *(_meta_name(c) for c in meta_cols), *RESULT_COLS]
    for s in specs:
        cols += [f"{s['id']}.score", f"{s['id']}.max_score"]
        cols += [f"{s['id']}.{c['id']}" for c in s["checks"]]
    return cols + list(TAIL_COLS)


def table_rows(
    entries: Iterable[dict[str, Any]],
    statuses: dict[str, dict[str, str]],
    specs: list[dict[str, Any]],
    meta_cols: list[str],
) -> list[dict[str, Any]]:
    """One flat row per entry: inputs, metadata, status, scores, every check's status."""
    rows = []
    score_keys = [(s["id"], f"{s['id']}.score", f"{s['id']}.max_score") for s in specs]
    meta_keys = [(c, _meta_name(c)) for c in meta_cols]
    for e in entries:
        row: dict[str, Any] = {c: e.get(c) for c in INPUT_COLS}
        for c, name in meta_keys:
            row[name] = e["metadata"].get(c, "")
        row["status"] = e["status"] if e["status"] in FINAL else "unfinished"
        row["message"] = e.get("message")
        scores = e.get("scores") or {}
        for sid, score_key, max_key in score_keys:
            got = scores.get(sid)
            row[score_key] = got[0] if got else None
            row[max_key] = got[1] if got else None
        row.update(statuses.get(e["id"], {}))
        row.update(
            commit=e.get("resolved_commit"), commit_date=e.get("commit_date"),
            pdf_sha256=e.get("pdf_sha256"), tool_version=e.get("tool_version"),
            fingerprint=e.get("fingerprint"), attempts=e.get("attempts"),
            started_at=e.get("started_at"), finished_at=e.get("finished_at"),
            seconds=e.get("seconds"),
            report=f"entries/{e['id']}/report.html" if e["status"] == "ok" else None,
        )  # fmt: skip
        row["_meta"] = {c: e["metadata"].get(c, "") for c in meta_cols}
        rows.append(row)
    return rows


def csv_lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """results.csv, line by line (a venue's table is written without being held whole)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    for values in (
        [columns],
        (["" if r.get(c) is None else r.get(c) for c in columns] for r in rows),
    ):
        for v in values:
            w.writerow(v)
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()


def jsonl_lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    return (json.dumps({c: r.get(c) for c in columns}) + "\n" for r in rows)


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def score_distribution(rows: list[dict[str, Any]], spec: dict[str, Any]) -> list[float | None]:
    scores = [r[f"{spec['id']}.score"] for r in rows if r.get(f"{spec['id']}.score") is not None]
    top = int(spec["max_score"])
    return [_share(sum(1 for s in scores if s == k), len(scores)) for k in range(top + 1)]


def item_rates(rows: list[dict[str, Any]], spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Per check: share of entries (where the checklist ran) passing, partial, failing."""
    ran = [r for r in rows if r.get(f"{spec['id']}.score") is not None]
    out = []
    for c in spec["checks"]:
        col = f"{spec['id']}.{c['id']}"
        st = [r.get(col) for r in ran]
        out.append(
            {
                "id": c["id"], "title": c["title"], "advisory": c["advisory"], "n": len(st),
                "pass": _share(st.count("pass"), len(st)),
                "partial": _share(st.count("partial"), len(st)),
                "fail": _share(st.count("fail"), len(st)),
            }
        )  # fmt: skip
    return out


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {k: 0 for k in ("total", "ok", "failed", "error", "timeout", "unfinished")}
    counts["total"] = len(rows)
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    counts["not_audited"] = counts["total"] - counts["ok"]
    return counts


def _checklist_block(rows: list[dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
    scores = [r[f"{spec['id']}.score"] for r in rows if r.get(f"{spec['id']}.score") is not None]
    return {
        "id": spec["id"], "title": spec["title"], "version": spec["version"],
        "max_score": spec["max_score"], "n": len(scores),
        "mean": round(sum(scores) / len(scores), 3) if scores else None,
        "is_paper": "paper" in spec["requires"],
        "distribution": score_distribution(rows, spec),
        "reference": list(PWC_NEURIPS2019)
        if spec["id"] == PWC_CHECKLIST and spec["max_score"] == 5 else None,
        "items": item_rates(rows, spec),
    }  # fmt: skip


def dashboard_data(
    rows: list[dict[str, Any]],
    specs: list[dict[str, Any]],
    meta_cols: list[str],
    group_by: str | None,
) -> dict[str, Any]:
    """Everything the dashboard shows, as plain data (also handy for tests)."""
    ran = [s for s in specs if any(r.get(f"{s['id']}.score") is not None for r in rows)]
    ran.sort(key=lambda s: s["id"] != PWC_CHECKLIST)  # the one with a published reference first
    groups = []
    if group_by:
        key = (lambda r: r["status"]) if group_by == "status" else (
            lambda r: r["_meta"].get(group_by, ""))  # fmt: skip
        for value in sorted({key(r) for r in rows}):
            sub = [r for r in rows if key(r) == value]
            groups.append(
                {"value": value or "(empty)", "counts": _counts(sub),
                 "checklists": [_checklist_block(sub, s) for s in ran]}
            )  # fmt: skip
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "tool_version": __version__,
        "counts": _counts(rows),
        "checklists": [_checklist_block(rows, s) for s in ran],
        "group_by": group_by,
        "groups": groups,
        "meta_columns": [_meta_name(c) for c in meta_cols],
        "checks": [(s["id"], c["id"], c["title"]) for s in ran for c in s["checks"]],
        "rows": rows,  # the same dicts (their "_meta" is not shown): no copy of a venue's rows
    }
