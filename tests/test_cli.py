"""The command line: exit codes, one-line errors, outputs, schema, checklists, demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_git_repo

from auditor.cli import main

GOOD = {
    "README.md": (
        "# Tiny classifier\n\n## Results\n\n| Model | Acc (%) |\n|---|---|\n| small | 91.2 |\n"
        "| large | 93.4 |\n\n```bash\npip install -r requirements.txt\npython train.py\n"
        "python evaluate.py --ckpt model.pth\n```\n"
    ),
    "requirements.txt": "torch==1.4.0\nnumpy==1.18.1\n",
    "train.py": "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n",
    "evaluate.py": "from sklearn.metrics import accuracy_score\n\nprint(accuracy_score([1], [1]))\n",
}


CL = ["--checklist", "ml-code-completeness"]


def run(argv: list[str]) -> int:
    """main() or argparse's SystemExit, as an exit code."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def one_line(err: str) -> str:
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line, got: {err!r}"
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def good_repo(tmp_path: Path) -> Path:
    build_git_repo(tmp_path / "good", GOOD)
    return tmp_path / "good"


def test_audit_writes_json_and_html(good_repo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert run(["audit", "--repo", str(good_repo), "--out", str(out), *CL]) == 0
    data = json.loads((out / "report.json").read_text())
    assert data["schema_version"] == 1 and data["tool"]["name"] == "auditor"
    assert [c["id"] for c in data["checklists"]] == ["ml-code-completeness"]
    cl = data["checklists"][0]
    assert cl["id"] == "ml-code-completeness" and cl["max_score"] == 5
    assert [f["check"] for f in cl["findings"]] == [
        "dependencies",
        "training_code",
        "evaluation_code",
        "pretrained_models",
        "results",
    ]
    assert (
        data["subject"]["repo"]["commit"]
        == subprocess.check_output(
            ["git", "-C", str(good_repo), "rev-parse", "HEAD"], text=True
        ).strip()
    )
    assert "<html" in (out / "report.html").read_text()
    printed = capsys.readouterr().out
    assert f"{cl['score']}/5" in printed and "report.html" in printed


def test_format_selects_outputs_and_quiet(good_repo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "md"
    assert run(["audit", "--repo", str(good_repo), "--out", str(out), "--format", "md", "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]
    assert capsys.readouterr().out == ""


def test_fail_under(good_repo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "o"
    argv = ["audit", "--repo", str(good_repo), "--out", str(out), *CL, "--fail-under"]
    assert run([*argv, "6"]) == 1
    assert "below --fail-under 6" in one_line(capsys.readouterr().err)
    assert (out / "report.json").exists()  # the report is still written
    score = json.loads((out / "report.json").read_text())["checklists"][0]["score"]
    assert score >= 3
    assert run([*argv, str(score)]) == 0
    assert run([*argv, str(score + 1)]) == 1


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["audit"], "--repo"),
        (["audit", "--repo", "x", "--ref", "main", "--at", "2020-01-01"], "not allowed"),
        (["audit", "--repo", "x", "--format", "pdf"], "invalid choice"),
        (["audit", "--repo", "x", "--fail-under", "many"], "invalid int"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_one_line(argv: list[str], needle: str, capsys) -> None:
    assert run(argv) == 2
    assert needle in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["audit", "--repo", "/nonexistent/repo"], "not found"),
        (["audit", "--repo", "{repo}", "--at", "2020-13-45"], "YYYY-MM-DD"),
        (["audit", "--repo", "{repo}", "--ref", "no-such-branch"], "not found"),
        (["audit", "--repo", "{repo}", "--checklist", "nope"], "unknown checklist"),
        (["audit", "--repo", "{file}"], "not a supported archive"),
    ],
)
def test_input_errors_exit_2_one_line(
    argv: list[str], needle: str, good_repo: Path, tmp_path: Path, capsys
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    argv = [a.format(repo=good_repo, file=plain) for a in argv]
    assert run([*argv, "--out", str(tmp_path / "out")]) == 2
    assert needle in one_line(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert run([]) == 2
    assert "audit" in capsys.readouterr().out


def test_version(capsys) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("auditor ")


def test_schema_is_json_schema(capsys) -> None:
    assert run(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"schema_version", "tool", "subject", "checklists"} <= set(schema["properties"])


def test_checklists_lists_the_five_checks(capsys) -> None:
    assert run(["checklists"]) == 0
    out = capsys.readouterr().out
    assert "ml-code-completeness" in out
    for check in (
        "dependencies",
        "training_code",
        "evaluation_code",
        "pretrained_models",
        "results",
    ):
        assert f"- {check}:" in out


def test_demo_in_empty_cwd(tmp_cwd: Path, capsys) -> None:
    assert run(["demo"]) == 0
    report = json.loads((tmp_cwd / "reports/demo/report.json").read_text())
    scores = {c["id"]: (c["score"], c["max_score"]) for c in report["checklists"]}
    assert scores["ml-code-completeness"] == (5, 5)
    html = (tmp_cwd / "reports/demo/report.html").read_text()
    assert "Reproducibility audit" in html and "5</b> / 5" in html
    assert "wrote reports/demo/report.html" in capsys.readouterr().out
    assert run(["demo"]) == 0  # an earlier report of ours is replaced


def test_default_out_is_reports_slug(good_repo: Path, tmp_cwd: Path) -> None:
    assert run(["audit", "--repo", str(good_repo), "-q"]) == 0
    written = sorted(p.relative_to(tmp_cwd) for p in tmp_cwd.rglob("*") if p.is_file())
    assert [p.name for p in written] == ["report.html", "report.json"]
    folder = written[0].parent
    assert folder.parent == Path("reports") and folder.name.endswith("good")


def test_never_clobbers_a_user_file(good_repo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "report.html"
    mine.write_text("my own notes, not a report")
    assert run(["audit", "--repo", str(good_repo), "--out", str(out)]) == 2
    assert "--force" in one_line(capsys.readouterr().err)
    assert mine.read_text() == "my own notes, not a report"
    assert not (out / "report.json").exists()  # nothing half-written either
    assert run(["audit", "--repo", str(good_repo), "--out", str(out), "--force", "-q"]) == 0
    assert "Generated by auditor" in mine.read_text()


def test_refuses_to_write_through_a_symlink(good_repo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (out / "report.json").symlink_to(target)
    assert run(["audit", "--repo", str(good_repo), "--out", str(out), "--force"]) == 2
    assert "link" in one_line(capsys.readouterr().err)
    assert target.read_text() == "keep me"


def test_console_script_no_traceback(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", "--repo", "-oProxyCommand=touch pwned"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert res.returncode == 2
    assert "option" in one_line(res.stderr)
    assert list(tmp_path.iterdir()) == []
