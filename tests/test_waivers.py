"""Authors' configuration ([tool.auditor] / .auditor.toml) and visible waivers: validated like
any untrusted input, shown in every format, left out of --fail-under, off with --no-waivers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_git_repo
from rich.console import Console

import auditor
from auditor.cli import main
from auditor.cli.summary import print_summary
from auditor.errors import InputError
from auditor.facts.authors import MAX_CONFIG_BYTES, read_authors_config
from auditor.limits import DEFAULT_LIMITS
from auditor.sources.tree import DirTree

REASON = "numbers are in the paper's appendix; table added at camera-ready"
BASE = {
    "README.md": "# Tiny\n\n```bash\npip install -r requirements.txt\npython train.py\npython evaluate.py\n```\n",
    "requirements.txt": "torch==1.4.0\n",
    "train.py": "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n",
    "evaluate.py": "from sklearn.metrics import accuracy_score\n\nprint(accuracy_score([1], [1]))\n",
}
PYPROJECT = f'[project]\nname = "tiny"\n\n[tool.auditor]\nfail-under = 4\nwaive = {{ results = "{REASON}" }}\n'
CL = ["--checklist", "ml-code-completeness"]


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def repo_with(tmp_path: Path, files: dict[str, str], name: str = "r") -> Path:
    build_git_repo(tmp_path / name, {**BASE, **files})
    return tmp_path / name


def config_of(tmp_path: Path, files: dict[str, str | bytes]):  # type: ignore[no-untyped-def]
    root = tmp_path / "tree"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        data = text.encode() if isinstance(text, str) else text
        (root / rel).write_bytes(data)
    return read_authors_config(DirTree(root, DEFAULT_LIMITS))


# -- reading and validating the configuration --------------------------------------------------
def test_reads_tool_auditor_table(tmp_path: Path) -> None:
    cfg = config_of(tmp_path, {"pyproject.toml": PYPROJECT})
    assert cfg is not None and cfg.path == "pyproject.toml"
    assert cfg.settings.fail_under == 4 and cfg.settings.waive == {"results": REASON}


def test_dot_file_and_no_config(tmp_path: Path) -> None:
    cfg = config_of(tmp_path, {".auditor.toml": 'checklists = ["ml-code-completeness"]\n'})
    assert cfg is not None and cfg.path == ".auditor.toml"
    assert cfg.settings.checklists == ("ml-code-completeness",)
    assert config_of(tmp_path / "b", {"pyproject.toml": '[project]\nname = "x"\n'}) is None


@pytest.mark.parametrize(
    "files, needle",
    [
        ({"pyproject.toml": "[tool.auditor]\nfail_undr = 3\n"},
         "pyproject.toml [tool.auditor]: fail_undr: unknown key"),
        ({".auditor.toml": "colour = 'red'\n"}, ".auditor.toml: colour: unknown key"),
        ({".auditor.toml": "fail-under = 'four'\n"}, ".auditor.toml: fail-under:"),
        ({".auditor.toml": "waive = { results = '' }\n"}, "the reason must be 1 to"),
        ({".auditor.toml": "waive = { 'Bad Key' = 'x' }\n"}, "is not a check id"),
        ({".auditor.toml": "paper = 'https://evil.example/p.pdf'\n"},
         "give a path inside the repository or an arXiv id"),
        ({".auditor.toml": "paper = '../../etc/passwd'\n"}, "give a path inside"),
        ({".auditor.toml": "checklists = ['/etc/x.toml']\n"}, "neither a checklist id"),
        ({".auditor.toml": "fail-under = [\n"}, ".auditor.toml: not valid TOML"),
        ({"pyproject.toml": "[tool.auditor\nx=1\n"}, "pyproject.toml: not valid TOML"),
        ({".auditor.toml": "fail-under = 1\n", "pyproject.toml": "[tool.auditor]\n"},
         "keep one"),
        ({"pyproject.toml": "[tool]\nauditor = 3\n"}, "tool.auditor must be a table"),
        ({".auditor.toml": "x = '" + "a" * MAX_CONFIG_BYTES + "'\n"}, "over 256 KiB"),
        ({".auditor.toml": "waive = {" + ", ".join(f"c{i} = 'r'" for i in range(101)) + "}\n"},
         "waive"),
    ],
)  # fmt: skip
def test_bad_configuration_names_file_and_key(tmp_path: Path, files, needle: str) -> None:
    with pytest.raises(InputError) as err:
        config_of(tmp_path, files)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_broken_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    assert config_of(tmp_path, {"pyproject.toml": "[project\nname = 1\n"}) is None


def test_huge_pyproject_is_not_read(tmp_path: Path) -> None:
    big = PYPROJECT + "# " + "x" * MAX_CONFIG_BYTES + "\n"
    assert config_of(tmp_path, {"pyproject.toml": big}) is None


def test_unknown_waived_check_is_an_error(tmp_path: Path, capsys) -> None:
    repo = repo_with(tmp_path, {".auditor.toml": "waive = { resluts = 'typo' }\n"})
    assert run(["audit", "--repo", str(repo), "--out", str(tmp_path / "o"), *CL]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "auditor: error: .auditor.toml: waive.resluts: no such check"


# -- waivers in every format ---------------------------------------------------------------------
@pytest.fixture
def waived(tmp_path: Path, capsys) -> tuple[Path, str]:
    repo = repo_with(tmp_path, {"pyproject.toml": PYPROJECT})
    out = tmp_path / "out"
    fmts = ["--format", "json", "--format", "html", "--format", "md", "--format", "sarif"]
    code = run(["audit", "--repo", str(repo), "--out", str(out), *CL, *fmts])
    term = capsys.readouterr().out
    # dependencies, training and evaluation pass; weights fail; results fails and is waived,
    # so the configuration's fail-under 4 is met with a score of 3
    assert code == 0, term
    return out, term


def _results(data: dict) -> dict:  # type: ignore[type-arg]
    cl = data["checklists"][0]
    return next(f for f in cl["findings"] if f["check"] == "results")


def test_waiver_keeps_status_and_evidence_in_json(waived: tuple[Path, str]) -> None:
    out, _ = waived
    data = json.loads((out / "report.json").read_text())
    f = _results(data)
    assert f["status"] == "fail" and f["searched"]
    assert f["waiver"] == {"reason": REASON, "source": "pyproject.toml"}
    assert data["checklists"][0]["score"] == 3  # the score itself is unchanged
    assert data["config"] == {
        "path": "pyproject.toml", "fail_under": 4, "waivers": 1, "waivers_applied": True,
    }  # fmt: skip
    others = [x for x in data["checklists"][0]["findings"] if x["check"] != "results"]
    assert all(x["waiver"] is None for x in others)


def test_waiver_in_html_markdown_sarif_and_terminal(waived: tuple[Path, str]) -> None:
    out, term = waived
    soup = BeautifulSoup((out / "report.html").read_text(), "html.parser")
    card = soup.find("article", id="ml-code-completeness-results")
    assert card is not None and "fail" in card["class"]
    assert card.find("span", class_="waived").get_text() == "Waived"
    box = card.find("div", class_="waiver")
    assert REASON in box.get_text() and "pyproject.toml" in box.get_text()
    assert len(soup.find_all("div", class_="waiver")) == 1
    md = (out / "report.md").read_text()
    assert "README results with commands: fail (waived)" in md
    assert "\\'" not in md and "appendix; table added" in md
    sarif = json.loads((out / "report.sarif").read_text())
    res = [r for r in sarif["runs"][0]["results"] if r["ruleId"].endswith("/results")]
    assert res[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": REASON}
    ]
    assert "[waived]" in term and REASON in " ".join(term.split())
    review = auditor.render(auditor.load_report(out / "report.json"), "review")
    line = next(ln for ln in review.splitlines() if "README results" in ln)
    assert line.endswith(f". Waived by the authors: {REASON}")
    assert sum("Waived by the authors" in ln for ln in review.splitlines()) == 1


def test_waived_check_is_left_out_of_fail_under(tmp_path: Path, capsys) -> None:
    # score 3: weights and results fail, results is waived -> a bar of N becomes N - 1
    repo = repo_with(tmp_path, {"pyproject.toml": PYPROJECT})
    out = str(tmp_path / "o")
    assert run(["audit", "--repo", str(repo), "--out", out, *CL, "-q"]) == 0  # config's 4
    assert run(["audit", "--repo", str(repo), "--out", out, *CL, "-q", "--fail-under", "5"]) == 1
    err = capsys.readouterr().err
    assert "score 3 is below --fail-under 5 (4 once 1 waived check weight is left out)" in err
    assert run(["audit", "--repo", str(repo), "--out", out, *CL, "-q", "--no-waivers"]) == 1
    assert "score 3 is below --fail-under 4\n" in capsys.readouterr().err
    readme = BASE["README.md"] + "\n## Pretrained models\n\n[weights](https://huggingface.co/o/m)\n"
    passing = repo_with(tmp_path, {"README.md": readme, "pyproject.toml": PYPROJECT}, "p")
    assert run(["audit", "--repo", str(passing), "--out", out, *CL, "-q", "--fail-under", "5"]) == 0


def test_no_waivers_removes_them_everywhere(tmp_path: Path, capsys) -> None:
    repo = repo_with(tmp_path, {"pyproject.toml": PYPROJECT})
    out = tmp_path / "out"
    run(["audit", "--repo", str(repo), "--out", str(out), *CL, "--no-waivers", "--format", "md",
         "--format", "html", "--format", "json"])  # fmt: skip
    term = capsys.readouterr().out
    data = json.loads((out / "report.json").read_text())
    assert _results(data)["waiver"] is None
    assert data["config"]["waivers_applied"] is False
    assert any("not applied (--no-waivers): results" in w for w in data["warnings"])
    html = (out / "report.html").read_text()
    assert 'class="waiver"' not in html and "not applied" in html
    assert "[waived]" not in term and REASON not in term
    assert "(waived)" not in (out / "report.md").read_text()


def test_no_config_ignores_the_file(tmp_path: Path, capsys) -> None:
    repo = repo_with(tmp_path, {"pyproject.toml": PYPROJECT})
    out = tmp_path / "out"
    assert run(["audit", "--repo", str(repo), "--out", str(out), *CL, "--no-config", "-q"]) == 0
    data = json.loads((out / "report.json").read_text())
    assert data["config"] is None and _results(data)["waiver"] is None


def test_api_and_batch_default_ignore_config(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, {"pyproject.toml": PYPROJECT})
    assert auditor.audit(repo=repo, checklists=["ml-code-completeness"]).config is None
    report = auditor.audit(repo=repo, checklists=["ml-code-completeness"], authors_config=True)
    assert report.config is not None and report.config.waivers == 1


def test_qualified_waiver_key_only_hits_its_checklist(tmp_path: Path) -> None:
    cfg = "[tool.auditor]\nwaive = { 'code-reproducibility.license' = 'licence at release' }\n"
    repo = repo_with(tmp_path, {"pyproject.toml": cfg})
    report = auditor.audit(repo=repo, authors_config=True)
    waived = [(c.id, f.check) for c in report.checklists for f in c.findings if f.waiver]
    assert waived == [("code-reproducibility", "license")]


def test_config_checklists_from_the_repository(tmp_path: Path) -> None:
    house = (
        'id = "house-rules"\ntitle = "House rules"\nversion = "1"\n\n[[checks]]\nid = "license"\n'
        'title = "Licence"\nwhy = "w"\nfix = "f"\ndetector = "code_license"\n'
    )
    cfg = '[tool.auditor]\nchecklists = ["ci/house-rules.toml", "ml-code-completeness"]\n'
    repo = repo_with(tmp_path, {"pyproject.toml": cfg, "ci/house-rules.toml": house})
    report = auditor.audit(repo=repo, authors_config=True)
    assert [c.id for c in report.checklists] == ["house-rules", "ml-code-completeness"]
    bad = repo_with(tmp_path, {"pyproject.toml": cfg.replace("house-rules.toml", "x.toml")}, "b")
    with pytest.raises(InputError, match="'ci/x.toml' is not a file in the repository"):
        auditor.audit(repo=bad, authors_config=True)


def test_config_paper_is_read_from_the_repository(tmp_path: Path) -> None:
    from auditor.demo import demo_inputs

    _, paper = demo_inputs()
    root = tmp_path / "r"
    build_git_repo(root, {**BASE, ".auditor.toml": "paper = 'docs/paper.pdf'\n"})
    (root / "docs").mkdir()
    shutil.copy(paper, root / "docs" / "paper.pdf")
    report = auditor.audit(repo=root, authors_config=True)
    assert report.subject.paper is not None and report.subject.paper.source == "docs/paper.pdf"
    assert report.checklist("paper-reporting") is not None
    (root / ".auditor.toml").write_text("paper = 'docs/none.pdf'\n")
    with pytest.raises(InputError, match="paper: 'docs/none.pdf' is not a file"):
        auditor.audit(repo=root, authors_config=True)


def test_terminal_summary_shows_the_waiver(waived: tuple[Path, str]) -> None:
    out, _ = waived
    report = auditor.load_report(out / "report.json")
    console = Console(record=True, width=200)
    print_summary(report, console=console)
    text = console.export_text()
    assert "config: pyproject.toml (1 waiver(s), fail-under 4)" in text
    assert "ML Code Completeness Checklist: 3/5 (1 waived)" in text
    assert f"waived by the authors (pyproject.toml): {REASON}" in text


def test_old_report_without_the_new_fields_still_loads(tmp_path: Path) -> None:
    data = json.loads((Path(__file__).parents[1] / "reports/example/report.json").read_text())
    for key in ("links_checked", "links", "config"):
        data.pop(key)
    for cl in data["checklists"]:
        for f in cl["findings"]:
            for key in ("why", "fix", "waiver"):
                f.pop(key)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    report = auditor.load_report(path)
    assert report.schema_version == 1 and report.links_checked is False
    assert all(f.waiver is None and f.why is None for c in report.checklists for f in c.findings)


def test_hostile_waiver_reason_is_escaped_everywhere(tmp_path: Path, capsys) -> None:
    evil = "<script>alert('w')</script> [x](javascript:alert(1)) `code` **b**"
    cfg = "[tool.auditor]\nwaive = { results = " + json.dumps(evil) + " }\n"
    repo = repo_with(tmp_path, {"pyproject.toml": cfg})
    report = auditor.audit(repo=repo, checklists=["ml-code-completeness"], authors_config=True)
    soup = BeautifulSoup(auditor.render(report, "html"), "html.parser")
    assert (
        soup.find("script") is None
        and soup.find("a", href=lambda h: h and "javascript" in h) is None
    )
    assert evil in soup.find("div", class_="waiver").get_text()
    md = auditor.render(report, "md")
    assert "<script>" not in md and "\\<script\\>" in md and "\\[x\\]" in md
    sarif = json.loads(auditor.render(report, "sarif"))
    sup = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert sup[0]["suppressions"][0]["justification"] == evil
    console = Console(record=True, width=300)
    print_summary(report, console=console)
    assert evil in console.export_text()
