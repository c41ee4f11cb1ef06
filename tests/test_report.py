"""Report contract: report.json validates against `auditor schema`; the HTML report escapes
everything taken from a repo (README text, link targets, file names)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import HOSTILE_FILES, PAYLOADS, build_git_repo, hostile_report

from auditor.cli import main
from auditor.models import report_schema
from auditor.renderers import render_html, render_json, render_markdown

CL = ["--checklist", "ml-code-completeness"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def audit_to(tmp_path: Path, repo: Path, *extra: str) -> Path:
    out = tmp_path / "out"
    assert main(["audit", "--repo", str(repo), "--out", str(out), "-q", *extra]) == 0
    return out


@pytest.fixture
def hostile_out(tmp_path: Path) -> Path:
    build_git_repo(tmp_path / "evil", HOSTILE_FILES)
    return audit_to(tmp_path, tmp_path / "evil", *CL)


def test_demo_report_validates(tmp_cwd: Path, validator, capsys) -> None:
    assert main(["demo", "-q"]) == 0
    data = json.loads((tmp_cwd / "reports/demo/report.json").read_text())
    validator.validate(data)
    assert main(["schema"]) == 0  # the printed schema is the one we validate against
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(report_schema()))


def test_hostile_report_validates_and_schema_rejects_bad_reports(hostile_out: Path, validator):
    data = json.loads((hostile_out / "report.json").read_text())
    validator.validate(data)
    for path, bad in (
        (("checklists", 0, "findings", 0, "status"), "maybe"),
        (("checklists", 0, "score"), "five"),
        (("schema_version",), None),
    ):
        broken = json.loads(json.dumps(data))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = bad
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)


def assert_inert(html: str) -> BeautifulSoup:
    """No script, no event handler, no active URL anywhere in the document."""
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "iframe", "object", "embed", "svg", "img", "form"]) == []
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"event handler on <{tag.name}>: {attr}"
            if attr in ("href", "src", "action", "formaction", "xlink:href"):
                assert str(value).startswith("https://") or str(value).startswith("http://"), value
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]
    return soup


def test_hostile_report_fields_render_as_text() -> None:
    html = render_html(hostile_report())
    soup = assert_inert(html)
    text = soup.get_text()
    for payload in PAYLOADS:
        assert payload in text, payload  # shown literally, not interpreted
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert not any("javascript:" in h or h.startswith("data:") for h in hrefs)
    # the github evidence link percent-encodes an HTML file name
    assert any(h.startswith("https://github.com/evil/repo/blob/") and "%3Cimg" in h for h in hrefs)


def test_hostile_repo_end_to_end(hostile_out: Path) -> None:
    html = (hostile_out / "report.html").read_text(encoding="utf-8")
    soup = assert_inert(html)
    text = soup.get_text()
    # file names with HTML reach the report as evidence, as text
    assert "train_\"><img src=x onerror=alert('xss-name')>.py" in text
    assert "<script>alert('xss-cmd')</script>" in text
    # the javascript:/data: README links were never made clickable
    assert "xss-link" not in " ".join(a.get("href", "") for a in soup.find_all("a"))
    data = json.loads((hostile_out / "report.json").read_text())
    assert data["checklists"][0]["id"] == "ml-code-completeness"


def test_markdown_report_keeps_payloads_out_of_links() -> None:
    md = render_markdown(hostile_report())
    assert "](javascript:" not in md and "](data:" not in md
    json.loads(render_json(hostile_report()))  # and the JSON stays JSON
