"""The GitHub Action: action.yml against GitHub's schema, and its step (action/run.py) run
locally with the GITHUB_* variables pointing at temporary files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_git_repo

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "action" / "run.py"
REPO_FILES = {
    "README.md": "# Tiny\n\n```bash\npip install -r requirements.txt\npython train.py\n```\n",
    "requirements.txt": "torch==1.4.0\n",
    "train.py": "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n",
    "pyproject.toml": '[tool.auditor]\nwaive = { results = "table in the paper, appendix B" }\n',
}


def check_jsonschema() -> str:
    exe = Path(sys.executable).with_name("check-jsonschema")
    found = str(exe) if exe.is_file() else shutil.which("check-jsonschema")
    if not found:
        pytest.fail("check-jsonschema is missing: pip install -e '.[dev]'")
    return found


def test_action_yml_matches_the_github_action_schema(tmp_path: Path) -> None:
    cmd = [check_jsonschema(), "--builtin-schema", "vendor.github-actions"]
    ok = subprocess.run([*cmd, str(ROOT / "action.yml")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "action.yml"
    bad.write_text((ROOT / "action.yml").read_text().replace("using: composite", "using: rocket"))
    fails = subprocess.run([*cmd, str(bad)], capture_output=True, text=True)
    assert fails.returncode == 1, "the schema check must be able to fail"


def test_action_inputs_reach_the_script_as_environment() -> None:
    text = (ROOT / "action.yml").read_text()
    for name in ("paper", "checklist", "fail-under", "format", "args"):
        env = "INPUT_" + name.upper().replace("-", "_")
        assert f"{env}: ${{{{ inputs.{name} }}}}" in text
    assert "${{ inputs." not in text.split("run:")[-1]  # never spliced into a shell command
    for out in ("score", "max-score", "report-dir", "sarif"):
        assert f"steps.audit.outputs.{out} }}" in text


def run_action(tmp_path: Path, **inputs: str) -> tuple[int, str, dict[str, str], str]:
    workspace = tmp_path / "workspace"
    if not workspace.exists():
        build_git_repo(workspace, REPO_FILES)
    summary, output, temp = tmp_path / "summary.md", tmp_path / "output.txt", tmp_path / "runner"
    temp.mkdir(exist_ok=True)
    for f in (summary, output):
        f.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update(GITHUB_WORKSPACE=str(workspace), GITHUB_STEP_SUMMARY=str(summary),
               GITHUB_OUTPUT=str(output), RUNNER_TEMP=str(temp))  # fmt: skip
    env.update({"INPUT_" + k.upper(): v for k, v in inputs.items()})
    proc = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return proc.returncode, summary.read_text(), outputs, proc.stdout + proc.stderr


def test_action_script_writes_summary_and_outputs(tmp_path: Path) -> None:
    code, summary, outputs, log = run_action(
        tmp_path, checklist="ml-code-completeness", fail_under="2", format="html"
    )
    assert code == 0, log
    report_dir = Path(outputs["report-dir"])
    assert report_dir == tmp_path / "runner" / "auditor-report"
    data = json.loads((report_dir / "report.json").read_text())
    first = data["checklists"][0]
    assert outputs["score"] == str(first["score"]) and outputs["max-score"] == "5"
    assert outputs["sarif"] == str(report_dir / "report.sarif")
    assert sorted(p.name for p in report_dir.iterdir()) == [
        "report.html", "report.json", "report.md", "report.sarif",
    ]  # fmt: skip
    assert summary.startswith("# Reproducibility audit")
    assert "## ML Code Completeness Checklist: 2/5 (1 waived)" in summary
    assert "table in the paper, appendix B" in summary


def test_action_script_fails_below_fail_under(tmp_path: Path) -> None:
    code, summary, outputs, log = run_action(
        tmp_path, checklist="ml-code-completeness", fail_under="4", args="--no-waivers"
    )
    assert code == 1, log
    assert "score 2 is below --fail-under 4" in log
    assert outputs["score"] == "2" and "# Reproducibility audit" in summary
    assert "(waived)" not in summary


def test_action_script_rejects_bad_input(tmp_path: Path) -> None:
    code, summary, outputs, log = run_action(tmp_path, fail_under="four")
    assert code == 2 and "fail-under must be a whole number" in log
    code, summary, outputs, log = run_action(tmp_path, checklist="no-such-list")
    assert code == 2 and "unknown checklist 'no-such-list'" in log
    assert "auditor could not audit (exit 2)" in summary and "score" not in outputs
