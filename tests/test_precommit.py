"""The pre-commit hook, installed from this checkout with ``pre-commit try-repo`` and run on a
generated git repository (pre-commit builds the hook's environment with pip, so this needs the
package registries: slow, and run in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import build_git_repo

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "README.md": "# Tiny\n\n```bash\npip install -r requirements.txt\npython train.py\n```\n",
    "requirements.txt": "torch==1.4.0\n",
    "train.py": "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n",
}


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "auditor" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    assert hook["entry"].split()[:4] == ["auditor", "audit", "--repo", "."]
    assert "--no-write" in hook["entry"]


def pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    found = str(exe) if exe.is_file() else shutil.which("pre-commit")
    if not found:
        pytest.fail("pre-commit is missing: pip install -e '.[dev]'")
    return found


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    build_git_repo(repo, {**FILES, "pyproject.toml": "[tool.auditor]\nfail-under = 2\n"})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("VIRTUAL_ENV", None)
    cmd = [pre_commit(), "try-repo", str(ROOT), "auditor", "--all-files", "--verbose"]
    ok = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    log = ok.stdout + ok.stderr
    assert ok.returncode == 0, log
    assert "auditor (reproducibility audit)" in log and "Passed" in log
    assert "ML Code Completeness Checklist: 2/5" in log
    assert not (repo / "reports").exists()  # the hook writes no report files
    # the configuration's bar raised: the hook fails the commit and shows why
    (repo / "pyproject.toml").write_text("[tool.auditor]\nfail-under = 5\n")
    bad = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    log = bad.stdout + bad.stderr
    assert bad.returncode == 1, log
    assert "Failed" in log and "score 2 is below --fail-under 5" in log
