"""``auditor serve`` under load and after ``kill -9``: every job completes exactly once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from anonymous_fake import api_url, files_of, handler
from serve_support import DEMO_PAPER, DEMO_REPO, Server, demo_zip, job_id_of, submit, wait_done

from auditor.sources.anonymous import ENV_API

pytestmark = pytest.mark.slow


def _events(srv: Server) -> dict[str, list[str]]:
    with srv.db() as db:
        out: dict[str, list[str]] = {}
        for r in db.execute("SELECT job_id, state FROM events ORDER BY seq"):
            out.setdefault(r["job_id"], []).append(r["state"])
        return out


def test_twenty_concurrent_submissions_all_complete_exactly_once(tmp_path):
    srv = Server(tmp_path / "data", "--jobs", "2", "--max-queued", "50").start()
    try:
        files = {
            "paper_file": ("paper.pdf", Path(DEMO_PAPER).read_bytes()),
            "code_file": ("project.zip", demo_zip()),
        }

        def one(_n: int) -> str:
            with httpx.Client(base_url=srv.url, timeout=60) as c:
                return job_id_of(submit(c, files=files))

        with ThreadPoolExecutor(20) as pool:
            ids = list(pool.map(one, range(20)))
        assert len(set(ids)) == 20
        with httpx.Client(base_url=srv.url, timeout=60) as c:
            jobs = [wait_done(c, j, timeout=240) for j in ids]
            listed = c.get("/api/jobs").json()
        assert [j["status"] for j in jobs] == ["ok"] * 20
        assert sorted(j["id"] for j in listed) == sorted(ids)  # none lost, none doubled
        events = _events(srv)
        assert set(events) == set(ids)
        assert all(ev == ["queued", "running", "done"] for ev in events.values()), events
    finally:
        srv.stop()


def _slow_api(httpserver, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """The anonymous-repository fake, each file read taking ``seconds``: jobs that run a while."""
    import re

    inner = handler({"slow": files_of(Path(DEMO_REPO))}, [])

    def slow(request):  # type: ignore[no-untyped-def]
        if "/file/" in request.path:
            time.sleep(seconds)
        return inner(request)

    httpserver.expect_request(re.compile(r"^/api/.*")).respond_with_handler(slow)


def _states(srv: Server) -> dict[str, str]:
    with srv.db() as db:
        return {r["id"]: r["state"] for r in db.execute("SELECT id, state FROM jobs")}


def test_kill_9_then_restart_completes_every_job_exactly_once(tmp_path, httpserver):
    _slow_api(httpserver, 0.25)
    env = {ENV_API: api_url(httpserver)}
    data = tmp_path / "data"
    first = Server(data, "--jobs", "1", env=env).start()
    try:
        with httpx.Client(base_url=first.url, timeout=60) as c:
            ids = [
                job_id_of(submit(c, code_url="https://anonymous.4open.science/r/slow"))
                for _ in range(4)
            ]
            deadline = time.monotonic() + 30
            while "running" not in _states(first).values() and time.monotonic() < deadline:
                time.sleep(0.05)
        before = _states(first)
        assert sorted(before.values()) == ["queued", "queued", "queued", "running"], before
        first.kill9()
    finally:
        first.stop()
    assert _states(first) == before  # nothing committed was lost
    second = Server(data, "--jobs", "2", env=env).start()
    try:
        with httpx.Client(base_url=second.url, timeout=60) as c:
            jobs = {j: wait_done(c, j, timeout=120) for j in ids}
        assert all(j["status"] == "ok" for j in jobs.values()), jobs
        events = _events(second)
        assert all(ev.count("done") == 1 for ev in events.values()), events
        killed = next(j for j, s in before.items() if s == "running")
        assert events[killed] == ["queued", "running", "requeued", "running", "done"]
        assert jobs[killed]["attempts"] == 2
        for j in ids:
            assert (data / "reports" / "entries" / j / "report.json").is_file()
    finally:
        second.stop()
