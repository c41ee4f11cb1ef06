"""Notes for the review: one neutral sentence per defect, most important first."""

from __future__ import annotations

from auditor.cli import main
from auditor.models import ChecklistResult, Evidence, Finding, Report, Subject, ToolInfo
from auditor.renderers import render_review


def _f(check, status, weight=1, advisory=False, evidence=(), searched=None):
    return Finding(
        check=check, title=check.title(), status=status, summary=f"{check} summary",
        weight=weight, advisory=advisory, evidence=evidence, searched=searched,
    )  # fmt: skip


def _report(findings):
    cl = ChecklistResult(id="c", title="C", version="1", score=0, max_score=1, findings=findings)
    return Report(tool=ToolInfo(version="9"), created="now", subject=Subject(), checklists=(cl,))


def test_defects_only_most_important_first_with_locations():
    text = render_review(_report((
        _f("passing", "pass"),
        _f("tracking", "fail", advisory=True),
        _f("seeds", "partial", weight=2, evidence=(Evidence(kind="file", path="t.py", line=3),)),
        _f("evaluation", "fail", evidence=(Evidence(kind="paper", page=4),)),
        _f("unknowable", "unknown"),
        _f("results", "fail", weight=2, searched="README tables"),
    )))  # fmt: skip
    lines = [ln for ln in text.splitlines() if ln[:1].isdigit()]
    assert lines == [
        "1. Results: results summary (searched: README tables).",
        "2. Evaluation: evaluation summary (page 4).",
        "3. Seeds: seeds summary (t.py:3).",
        "4. Tracking: tracking summary.",
    ]
    assert "passing" not in text.lower() and "unknowable" not in text.lower()


def test_no_defects_says_so():
    text = render_review(_report((_f("ok", "pass"),)))
    assert text.startswith("The automated reproducibility checks found no defects.")


def test_cli_writes_review_txt(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["demo", "--out", str(out), "--format", "review", "-q"]) == 0
    text = (out / "review.txt").read_text()
    # the demo's one located defect: a paper setting the code does not carry (with its page)
    assert "uses the hyperparameters the paper reports:" in text and "(page 1" in text
    assert "Licence" not in text  # a passing check has no sentence
    assert main(["demo", "--out", str(out), "--format", "review", "-q"]) == 0  # ours: replaced
