"""Downloaded papers: cached for reuse by default, never written outside --out with --no-cache."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from auditor import cli
from auditor.demo import demo_inputs

PDF = Path(demo_inputs()[1] or "").read_bytes()


def _serve(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/p.pdf").respond_with_data(PDF, content_type="application/pdf")
    return httpserver.url_for("/p.pdf")


def test_paper_cache_dir_is_used_and_reused(httpserver: HTTPServer, tmp_path: Path, capsys):
    url = _serve(httpserver)
    cache = tmp_path / "cache"
    for n in (1, 2):
        argv = ["audit", "--paper", url, "--paper-cache", str(cache), "--out",
                str(tmp_path / f"out{n}"), "-q"]  # fmt: skip
        assert cli.main(argv) == 0, capsys.readouterr().err
    assert len(list(cache.glob("*.pdf"))) == 1
    assert len(httpserver.log) == 1  # the second audit read the cached copy


def test_no_cache_writes_nothing_outside_out(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch, capsys
):
    url = _serve(httpserver)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    argv = ["audit", "--paper", url, "--no-cache", "--out", str(tmp_path / "out"), "-q"]
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert list(home.rglob("*")) == []
    assert (tmp_path / "out" / "report.json").is_file()
