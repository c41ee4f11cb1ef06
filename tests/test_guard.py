"""Whole-audit bounds: --timeout and --max-memory-mb end in one line and exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor import cli, engine
from auditor.errors import InputError
from auditor.guard import LimitExceeded, time_limit


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(1000))


def test_time_limit_stops_python_work_and_restores_the_handler():
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="took longer than 0.2s"):
        with time_limit(0.2):
            _busy(5)
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) is before
    assert issubclass(LimitExceeded, InputError)


def test_time_limit_is_inactive_when_not_exceeded():
    with time_limit(5):
        _busy(0.05)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_cli_timeout_is_one_line_exit_2(monkeypatch, tmp_path, capsys):
    def slow_audit(*args: object, **kwargs: object) -> None:
        _busy(10)

    monkeypatch.setattr(engine, "audit", slow_audit)
    code = cli.main(["audit", "--repo", str(tmp_path), "--out", str(tmp_path / "o"),
                     "--timeout", "0.3"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == ["auditor: error: the audit took longer than 0.3s and was stopped (--timeout)"]


def test_a_detector_does_not_swallow_the_timeout(tmp_path, capsys, monkeypatch):
    from auditor.detectors.repo import weights

    def stuck(*args: object, **kwargs: object) -> None:
        _busy(10)

    monkeypatch.setattr(weights, "_weight_files", stuck)
    (tmp_path / "README.md").write_text("# x\n")
    code = cli.main(["audit", "--repo", str(tmp_path), "--out", str(tmp_path / "o"),
                     "--timeout", "0.5", "--checklist", "ml-code-completeness"])  # fmt: skip
    assert code == 2
    assert "--timeout" in capsys.readouterr().err
    assert not (tmp_path / "o" / "report.json").exists()


def test_memory_cap_of_the_console_script(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for i in range(6):  # big literals: parsing them with ast takes far more than 64 MB
        (repo / f"big{i}.py").write_text("x = [" + ",".join(map(str, range(300_000))) + "]\n")
    res = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", "--repo", str(repo), "-q",
         "--out", str(tmp_path / "out"), "--max-memory-mb", "64"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=dict(os.environ),
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip().splitlines() == [
        "auditor: error: the input needed more memory than allowed (--max-memory-mb)"
    ]
