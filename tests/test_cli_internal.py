"""An unexpected exception ends in one line and exit 3; -v adds the traceback to the log."""

from __future__ import annotations

import pytest

from auditor import cli, engine
from auditor.cli.options import EXIT_INTERNAL


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("detector table corrupted")


def test_internal_error_is_one_line_without_traceback(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(engine, "audit", _boom)
    code = cli.main(["audit", "--repo", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL == 3
    assert err.strip().splitlines() == [
        "auditor: internal error: RuntimeError: detector table corrupted "
        "(please report it; -v for details)"
    ]
    assert "Traceback" not in err


def test_verbose_logs_the_traceback(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(engine, "audit", _boom)
    with caplog.at_level("ERROR"):
        code = cli.main(["-v", "audit", "--repo", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 3
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


@pytest.mark.parametrize("flag", ["--max-files", "--clone-timeout", "--max-read-mb"])
def test_non_positive_limits_are_usage_errors(flag, tmp_path, capsys):
    code = cli.main(["audit", "--repo", str(tmp_path), flag, "0"])
    assert code == 2
    assert f"{flag} must be a positive number" in capsys.readouterr().err
