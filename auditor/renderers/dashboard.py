"""The batch dashboard: one self-contained HTML page (inline SVG plots, a little inline JS
for sorting and filtering, no external requests, a Content-Security-Policy that allows only
the page's own style and script by hash). Input is plain data from ``batch_summary``."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from auditor.renderers.html import STATUS_LABEL
from auditor.renderers.jinja import new_env

PALETTE = ("#0969da", "#bf8700", "#1a7f37", "#cf222e", "#8250df", "#57606a", "#bc4c00")


def csp_hash(text: object) -> str:
    digest = hashlib.sha256(str(text).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def bar_chart(
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    width: int = 560,
    height: int = 240,
) -> dict[str, Any]:
    """Geometry of a grouped vertical bar chart of shares (0..1): rects, labels, legend.
    Long category names are drawn slanted."""
    slant = any(len(c) > 4 for c in categories)
    # slanted category labels run down-left from their tick: leave room for the longest
    left, right, top, bottom = (120 if slant else 44), 10, 14, (130 if slant else 40)
    height += 90 if slant else 0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, vals in series for v in vals if v is not None] + [0.05])
    step = 0.05 if peak <= 0.2 else 0.1 if peak <= 0.5 else 0.2
    ymax = min(1.0, step * (int(peak / step - 1e-9) + 1))
    slot = plot_w / max(1, len(categories))
    bw = slot * 0.8 / max(1, len(series))
    bars, xlabels = [], []
    for i, cat in enumerate(categories):
        x0 = left + i * slot + slot * 0.1
        xlabels.append({"x": round(left + (i + 0.5) * slot, 1), "text": cat})
        for j, (name, vals) in enumerate(series):
            v = vals[i] if i < len(vals) else None
            h = 0.0 if v is None else plot_h * v / ymax
            bars.append(
                {
                    "x": round(x0 + j * bw, 1), "y": round(top + plot_h - h, 1),
                    "w": round(bw * 0.92, 1), "h": round(h, 1), "fill": PALETTE[j % len(PALETTE)],
                    "label": pct(v, 0), "title": f"{name} · {cat}: {pct(v)}", "series": name,
                }
            )  # fmt: skip
    ticks = [
        {"y": round(top + plot_h - plot_h * k * step / ymax, 1), "text": pct(k * step, 0)}
        for k in range(int(round(ymax / step)) + 1)
    ]
    legend = [
        {"name": n, "fill": PALETTE[j % len(PALETTE)], "x": left + 190 * j}
        for j, (n, _) in enumerate(series)
    ]
    return {
        "width": width, "height": height, "bars": bars, "xlabels": xlabels, "ticks": ticks,
        "legend": legend, "left": left, "base": top + plot_h, "right": width - right,
        "slant": slant,
    }  # fmt: skip


def group_series(groups: list[dict[str, Any]], checklist: str) -> list[tuple[str, list[Any]]]:
    out = []
    for g in groups[: len(PALETTE)]:
        for cl in g["checklists"]:
            if cl["id"] == checklist:
                out.append((str(g["value"]), cl["distribution"]))
    return out


@lru_cache(maxsize=1)
def _env() -> Environment:
    return new_env(
        {"csp_hash": csp_hash, "pct": pct},
        {"bar_chart": bar_chart, "group_series": group_series, "STATUS_LABEL": STATUS_LABEL},
    )


PAGE = 100  # entries per page of the table (the first page is in the HTML itself)


def entries_table(d: dict[str, Any]) -> dict[str, Any]:
    """The entries table as compact data for the page's script: one array per entry
    ``[id, report, status, [metadata], [score per checklist], [[check statuses] per
    checklist], source, message]``, plus what the script needs to label them."""
    lists = [cl["id"] for cl in d["checklists"]]
    checks: dict[str, list[tuple[str, str]]] = {c: [] for c in lists}
    for cid, chk, title in d["checks"]:
        checks.setdefault(cid, []).append((chk, title))
    rows = []
    for r in d["rows"]:
        source = " · ".join(x for x in (r.get("repo"), r.get("paper")) if x)
        if r.get("commit"):
            source += f" @ {r['commit'][:10]}"
        report = r.get("report") or ""
        rows.append(
            [
                r["id"], report if report.startswith("entries/") else "", r["status"],
                [_text(r.get(m)) for m in d["meta_columns"]],
                [r.get(f"{c}.score") for c in lists],
                [[r.get(f"{c}.{chk}") or "" for chk, _ in checks[c]] for c in lists],
                source, _text(r.get("message")),
            ]
        )  # fmt: skip
    return {
        "checklists": [
            {"id": c, "max": cl["max_score"], "checks": [list(x) for x in checks[c]]}
            for c, cl in zip(lists, d["checklists"], strict=True)
        ],
        "meta": list(d["meta_columns"]),
        "labels": STATUS_LABEL,
        "page": PAGE,
        "rows": rows,
    }


def _text(value: object) -> str:
    return "" if value is None else str(value)


def dashboard_chunks(data: dict[str, Any]) -> Iterator[str]:
    """The dashboard's HTML in pieces, as the template makes them (written without holding a
    venue's page whole)."""
    return _env().get_template("dashboard.html.j2").generate(d=data, t=entries_table(data))
