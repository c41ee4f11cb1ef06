"""Terminal summary of a report (rich)."""

from __future__ import annotations

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
    for cl in report.checklists:
        console.print(Text(f"\n{cl.title}: {cl.score}/{cl.max_score}", style="bold"))
        for f in cl.findings:
            line = Text("  ")
            line.append(f"{SYMBOL.get(f.status, '?')} {f.status:<8}", style=STYLE.get(f.status, ""))
            line.append(f" {f.title}" + (" (advisory)" if f.advisory else ""), style="bold")
            line.append(f": {f.summary}")
            console.print(line)
    for w in report.warnings:
        console.print(Text(f"note: {w}", style="yellow"))
    for p in paths or []:
        console.print(Text(f"wrote {p}"))
