"""The built wheel carries the checklists, templates and demo, and finds them when installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (whl,) = out.glob("auditor-*.whl")
    return whl


def test_wheel_contains_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "auditor/checklists/ml-code-completeness.toml",
        "auditor/checklists/paper-reporting.toml",
        "auditor/renderers/templates/report.html.j2",
        "auditor/demo/example_paper.pdf",
        "auditor/demo/example_project/README.md",
    ):
        assert needed in names, needed


def test_installed_wheel_finds_its_checklists_and_runs_the_demo(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json, auditor, auditor.checklists as c, auditor.cli as cli;"
        "specs = c.installed_checklists();"
        "rc = cli.main(['demo', '-q', '--out', 'out']);"
        "print(json.dumps({'file': auditor.__file__, 'dirs': [str(d) for d in c.checklist_dirs()],"
        " 'ids': [s.id for s in specs], 'rc': rc}))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    info = json.loads(res.stdout.strip().splitlines()[-1])
    assert Path(info["file"]).is_relative_to(site)
    assert info["dirs"] == [str(site / "auditor" / "checklists")]
    assert info["ids"][0] == "ml-code-completeness"
    assert {"paper-reporting", "paper-code", "code-reproducibility"} <= set(info["ids"])
    assert info["rc"] == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["checklists"][0]["score"] == 5
