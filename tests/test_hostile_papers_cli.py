"""Hostile papers through the CLI (`auditor audit --paper`): the paper engineer's suite tests
the PDF reader itself; here each case must end in a report or one line with exit 2, and
nothing is written outside the output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from auditor.demo import demo_inputs

DEMO_PDF = Path(demo_inputs()[1] or "")


def cases(tmp: Path) -> dict[str, Path]:
    good = DEMO_PDF.read_bytes()
    files = {
        "empty.pdf": b"",
        "not-a-pdf.pdf": b"<html><script>alert(1)</script></html>",
        "truncated.pdf": good[: len(good) // 3],
        "header-only.pdf": b"%PDF-1.7\n%%EOF\n",
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 64,
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    return out


@pytest.mark.skipif(not DEMO_PDF.is_file(), reason="no bundled example paper")
@pytest.mark.parametrize(
    "name", ["empty.pdf", "not-a-pdf.pdf", "truncated.pdf", "header-only.pdf", "garbage.pdf"]
)
def test_broken_papers_end_cleanly(sandbox: Path, capsys, name: str) -> None:
    paper = cases(sandbox)[name]
    out = sandbox / "out"
    rc, err = run_cli(["audit", "--paper", str(paper), "--out", str(out), "-q"], capsys)
    if rc == 0:
        report = json.loads((out / "report.json").read_text())
        statuses = {f["status"] for c in report["checklists"] for f in c["findings"]}
        assert statuses <= {"pass", "partial", "fail", "not_applicable", "unknown", "error"}
        assert report["subject"]["paper"] is not None
    else:
        assert not out.exists() and err.startswith("auditor: error:")
    left = sorted(p.name for p in sandbox.iterdir())
    assert left == sorted([*cases(sandbox), "tmp", *(["out"] if rc == 0 else [])])


def test_paper_argument_injection(sandbox: Path, capsys) -> None:
    for spec in (
        "--output=/etc/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "/nonexistent.pdf",
    ):
        rc, err = run_cli(["audit", f"--paper={spec}", "--out", str(sandbox / "out"), "-q"], capsys)
        assert rc == 2, spec
        assert "root:x" not in err
