"""Terminal summary of a report (rich)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from auditor.models import Report

STYLE = {
    "pass": "green",
    "partial": "yellow",
    "fail": "red",
    "error": "magenta",
    "unknown": "dim",
    "not_applicable": "dim",
}
SYMBOL = {
    "pass": "✔",
    "partial": "◐",
    "fail": "✘",
    "error": "!",
    "unknown": "?",
    "not_applicable": "-",
}


def print_summary(
    report: Report, console: Console | None = None, paths: list[str] | None = None
) -> None:
    console = console or Console(highlight=False)
    s = report.subject
    if s.repo:
        commit = (s.repo.commit or "working tree")[:12]
        console.print(Text(f"code:  {s.repo.source} @ {commit}"))
    if s.paper:
        console.print(Text(f"paper: {s.paper.source} ({s.paper.pages} pages)"))
    if report.config:
        console.print(Text(config_line(report)))
    for cl in report.checklists:
        waived = sum(1 for f in cl.findings if f.waiver)
        extra = f" ({waived} waived)" if waived else ""
        console.print(Text(f"\n{cl.title}: {cl.score}/{cl.max_score}{extra}", style="bold"))
        for f in cl.findings:
            line = Text("  ")
            line.append(f"{SYMBOL.get(f.status, '?')} {f.status:<8}", style=STYLE.get(f.status, ""))
            line.append(f" {f.title}" + (" (advisory)" if f.advisory else ""), style="bold")
            if f.waiver:
                line.append(" [waived]", style="bold blue")
            line.append(f": {f.summary}")
            console.print(line)
            if f.waiver:
                reason = f"waived by the authors ({f.waiver.source}): {f.waiver.reason}"
                console.print(Text("      " + reason, style="blue"))
    if report.links_checked:
        console.print(Text("\n" + links_line(report)))
    for w in report.warnings:
        console.print(Text(f"note: {w}", style="yellow"))
    for p in paths or []:
        console.print(Text(f"wrote {p}"))


def config_line(report: Report) -> str:
    c = report.config
    assert c is not None
    off = ", not applied (--no-waivers)" if c.waivers and not c.waivers_applied else ""
    gate = f", fail-under {c.fail_under}" if c.fail_under is not None else ""
    return f"config: {c.path} ({c.waivers} waiver(s){off}{gate})"


def links_line(report: Report) -> str:
    counts = Counter(lk.state for lk in report.links)
    parts = [f"{counts[s]} {s}" for s in ("alive", "dead", "forbidden", "unreachable") if counts[s]]
    personal = sum(1 for lk in report.links if lk.durability == "personal")
    tail = f"; {personal} on personal cloud drives" if personal else ""
    return f"links: {len(report.links)} checked" + (": " + ", ".join(parts) if parts else "") + tail
