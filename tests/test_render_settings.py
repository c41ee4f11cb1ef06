"""The hyperparameters_match table in the HTML and Markdown reports: rows side by side, escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from auditor.models import ChecklistResult, Finding, Report, Subject, ToolInfo
from auditor.renderers import render_html, render_markdown

ROWS = [
    {
        "setting": "learning_rate", "status": "differs", "paper_value": "3e-4", "paper_page": 6,
        "paper_quote": "a learning rate of 3e-4 <script>x</script>", "paper_scope": None,
        "code_value": "0.001", "code_path": "configs/a|b.yaml", "code_line": 4, "code_key": "lr",
        "code_scope": "configs/a.yaml", "others": [], "experiment": "Net-<b>L</b>",
    },
    {
        "setting": "batch_size", "status": "unclear", "paper_value": "256", "paper_page": 6,
        "paper_quote": "a batch size of 256", "paper_scope": None, "code_value": None,
        "code_path": None, "code_line": None, "code_key": None, "code_scope": None,
        "others": ["32", "64"],
    },
]  # fmt: skip


def _report() -> Report:
    finding = Finding(
        check="hyperparameters_match", title="Hyperparameters match", status="fail",
        summary="1 setting differs", details={"rows": ROWS},
    )  # fmt: skip
    cl = ChecklistResult(
        id="paper-code", title="Paper and code", version="1", score=0, max_score=1,
        findings=(finding,),
    )  # fmt: skip
    return Report(
        tool=ToolInfo(version="0"), created="2026-01-01T00:00:00+00:00", subject=Subject(),
        checklists=(cl,),
    )  # fmt: skip


def test_html_table_side_by_side_and_escaped() -> None:
    html = render_html(_report())
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("#paper-code-hyperparameters_match table.settings")
    assert table is not None
    rows = table.select("tbody tr")
    assert [r.get("class") for r in rows] == [["differs"], ["unclear"]]
    first = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert first[0] == "learning_rate" and "3e-4" in first[1] and "page 6" in first[1]
    assert "0.001" in first[2] and "configs/a|b.yaml:4" in first[2] and first[3] == "differs"
    assert "(for Net-<b>L</b>)" in first[2]  # the experiment the value is linked by, escaped
    assert "other values: 32, 64" in rows[1].get_text(" ", strip=True)
    assert "<script>x</script>" not in html and soup.find("script") is None


def test_markdown_table() -> None:
    md = render_markdown(_report())
    lines = [ln for ln in md.splitlines() if ln.startswith("| `")]
    assert len(lines) == 2
    assert lines[0].count(" | ") == 3  # four cells: the pipe in the path is escaped
    assert "(for " in lines[0] and "(for " not in lines[1]
    assert "`configs/a\\|b.yaml:4`" in lines[0] and lines[0].endswith("| differs |")
    assert "other values: `32`, `64`" in lines[1]
