"""SARIF 2.1.0 output (validated against the official schema) and the SVG badge."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import build_git_repo, hostile_report

import auditor
from auditor.cli import main
from auditor.models import ChecklistResult, Evidence, Finding, Report, Subject, ToolInfo, Waiver
from auditor.renderers.badge import colour, render_badge
from auditor.renderers.sarif import render_sarif

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` beside the checkout; in a git worktree, beside the main checkout."""
    dot_git = ROOT / ".git"
    roots = [ROOT]
    if dot_git.is_file():  # "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(dot_git.read_text().partition("gitdir:")[2].strip())
        roots.append(gitdir.parent.parent.parent)
    for root in roots:
        if (root.parent / "shared").is_dir():
            return root.parent / "shared"
    return ROOT.parent / "shared"


SARIF_SCHEMA = shared_dir() / "schemas" / "sarif-schema-2.1.0.json"
SVG = "{http://www.w3.org/2000/svg}"


def finding(check: str, status: str, **kw) -> Finding:  # type: ignore[no-untyped-def]
    return Finding(check=check, title=check.title(), status=status, summary=f"{check} is {status}",
                   why=f"why {check}", fix=f"fix {check}", **kw)  # fmt: skip


def report_of(*findings: Finding, score: int = 1, max_score: int = 5) -> Report:
    cl = ChecklistResult(
        id="ml-code-completeness", title="ML Code Completeness Checklist", version="1",
        source_url="https://github.com/paperswithcode/releasing-research-code",
        score=score, max_score=max_score, findings=findings,
    )  # fmt: skip
    return Report(tool=ToolInfo(version="0.1.0"), created="2026-01-01T00:00:00+00:00",
                  subject=Subject(), checklists=(cl,))  # fmt: skip


SAMPLE = report_of(
    finding("dependencies", "pass"),
    finding("training_code", "fail", evidence=(
        Evidence(kind="file", path="src/my train.py", line=12, excerpt="x"),)),
    finding("evaluation_code", "partial", evidence=(
        Evidence(kind="url", url="https://x.org", path="README.md", line=3),)),
    finding("pretrained_models", "unknown"),
    finding("results", "error", waiver=Waiver(reason="in the appendix", source=".auditor.toml")),
    finding("demo", "fail", advisory=True),
    finding("seeds", "not_applicable"),
)  # fmt: skip


@pytest.fixture(scope="module")
def sarif_schema() -> dict:  # type: ignore[type-arg]
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (../shared is absent)")
    return json.loads(SARIF_SCHEMA.read_text())


def validate(doc: dict, schema: dict) -> None:  # type: ignore[type-arg]
    import jsonschema

    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert errors == [], [e.message for e in errors[:5]]


def test_sarif_matches_the_official_schema(sarif_schema) -> None:
    validate(json.loads(render_sarif(SAMPLE)), sarif_schema)
    validate(json.loads(render_sarif(hostile_report())), sarif_schema)
    broken = json.loads(render_sarif(SAMPLE))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError, match="fatal"):
        validate(broken, sarif_schema)


def test_sarif_of_a_real_audit_matches_the_schema(sarif_schema, tmp_path: Path, capsys) -> None:
    from auditor.demo import demo_inputs

    repo, paper = demo_inputs()
    out = tmp_path / "out"
    assert main(["audit", "--repo", repo, "--paper", paper, "--out", str(out), "--format",
                 "sarif", "-q"]) == 0  # fmt: skip
    doc = json.loads((out / "report.sarif").read_text())
    validate(doc, sarif_schema)
    assert doc["runs"][0]["results"], "the demo has findings that did not pass"


