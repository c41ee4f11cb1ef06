"""History-page latency of ``auditor serve`` while 20 submissions are posted at once.

Starts a server on a free loopback port with a temporary ``--data`` (single-user mode), posts N
submissions concurrently (the bundled example paper and a zip of the example project, one
thread each), and while they are queued and running asks for ``/history`` over and over from
one client. Prints the latency percentiles of those history requests and how long the jobs
took. Loopback only; bounded in requests and time; the server is stopped at the end.

    python benchmarks/serve_load.py [--submissions 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from auditor.demo import demo_inputs

MAX_HISTORY_REQUESTS = 5000
MAX_SECONDS = 600.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _zip(root: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                zf.write(p, f"project/{p.relative_to(root).as_posix()}")
    return buf.getvalue()


def _submit(url: str, files: dict[str, tuple[str, bytes]]) -> str:
    with httpx.Client(base_url=url, timeout=120) as c:
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', c.get("/").text)
        assert csrf
        r = c.post("/jobs", data={"csrf": csrf.group(1)}, files=files, follow_redirects=False)
        if r.status_code != 303:
            raise RuntimeError(f"submission refused: HTTP {r.status_code} {r.text[:200]}")
        return r.headers["location"].rsplit("/", 1)[1]


def _poll_history(url: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=url, timeout=30) as c:
        while not stop.is_set() and len(out) < MAX_HISTORY_REQUESTS:
            t0 = time.perf_counter()
            c.get("/history").raise_for_status()
            out.append(time.perf_counter() - t0)


def _all_done(url: str, n: int) -> bool:
    jobs = httpx.get(f"{url}/api/jobs", timeout=30).json()
    return len(jobs) >= n and all(j["state"] == "done" for j in jobs)


def run(submissions: int, jobs: int, data: Path) -> None:
    repo, paper = demo_inputs()
    assert paper
    files = {"paper_file": ("paper.pdf", Path(paper).read_bytes()),
             "code_file": ("project.zip", _zip(Path(repo)))}  # fmt: skip
    port = _port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "auditor", "serve", "--data", str(data), "--port", str(port),
           "--jobs", str(jobs), "--max-queued", str(submissions + 1)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        latencies: list[float] = []
        stop = threading.Event()
        poller = threading.Thread(target=_poll_history, args=(url, stop, latencies))
        t0 = time.perf_counter()
        poller.start()
        with ThreadPoolExecutor(submissions) as pool:
            ids = list(pool.map(lambda _: _submit(url, files), range(submissions)))
        posted = time.perf_counter() - t0
        while not _all_done(url, submissions) and time.perf_counter() - t0 < MAX_SECONDS:
            time.sleep(0.2)
        finished = time.perf_counter() - t0
        stop.set()
        poller.join()
        statuses = [j["status"] for j in httpx.get(f"{url}/api/jobs", timeout=30).json()]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else lat * 99
    print(f"submissions: {len(set(ids))} posted in {posted:.2f}s, all finished after "
          f"{finished:.2f}s (--jobs {jobs}); statuses: "
          f"{ {s: statuses.count(s) for s in set(statuses)} }")  # fmt: skip
    print(f"history page while they ran: {len(lat)} requests, p50 {q[49] * 1000:.1f} ms, "
          f"p95 {q[94] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--submissions", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-serve-load-") as tmp:
        run(args.submissions, args.jobs, Path(tmp) / "data")


if __name__ == "__main__":
    main()
