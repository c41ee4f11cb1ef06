"""The Markdown report: readable, and untrusted text cannot break out of its place."""

from __future__ import annotations

from markdown_it import MarkdownIt

from auditor.models import (
    ChecklistResult,
    Evidence,
    Finding,
    Report,
    RepoSubject,
    Subject,
    ToolInfo,
)  # fmt: skip
from auditor.renderers.markdown import _code, render_markdown


def _report(source: str, excerpt: str) -> Report:
    finding = Finding(
        check="dependencies", title="Dependencies", status="fail", summary="none <b>found</b>",
        evidence=(Evidence(kind="file", path="a_b/`x`.txt", line=3, excerpt=excerpt),),
        searched="requirements*.txt", advice="Add a requirements.txt",
    )  # fmt: skip
    cl = ChecklistResult(id="c", title="C", version="1", score=0, max_score=1, findings=(finding,))
    return Report(
        tool=ToolInfo(version="0"), created="now",
        subject=Subject(repo=RepoSubject(source=source, commit="abc")), checklists=(cl,),
    )  # fmt: skip


def test_code_spans_hold_any_text():
    assert _code("a_b\\c") == "`a_b\\c`"
    assert _code("x `y` z") == "``x `y` z``"
    assert _code("`edge`") == "`` `edge` ``"


def test_untrusted_text_renders_as_text():
    md = render_markdown(
        _report("repo_`with`<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
    )
    html = MarkdownIt("commonmark").render(md)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "repo_`with`&lt;script&gt;" in html  # the source shown verbatim in a code span
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Searched: requirements*.txt" in md.replace("\\*", "*")
