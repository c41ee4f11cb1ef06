"""``auditor serve``: a real server on loopback, started and stopped by each test."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import httpx
import pytest
from anonymous_fake import api_url, files_of
from anonymous_fake import serve as serve_fake
from serve_support import (
    DEMO_PAPER,
    DEMO_REPO,
    Server,
    csrf_of,
    demo_zip,
    job_id_of,
    submit,
    users_toml,
    wait_done,
)

from auditor.cli import main
from auditor.sources.anonymous import ENV_API

TOKENS = {
    "alice": "alice-token-0123456789",
    "bob": "bob-token-0123456789",
    "chair": "chair-token-0123456789",
}


@pytest.fixture
def server(tmp_path):
    started: list[Server] = []

    def start(*args: str, env: dict[str, str] | None = None, data: Path | None = None) -> Server:
        s = Server(data or tmp_path / "data", *args, env=env).start()
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def multi(server, tmp_path):
    users = users_toml(tmp_path / "users.toml", TOKENS, admin="chair")
    return server("--users", str(users), "--max-upload-mb", "1")


def client(srv: Server, user: str | None = None) -> httpx.Client:
    headers = {"authorization": f"Bearer {TOKENS[user]}"} if user else {}
    return httpx.Client(base_url=srv.url, headers=headers, timeout=30)


def demo_files() -> dict:
    return {
        "paper_file": ("paper.pdf", Path(DEMO_PAPER).read_bytes(), "application/pdf"),
        "code_file": ("example_project.zip", demo_zip(), "application/zip"),
    }


# -- start-up refusals (no server) ------------------------------------------------------------
def test_serve_refuses_a_public_host_without_users(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("auditor: error: refusing --host 0.0.0.0: without --users")
    assert len(err.splitlines()) == 1


def test_serve_says_which_extra_is_missing(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve"]) == 2
    assert "needs the serve extra: pip install 'auditor[serve]'" in capsys.readouterr().err


def test_users_file_needs_one_admin(tmp_path, capsys):
    users = users_toml(tmp_path / "u.toml", {"a": "a" * 20, "b": "b" * 20}, admin="nobody")
    assert main(["serve", "--users", str(users), "--data", str(tmp_path / "d")]) == 2
    assert "mark exactly one user admin" in capsys.readouterr().err


def test_hash_token_prints_a_line_that_verifies(monkeypatch, capsys):
    import io

    from auditor.serve.users import verify_token

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-token-123\n"))
    assert main(["serve", "--hash-token"]) == 0
    line = capsys.readouterr().out.strip()
    stored = re.match(r'^token_hash = "(scrypt\$[^"]+)"$', line).group(1)
    assert verify_token("a-long-enough-token-123", stored)
    assert not verify_token("another-token-1234567", stored)


# -- single user (loopback) ---------------------------------------------------------------------
@pytest.mark.slow
def test_upload_paper_and_code_then_read_the_report(server):
    srv = server()
    with client(srv) as c:
        home = c.get("/")
        for header in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert header in home.headers
        assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
        job_id = job_id_of(submit(c, files=demo_files()))
        queued = c.get(f"/jobs/{job_id}").text
        assert 'http-equiv="refresh"' in queued or "Done" in queued  # refreshes itself until done
        job = wait_done(c, job_id)
        assert job["status"] == "ok", job
        assert job["scores"]["ml-code-completeness"] == [5, 5]
        page = c.get(f"/jobs/{job_id}").text
        assert 'http-equiv="refresh"' not in page
        assert re.search(
            r'data-check="code-reproducibility/seeds">.*?class="verdict pass"', page, re.S
        )
        review = c.get(f"/jobs/{job_id}/review.txt").text
        # the demo's defects: advisory checks first listed, then the paper setting with its page
        assert review.startswith("1. Experiment tracking:") and "(page 1" in review
        sarif = c.get(f"/jobs/{job_id}/report.sarif")
        assert sarif.status_code == 200 and sarif.json()["version"] == "2.1.0"
        report = c.get(f"/jobs/{job_id}/report.html")
        assert "sandbox" in report.headers["content-security-policy"]
        assert "example_project.zip" in c.get("/history").text
    uploads = list((srv.data / "uploads").iterdir())
    assert len(uploads) == 2 and all(
        re.match(r"^[0-9a-f]{32}\.(pdf|zip)$", p.name) for p in uploads
    )


@pytest.mark.slow
def test_form_without_csrf_writes_nothing(server):
    srv = server()
    with client(srv) as c:
        c.get("/")
        resp = submit(c, csrf="0" * 64, files=demo_files())
        assert resp.status_code == 403
        assert not any((srv.data / "uploads").glob("*"))
        assert c.get("/api/jobs").json() == []


@pytest.mark.slow
def test_delete_removes_the_job_and_its_files(server):
    srv = server()
    with client(srv) as c:
        job_id = job_id_of(submit(c, files=demo_files()))
        wait_done(c, job_id)
        assert (srv.data / "reports" / "entries" / job_id / "report.json").is_file()
        resp = c.post(f"/jobs/{job_id}/delete", data={"csrf": csrf_of(c)})
        assert resp.status_code == 303
        assert c.get(f"/jobs/{job_id}").status_code == 404
        assert not (srv.data / "reports" / "entries" / job_id).exists()
        assert not any((srv.data / "uploads").glob("*"))


@pytest.mark.slow
def test_history_is_newest_first_and_filters(server):
    srv = server()
    with client(srv) as c:
        first = job_id_of(submit(c, files={"code_file": ("first-project.zip", demo_zip())}))
        second = job_id_of(
            submit(c, files={"paper_file": ("second.pdf", Path(DEMO_PAPER).read_bytes())})
        )
        for j in (first, second):
            wait_done(c, j)
        html = c.get("/history").text
        assert html.index(second) < html.index(first)
        filtered = c.get("/history", params={"q": "first-PROJECT"}).text
        assert first in filtered and second not in filtered
        assert "ml-code-completeness: 5/5" in filtered


# -- anonymous repository links in the web app ----------------------------------------------------
@pytest.mark.slow
def test_anonymous_links_in_the_web_app(server, httpserver):
    serve_fake(
        httpserver, {"good": files_of(Path(DEMO_REPO)), "gone": "expired", "deep": "endless"}
    )
    srv = server("--max-files", "20", env={ENV_API: api_url(httpserver)})
    with client(srv) as c:
        ids = {
            name: job_id_of(submit(c, code_url=f"https://anonymous.4open.science/r/{name}"))
            for name in ("good", "gone", "deep")
        }
        good, gone, deep = (wait_done(c, ids[n]) for n in ("good", "gone", "deep"))
    assert good["status"] == "ok" and good["scores"]["ml-code-completeness"] == [5, 5]
    assert gone["status"] == "failed"
    assert (
        gone["message"]
        == "anonymous repository gone has expired or was removed by its owner (the service says repository_expired)"
    )
    assert deep["status"] == "ok"  # the endless listing stopped at the file bound
    report = json.loads(
        (srv.data / "reports" / "entries" / ids["deep"] / "report.json").read_text()
    )
    assert any("stopped at 20 files" in w for w in report["warnings"])
    assert report["subject"]["repo"]["kind"] == "anonymised copy"


# -- multi-user -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_two_users_see_only_their_own_jobs(multi):
    with (
        client(multi, "alice") as alice,
        client(multi, "bob") as bob,
        client(multi, "chair") as chair,
    ):
        job_id = job_id_of(
            submit(alice, files={"paper_file": ("a.pdf", Path(DEMO_PAPER).read_bytes())})
        )
        assert wait_done(alice, job_id)["status"] == "ok"
        for path in (f"/jobs/{job_id}", f"/jobs/{job_id}/report.json", f"/api/jobs/{job_id}",
                     f"/jobs/{job_id}/review.txt"):  # fmt: skip
            assert bob.get(path).status_code == 404, path
            assert alice.get(path).status_code == 200, path
        assert bob.post(f"/jobs/{job_id}/delete", data={"csrf": "x"}).status_code == 404
        assert job_id not in bob.get("/history").text and bob.get("/api/jobs").json() == []
        assert job_id in chair.get("/history").text  # the admin sees everyone's


@pytest.mark.slow
def test_no_token_no_page(multi):
    with httpx.Client(base_url=multi.url, timeout=30) as anon:
        for path in ("/", "/history", "/jobs/0123456789abcdef"):
            resp = anon.get(path, follow_redirects=False)
            assert resp.status_code == 303 and resp.headers["location"] == "/login"
        assert anon.get("/api/jobs").status_code == 401
        wrong = httpx.get(f"{multi.url}/api/jobs", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert submit(anon, csrf="", files=demo_files()).status_code == 401
        # the login form gives a cookie session
        csrf = csrf_of(anon, "/login")
        bad = anon.post("/login", data={"csrf": csrf, "name": "alice", "token": "wrong"})
        assert bad.status_code == 401
        ok = anon.post("/login", data={"csrf": csrf, "name": "alice", "token": TOKENS["alice"]},
                       follow_redirects=False)  # fmt: skip
        assert ok.status_code == 303
        assert "alice" in anon.get("/history").text


# -- hostile input --------------------------------------------------------------------------------
@pytest.mark.slow
def test_over_cap_upload_is_413_and_not_written(multi):
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)  # the cap is 1 MB
    with client(multi, "alice") as c:
        resp = submit(c, files={"paper_file": ("big.pdf", big)})
        assert resp.status_code == 413
        assert not any((multi.data / "uploads").glob("*"))

        def chunks():  # no Content-Length: the cap holds while streaming
            body = b'--B\r\nContent-Disposition: form-data; name="paper_file"; filename="x.pdf"\r\n\r\n'
            yield body
            for _ in range(64):
                yield b"0" * 65536
            yield b"\r\n--B--\r\n"

        resp = c.post(
            "/jobs", content=chunks(), headers={"content-type": "multipart/form-data; boundary=B"}
        )
        assert resp.status_code == 413
        assert sum(p.stat().st_size for p in (multi.data / "uploads").glob("*")) == 0
        assert c.get("/api/jobs").status_code == 200  # still serving


def _bomb(path: Path) -> Path:
    """Six members whose central directory claims 4 GiB each (a classic bomb's shape)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(6):
            zf.writestr(f"part{i}.bin", b"x")
    out = bytearray(buf.getvalue())
    pos = out.find(b"PK\1\2")
    while pos != -1:
        struct.pack_into("<I", out, pos + 24, 0xFFFFFFF0)
        pos = out.find(b"PK\1\2", pos + 4)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.slow
def test_zip_bomb_and_not_a_pdf_fail_with_the_cli_reason(multi, tmp_path, capsys):
    bomb = _bomb(tmp_path / "bomb.zip")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    cli = {}
    for name, args in (("bomb", ["--repo", str(bomb)]), ("fake", ["--paper", str(fake)])):
        assert main(["audit", *args, "--out", str(tmp_path / name), "-q"]) == 2
        cli[name] = capsys.readouterr().err.strip().removeprefix("auditor: error: ")
    with client(multi, "alice") as c:
        b = job_id_of(submit(c, files={"code_file": ("bomb.zip", bomb.read_bytes())}))
        f = job_id_of(submit(c, files={"paper_file": ("fake.pdf", fake.read_bytes())}))
        jb, jf = wait_done(c, b), wait_done(c, f)
        assert jb["status"] == jf["status"] == "failed"
        assert jb["message"] == cli["bomb"].replace(str(bomb), "bomb.zip")
        assert jf["message"] == cli["fake"].replace(str(fake), "fake.pdf")
        assert "fake.pdf" in c.get(f"/jobs/{f}").text
        assert c.get("/healthz").text == "ok"


@pytest.mark.slow
def test_path_traversal_file_name_is_only_a_label(multi, tmp_path):
    with client(multi, "alice") as c:
        name = "../../../../tmp/../evil.zip"
        job_id = job_id_of(submit(c, files={"code_file": (name, demo_zip())}))
        job = wait_done(c, job_id)
        assert job["status"] == "ok" and job["repo"] == "evil.zip"
    inside = [p.name for p in (multi.data / "uploads").iterdir()]
    assert len(inside) == 1 and re.match(r"^[0-9a-f]{32}\.zip$", inside[0])
    assert not (multi.data / "evil.zip").exists() and not (tmp_path / "evil.zip").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"code_url": "javascript:alert(1)"}, "unsupported URL scheme 'javascript'"),
        ({"code_url": "http://127.0.0.1/repo.git"}, "is a loopback, private or link-local"),
        ({"code_url": "https://[::1]:8080/x.git"}, "is a loopback, private or link-local"),
        ({"code_url": "http://169.254.169.254/latest"}, "is a loopback, private or link-local"),
        ({"paper_url": "http://10.0.0.7/p.pdf"}, "is a loopback, private or link-local"),
        ({"code_url": "/etc"}, "paths on the server are not accepted"),
        ({"code_url": "file:///etc/passwd"}, "unsupported URL scheme 'file'"),
        ({"paper_url": "javascript:alert(1)"}, "give an http(s) URL of a PDF or an arXiv id"),
    ],
)
def test_dangerous_urls_are_refused_in_multi_user_mode(multi, fields, reason):
    with client(multi, "alice") as c:
        resp = submit(c, **fields)
        assert resp.status_code == 400
        assert reason in resp.json()["error"]
        assert c.get("/api/jobs").json() == []
