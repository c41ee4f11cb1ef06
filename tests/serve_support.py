"""Starting and stopping ``auditor serve`` for tests: a real server in its own session on a free
loopback port, stopped by the test (and every process it started with it)."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx

from auditor.demo import demo_inputs
from auditor.serve.users import hash_token

DEMO_REPO, DEMO_PAPER = demo_inputs()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_members(sid: int) -> list[int]:
    """Processes in session ``sid`` (the server, its fork server and workers)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(d.name))
    return found


class Server:
    def __init__(self, data: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data = data
        self.args = list(args)
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data.parent / f"server-{self.port}.log"

    def start(self, timeout: float = 30.0) -> Server:
        cmd = [sys.executable, "-m", "auditor", "serve", "--data", str(self.data),
               "--port", str(self.port), *self.args]  # fmt: skip
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=self.env,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._reap(self.proc.pid)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._reap(self.proc.pid)
        self.proc = None

    @staticmethod
    def _reap(sid: int) -> None:
        """Workers notice their parent is gone within a second; wait, then make sure."""
        deadline = time.monotonic() + 5
        while session_members(sid) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in session_members(sid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.data / 'serve.sqlite'}?mode=ro", uri=True, timeout=30)
        conn.row_factory = sqlite3.Row
        return conn


def users_toml(path: Path, tokens: dict[str, str], admin: str) -> Path:
    lines = []
    for name, token in tokens.items():
        lines += [f"[users.{name}]", f'token_hash = "{hash_token(token)}"']
        if name == admin:
            lines.append("admin = true")
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def demo_zip() -> bytes:
    buf = io.BytesIO()
    root = Path(DEMO_REPO)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                zf.write(p, f"example_project/{p.relative_to(root).as_posix()}")
    return buf.getvalue()


def csrf_of(client: httpx.Client, path: str = "/") -> str:
    html = client.get(path).text
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, html[:500]
    return m.group(1)


def submit(client: httpx.Client, csrf: str | None = None, files=None, **fields) -> httpx.Response:  # type: ignore[no-untyped-def]
    data = {"csrf": csrf if csrf is not None else csrf_of(client), **fields}
    files = files or {"paper_file": ("", b"")}  # an empty file input, as a browser sends it
    return client.post("/jobs", data=data, files=files, follow_redirects=False)


def wait_done(client: httpx.Client, job_id: str, timeout: float = 60.0) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] == "done":
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s: {job}")


def job_id_of(resp: httpx.Response) -> str:
    if resp.status_code == 201:
        return str(resp.json()["id"])
    assert resp.status_code == 303, (resp.status_code, resp.text[:500])
    return resp.headers["location"].rsplit("/", 1)[1]