def test_sarif_rules_results_levels_and_locations() -> None:
    run = json.loads(render_sarif(SAMPLE))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [f"ml-code-completeness/{f.check}" for f in
                                        SAMPLE.checklists[0].findings]  # fmt: skip
    assert rules[1]["fullDescription"]["text"] == "why training_code"
    assert rules[1]["help"]["text"] == "fix training_code"
    assert rules[1]["helpUri"] == "https://github.com/paperswithcode/releasing-research-code"
    by_rule = {r["ruleId"].split("/")[1]: r for r in run["results"]}
    assert set(by_rule) == {"training_code", "evaluation_code", "pretrained_models", "results",
                            "demo"}  # fmt: skip
    levels = {k: v["level"] for k, v in by_rule.items()}
    assert levels == {"training_code": "error", "evaluation_code": "warning",
                      "pretrained_models": "note", "results": "note", "demo": "note"}  # fmt: skip
    loc = by_rule["training_code"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "src/my%20train.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 12}
    # a finding with no file of its own is shown on the README the evidence names
    no_file = by_rule["pretrained_models"]["locations"][0]["physicalLocation"]
    assert no_file["artifactLocation"]["uri"] == "README.md" and "region" not in no_file
    assert "training_code is fail" in by_rule["training_code"]["message"]["text"]
    assert rules[by_rule["results"]["ruleIndex"]]["id"].endswith("/results")
    assert by_rule["results"]["suppressions"][0]["justification"] == "in the appendix"
    assert "suppressions" not in by_rule["training_code"]


def test_sarif_fingerprints_are_stable_across_commits() -> None:
    moved = report_of(
        finding("training_code", "fail", evidence=(Evidence(kind="file", path="b.py", line=99),)),
    )
    here = {r["ruleId"]: r["partialFingerprints"] for r in
            json.loads(render_sarif(SAMPLE))["runs"][0]["results"]}  # fmt: skip
    there = json.loads(render_sarif(moved))["runs"][0]["results"][0]
    assert there["partialFingerprints"] == here["ml-code-completeness/training_code"]
    assert len({json.dumps(v) for v in here.values()}) == len(here)


def test_sarif_is_written_as_report_sarif(tmp_path: Path, capsys) -> None:
    build_git_repo(tmp_path / "r", {"README.md": "# x\n"})
    out = tmp_path / "out"
    assert main(["audit", "--repo", str(tmp_path / "r"), "--out", str(out), "--format", "sarif",
                 "-q"]) == 0  # fmt: skip
    assert [p.name for p in out.iterdir()] == ["report.sarif"]
    # an earlier SARIF of ours may be replaced without --force
    assert main(["audit", "--repo", str(tmp_path / "r"), "--out", str(out), "--format", "sarif",
                 "-q"]) == 0  # fmt: skip


# -- badge ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "score, top, expected",
    [(5, 5, "#4c1"), (4, 5, "#97ca00"), (3, 5, "#a4a61d"), (2, 5, "#dfb317"), (1, 5, "#fe7d37"),
     (0, 5, "#e05d44"), (0, 0, "#9f9f9f")],
)  # fmt: skip
def test_badge_colour_by_score(score: int, top: int, expected: str) -> None:
    assert colour(score, top) == expected


def test_badge_is_self_contained_escaped_svg() -> None:
    evil = report_of(finding("results", "fail"), score=2, max_score=5)
    cl = evil.checklists[0].model_copy(update={"id": '<script>alert("x")</script>&'})
    svg = render_badge(evil.model_copy(update={"checklists": (cl,)}))
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ['<script>alert("x")</script>&', "2/5"]
    assert (
        "<script" not in svg
        and "href" not in svg
        and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    )
    assert root.find(f"{SVG}rect[2]").get("fill") == "#dfb317"  # type: ignore[union-attr]


def test_badge_says_how_many_checks_are_waived() -> None:
    svg = render_badge(SAMPLE)
    assert "1/5 (1 waived)" in svg


def test_badge_command(tmp_path: Path, capsys) -> None:
    from auditor.demo import demo_inputs

    repo, _ = demo_inputs()
    out = tmp_path / "out"
    assert main(["audit", "--repo", repo, "--out", str(out), "-q", "--format", "json"]) == 0
    report = auditor.load_report(out / "report.json")
    first = report.checklists[0]
    badge = tmp_path / "badge.svg"
    assert main(["badge", str(out / "report.json"), "-o", str(badge)]) == 0
    assert f"({first.id}: {first.score}/{first.max_score})" in capsys.readouterr().out
    texts = [t.text for t in ET.fromstring(badge.read_text()).iter(f"{SVG}text")]
    assert texts == [first.id, f"{first.score}/{first.max_score}"]
    assert main(["badge", str(out / "report.json"), "-o", str(badge)]) == 0  # ours: replaced
    (tmp_path / "mine.svg").write_text("<svg>my own</svg>")
    assert main(["badge", str(out / "report.json"), "-o", str(tmp_path / "mine.svg")]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{}")
    assert main(["badge", str(tmp_path / "bad.json")]) == 2
    assert "schema_version" in capsys.readouterr().err
