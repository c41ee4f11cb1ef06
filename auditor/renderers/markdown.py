from __future__ import annotations

from auditor.models import Evidence, Report

ICON = {
    "pass": "✅",
    "partial": "🟡",
    "fail": "❌",
    "not_applicable": "➖",
    "unknown": "❔",
    "error": "⚠️",
}


def _md_escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def _code(text: str) -> str:
    """An inline code span that holds any text (backslashes are literal inside code spans)."""
    text = text.replace("\n", " ")
    longest = 0
    run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def evidence_text(ev: Evidence) -> str:
    where = []
    if ev.path:
        where.append(ev.path + (f":{ev.line}" if ev.line else ""))
    if ev.page:
        where.append(f"page {ev.page}")
    if ev.heading:
        where.append(f"under “{ev.heading}”")
    if ev.url:
        where.append(ev.url)
    quote = f" “{ev.excerpt}”" if ev.excerpt else ""
    return " ".join(where) + quote


SETTINGS_CHECK = "hyperparameters_match"


def _cell(text: object) -> str:
    """A code span inside a table cell (a pipe would end the cell)."""
    return _code(str(text).replace("|", "\\|"))


def settings_table(rows: object) -> list[str]:
    """The paper-versus-code settings table (details.rows of hyperparameters_match)."""
    if not isinstance(rows, list) or not rows:
        return []
    out = ["", "| setting | paper (value, page, quote) | code (value, path:line) | result |"]
    out.append("|---|---|---|---|")
    for r in rows:
        paper = "—"
        if r.get("paper_value") is not None:
            paper = f"{_cell(r['paper_value'])} p.{r.get('paper_page')}: “{_md_escape(str(r.get('paper_quote') or ''))}”"
        code = "—"
        if r.get("code_value") is not None:
            where = (
                f"{r.get('code_path')}:{r.get('code_line')}"
                if r.get("code_line")
                else str(r.get("code_path"))
            )
            code = f"{_cell(r['code_value'])} at {_cell(where)}"
            if r.get("experiment"):
                code += f" (for {_cell(r['experiment'])})"
        elif r.get("others"):
            code = "other values: " + ", ".join(_cell(x) for x in r["others"])
        out.append(
            f"| {_cell(r.get('setting'))} | {paper} | {code} | {_md_escape(str(r.get('status')))} |"
        )
    return out + [""]


def render_markdown(report: Report) -> str:
    lines = ["# Reproducibility audit", ""]
    s = report.subject
    if s.repo:
        lines.append(f"- Code: {_code(s.repo.source)} at {_code(s.repo.commit or 'working tree')}")
    if s.paper:
        lines.append(
            f"- Paper: {_code(s.paper.source)} ({s.paper.pages} pages, sha256 {s.paper.sha256})"
        )
    lines.append(f"- auditor {report.tool.version}, {report.created}")
    for w in report.warnings:
        lines.append(f"- Warning: {_md_escape(w)}")
    if report.config:
        lines.append(_config_line(report))
    for cl in report.checklists:
        n_waived = sum(1 for f in cl.findings if f.waiver)
        extra = f" ({n_waived} waived)" if n_waived else ""
        lines += ["", f"## {_md_escape(cl.title)}: {cl.score}/{cl.max_score}{extra}", ""]
        for f in cl.findings:
            adv = " (advisory)" if f.advisory else ""
            waived = " (waived)" if f.waiver else ""
            lines.append(f"### {ICON.get(f.status, '')} {f.title}: {f.status}{adv}{waived}")
            lines.append("")
            if f.waiver:
                lines.append(
                    f"> **Waived by the authors** ({_code(f.waiver.source)}): "
                    f"{_md_escape(f.waiver.reason)}"
                )
                lines.append("")
            lines.append(_md_escape(f.summary))
            for ev in f.evidence:
                lines.append(f"- {_md_escape(evidence_text(ev))}")
            lines += settings_table(f.details.get("rows")) if f.check == SETTINGS_CHECK else []
            if f.searched and f.status != "pass":
                lines.append(f"- Searched: {_md_escape(f.searched)}")
            if f.advice:
                lines.append(f"- Advice: {_md_escape(f.advice)}")
            lines.append("")
    lines += _links(report)
    return "\n".join(lines) + "\n"


def _config_line(report: Report) -> str:
    c = report.config
    assert c is not None
    state = "" if c.waivers_applied or not c.waivers else ", not applied (--no-waivers)"
    gate = f", fail-under {c.fail_under}" if c.fail_under is not None else ""
    return f"- Authors' configuration: {_code(c.path)} ({c.waivers} waiver(s){state}{gate})"


def _links(report: Report) -> list[str]:
    if not report.links_checked:
        return ["Links were not checked (run with `--check-links` to resolve them)."]
    lines = [
        "## Links checked",
        "",
        "| link | state | HTTP | host | cited by |",
        "|---|---|---|---|---|",
    ]
    for lk in report.links:
        lines.append(
            f"| {_md_escape(lk.url)} | {lk.state} | {lk.http_status or ''} | {lk.durability} | "
            f"{_md_escape(', '.join(lk.checks))} |"
        )
    return lines + [""]
