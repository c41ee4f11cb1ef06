"""--check-links against local HTTP servers only (127.0.0.1, started and stopped here)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import build_git_repo
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import auditor
from auditor.cli import main
from auditor.engine import audit
from auditor.sources.links import LinkOptions, check_links, durability, state_of

FAST = LinkOptions(allow_private=True, min_interval=0.0, timeout=5.0, total_timeout=30.0)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


def test_states_head_then_ranged_get(server: HTTPServer) -> None:
    server.expect_request("/ok", method="HEAD").respond_with_data("", status=200)
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET", headers={"Range": "bytes=0-65535"}
                          ).respond_with_data("x" * 10, status=206)  # fmt: skip
    for path, status in (("/gone", 404), ("/gone410", 410), ("/private", 403), ("/boom", 500)):
        server.expect_request(path).respond_with_data("", status=status)
    server.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "/ok"})
    server.expect_request("/ftp").respond_with_data(
        "", status=301, headers={"Location": "ftp://127.0.0.1/file"}
    )
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    names = ["ok", "nohead", "gone", "gone410", "private", "boom", "moved", "ftp", "loop"]
    urls = {n: server.url_for(f"/{n}") for n in names}
    got = check_links(list(urls.values()), FAST)
    state = {n: got[u].state for n, u in urls.items()}
    assert state == {
        "ok": "alive", "nohead": "alive", "gone": "dead", "gone410": "dead",
        "private": "forbidden", "boom": "unreachable", "moved": "alive", "ftp": "unreachable",
        "loop": "unreachable",
    }  # fmt: skip
    assert got[urls["nohead"]].http_status == 206
    assert got[urls["moved"]].final_url == urls["ok"]
    assert "scheme 'ftp' is not followed" in (got[urls["ftp"]].detail or "")
    assert "more than 5 redirects" in (got[urls["loop"]].detail or "")
    methods = [(r.method, r.path) for r, _ in server.log]
    assert ("HEAD", "/gone") in methods and ("GET", "/gone") in methods  # HEAD, then GET
    assert ("GET", "/ok") not in methods  # HEAD was enough
    assert not any(p == "/file" for _, p in methods)


def test_unreachable_host_and_refused_addresses(server: HTTPServer) -> None:
    closed = HTTPServer(host="127.0.0.1", port=0)
    closed.start()
    dead_port = closed.port
    closed.stop()
    got = check_links([f"http://127.0.0.1:{dead_port}/x"], FAST)
    assert got[f"http://127.0.0.1:{dead_port}/x"].state == "unreachable"
    # by default a link to a non-public address is never requested
    url = server.url_for("/weights.pth")
    default = check_links([url, "javascript:alert(1)"], LinkOptions(min_interval=0))
    assert default[url].state == "unreachable"
    assert "non-public address (127.0.0.1)" in (default[url].detail or "")
    assert "scheme 'javascript'" in (default["javascript:alert(1)"].detail or "")
    assert server.log == []


def test_durability_classes() -> None:
    assert durability("https://zenodo.org/records/1") == "archival"
    assert durability("https://doi.org/10.5281/zenodo.1") == "archival"
    assert durability("https://figshare.com/articles/x") == "archival"
    assert durability("https://huggingface.co/org/model") == "platform"
    assert durability("https://github.com/o/r/releases/download/v1/m.pth") == "platform"
    for url in ("https://drive.google.com/file/d/1", "https://www.dropbox.com/s/x",
                "https://pan.baidu.com/s/1", "https://onedrive.live.com/?id=1",
                "https://1drv.ms/u/s!x"):  # fmt: skip
        assert durability(url) == "personal", url
    assert durability("https://example.org/m.pth") == "other"
    assert durability("https://notzenodo.org/x") == "other"
    assert [state_of(s) for s in (200, 206, 404, 410, 401, 403, 429, 503)] == [
        "alive", "alive", "dead", "dead", "forbidden", "forbidden", "unreachable", "unreachable",
    ]  # fmt: skip


class RecordingSession(requests.Session):
    """Records when the checker starts each request."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: list[float] = []

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        self.starts.append(time.monotonic())
        return super().request(*args, **kwargs)


def test_per_host_concurrency_cap_and_rate_limit(server: HTTPServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def slow(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        return Response("", status=200)

    server.expect_request("/m", method="HEAD").respond_with_handler(slow)
    urls = [server.url_for("/m") + f"?n={i}" for i in range(6)]
    opts = LinkOptions(allow_private=True, per_host=2, workers=8, min_interval=0.1)
    session = RecordingSession()
    got = check_links(urls, opts, session=session)
    assert all(got[u].state == "alive" for u in urls)
    assert state["peak"] == 2  # parallel, but never more than two at once on one host
    starts = sorted(session.starts)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.09, gaps  # request starts on one host are spaced by min_interval


def test_deadline_bounds_the_whole_check(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data("", status=200)
    urls = [server.url_for("/a") + f"?n={i}" for i in range(5)]
    opts = LinkOptions(allow_private=True, per_host=1, min_interval=0.4, total_timeout=0.5)
    t0 = time.monotonic()
    got = check_links(urls, opts)
    assert time.monotonic() - t0 < 5
    states = [got[u].state for u in urls]
    assert states.count("alive") == 2 and states.count("unreachable") == 3
    assert any("time budget" in (got[u].detail or "") for u in urls)


class CountingSession(requests.Session):
    """Counts the body bytes the checker reads."""

    def __init__(self) -> None:
        super().__init__()
        self.read = 0

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        resp = super().request(*args, **kwargs)
        inner = resp.iter_content

        def counted(chunk_size: int = 1, decode_unicode: bool = False):  # type: ignore[no-untyped-def]
            for chunk in inner(chunk_size, decode_unicode):
                self.read += len(chunk)
                yield chunk

        resp.iter_content = counted  # type: ignore[method-assign]
        return resp


def test_ranged_get_reads_bounded_bytes(server: HTTPServer) -> None:
    server.expect_request("/big", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/big", method="GET").respond_with_data(b"x" * (8 << 20), status=200)
    session = CountingSession()
    opts = LinkOptions(allow_private=True, min_interval=0, max_bytes=32 * 1024)
    got = check_links([server.url_for("/big")], opts, session=session)
    assert got[server.url_for("/big")].state == "alive"
    assert 0 < session.read < 64 * 1024
    assert session.read >= 32 * 1024


# -- in the audit ------------------------------------------------------------------------------
def weights_repo(tmp_path: Path, base: str) -> Path:
    readme = (
        "# Tiny\n\n## Pretrained models\n\n"
        f"- [checkpoint A]({base}/a.pth)\n- [checkpoint B]({base}/b.pth)\n"
    )
    build_git_repo(tmp_path / "r", {"README.md": readme})
    return tmp_path / "r"


def test_dead_weight_link_turns_pass_into_partial(tmp_path: Path, server: HTTPServer) -> None:
    server.expect_request("/a.pth").respond_with_data("", status=200)
    server.expect_request("/b.pth").respond_with_data("", status=404)
    repo = weights_repo(tmp_path, server.url_for("").rstrip("/"))
    before = audit(str(repo), checklists=["ml-code-completeness"])
    assert server.log == []  # off by default: no request at all
    assert before.links_checked is False and before.links == ()
    weights = next(f for f in before.checklists[0].findings if f.check == "pretrained_models")
    assert weights.status == "pass"
    report = audit(str(repo), checklists=["ml-code-completeness"], check_links=FAST)
    assert report.links_checked is True
    f = next(f for f in report.checklists[0].findings if f.check == "pretrained_models")
    dead = server.url_for("/b.pth")
    assert f.status == "partial" and "1 weight link(s) are dead" in f.summary
    assert f.evidence[0].url == dead and f.evidence[0].excerpt == "dead link (HTTP 404)"
    assert report.checklists[0].score == before.checklists[0].score - 1
    states = {lk.url: (lk.state, lk.checks) for lk in report.links}
    assert states[dead] == ("dead", ("ml-code-completeness/pretrained_models",))
    assert states[server.url_for("/a.pth")][0] == "alive"
    html = auditor.render(report, "html")
    assert "Links checked" in html and "dead link (HTTP 404)" in html
    md = auditor.render(report, "md")
    assert "## Links checked" in md and "| dead | 404 | other |" in md
    assert "Links were not checked" in auditor.render(before, "md")
    assert "Links were not checked (--check-links)" in auditor.render(before, "html")


def test_alive_weights_stay_pass(tmp_path: Path, server: HTTPServer) -> None:
    server.expect_request("/a.pth").respond_with_data("", status=200)
    server.expect_request("/b.pth").respond_with_data("", status=403)  # forbidden is not dead
    repo = weights_repo(tmp_path, server.url_for("").rstrip("/"))
    report = audit(str(repo), checklists=["ml-code-completeness"], check_links=FAST)
    f = next(f for f in report.checklists[0].findings if f.check == "pretrained_models")
    assert f.status == "pass"
    assert sorted(lk.state for lk in report.links) == ["alive", "forbidden"]


def test_cli_check_links_refuses_local_addresses(
    tmp_path: Path, server: HTTPServer, capsys
) -> None:
    repo = weights_repo(tmp_path, server.url_for("").rstrip("/"))
    out = tmp_path / "out"
    argv = ["audit", "--repo", str(repo), "--out", str(out), "--checklist", "ml-code-completeness"]
    assert main([*argv, "--check-links", "--format", "json"]) == 0
    term = capsys.readouterr().out
    assert "links: 2 checked: 2 unreachable" in term
    data = json.loads((out / "report.json").read_text())
    assert data["links_checked"] is True
    assert all("non-public address" in lk["detail"] for lk in data["links"])
    assert server.log == []
