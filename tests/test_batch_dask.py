"""`auditor batch --scheduler`: a real Dask scheduler and two workers on loopback, started
and stopped here. A batch on them equals the local run entry for entry; a worker killed with
kill -9 in the middle loses nothing; an unreachable scheduler is one line and exit 2."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from auditor.batch.cluster import _check_visible  # noqa: E402
from auditor.batch.entries import Entry  # noqa: E402
from auditor.cli import main  # noqa: E402
from auditor.errors import InputError  # noqa: E402

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
VOLATILE = {"started_at", "finished_at", "seconds", "attempts"}
README = (
    "# Proj {i}\n\n## Requirements\n\n```\npip install -r requirements.txt\n```\n\n"
    "## Training\n\n```\npython train.py\n```\n\n## Evaluation\n\n```\npython eval.py\n```\n"
)
MODULE = (
    "import numpy as np\nimport torch\n\n\ndef helper_{k}(values):\n    out = []\n"
    "    for v in values:\n        out.append(np.sqrt(v) * {k})\n    return out\n\n\n"
    "class Block{k}(torch.nn.Module):\n    def forward(self, x):\n        return x * {k}\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _descendants(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    kids.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(d))
            except OSError:
                continue
    out, stack = set(), [pid]
    while stack:
        for k in kids.get(stack.pop(), []):
            out.add(k)
            stack.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class Cluster:
    def __init__(self, tmp: Path) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", port,
             "--no-dashboard", "--idle-timeout", "300"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp,
        )  # fmt: skip
        self.workers = [
            subprocess.Popen(
                [
                    str(BIN / "dask"),
                    "worker",
                    self.address,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--name",
                    f"w{i}",
                    "--death-timeout",
                    "60",
                    "--local-directory",
                    str(tmp / f"w{i}"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=tmp,
            )  # fmt: skip
            for i in range(2)
        ]
        self.seen: set[int] = set()  # every process the workers started (audit children, git)

    def wait_ready(self, n: int = 2) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(n, timeout=60)

    def note_children(self) -> None:
        for w in self.workers:
            self.seen |= _descendants(w.pid)

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            _stop(p)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = Cluster(tmp_path)
    try:
        c.wait_ready()
        yield c
    finally:
        c.note_children() if all(w.poll() is None for w in c.workers) else None
        c.stop()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in c.seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in c.seen if _alive(p)], "processes left running"


def _entries(tmp: Path, make_git_repo, n: int, modules: int = 8) -> Path:
    rows = ["id,repo,at,venue"]
    for i in range(n):
        files = {"README.md": README.format(i=i), "requirements.txt": "torch==2.1.0\n",
                 "train.py": "import torch\n\nif __name__ == '__main__':\n    torch.manual_seed(0)\n",
                 "eval.py": "import torch\n\nif __name__ == '__main__':\n    print('acc')\n"}  # fmt: skip
        files.update({f"lib/m{k}.py": MODULE.format(k=k + i) for k in range(modules)})
        if i % 3 == 2:  # plain folders beside pinned git repositories
            for rel, text in files.items():
                (tmp / f"r{i}" / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / f"r{i}" / rel).write_text(text)
            rows.append(f"e{i},r{i},,V{i % 2}")
        else:
            make_git_repo(tmp / f"r{i}", files)
            rows.append(f"e{i},r{i},2020-04-01,V{i % 2}")
    rows.append(f"gone,{tmp / 'no-such-repo'},,V0")  # missing everywhere: failed, as locally
    path = tmp / "entries.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def _rows(out: Path) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    return {r["id"]: {k: v for k, v in r.items() if k not in VOLATILE} for r in rows}


def _report(out: Path, entry: str) -> dict[str, object]:
    data = json.loads((out / "entries" / entry / "report.json").read_text())
    data.pop("created", None)
    data.pop("timings", None)
    return data


def _statuses(out: Path) -> dict[str, str]:
    con = sqlite3.connect(f"file:{out / 'results.sqlite'}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT id, status FROM entries").fetchall())
    finally:
        con.close()


def _batch(*args: str) -> list[str]:
    code = "import sys; from auditor.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, "batch", *args]


def test_dask_batch_equals_local_run(tmp_path, make_git_repo, cluster, capsys) -> None:
    csv_path = _entries(tmp_path, make_git_repo, 6)
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["batch", str(csv_path), "--out", str(local), "--jobs", "2", "-q"]) == 0
    args = ["batch", str(csv_path), "--out", str(remote), "-q", "--scheduler", cluster.address]
    assert main(args) == 0
    cluster.note_children()
    got, want = _rows(remote), _rows(local)
    assert got == want
    assert got["e0"]["status"] == "ok" and got["gone"]["status"] == "failed"
    assert got["e0"]["ml-code-completeness.training_code"] == "pass"
    for entry in (e for e, r in want.items() if r["status"] == "ok"):
        assert _report(remote, entry) == _report(local, entry)
        assert (remote / "entries" / entry / "report.html").stat().st_size > 1000
    assert (remote / "index.html").is_file()
    # --resume on the cluster keeps everything: same fingerprints as the client computes
    assert main([*args, "--resume"]) == 0
    assert capsys.readouterr().err == ""
    assert _rows(remote) == got


def test_worker_killed_mid_batch_loses_nothing(tmp_path, make_git_repo, cluster) -> None:
    csv_path = _entries(tmp_path, make_git_repo, 12, modules=120)
    out = tmp_path / "out"
    opts = ["--out", str(out), "-q", "--scheduler", cluster.address]
    proc = subprocess.Popen(_batch(str(csv_path), *opts), start_new_session=True)
    victim = cluster.workers[0]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                st = list(_statuses(out).values())
            except sqlite3.Error:
                st = []
            children = _descendants(victim.pid)
            if any(s not in ("running", "pending") for s in st) and children:
                break
            assert proc.poll() is None, "the batch ended before a worker could be killed"
            time.sleep(0.05)
        else:
            pytest.fail("the batch never got going on both workers")
        cluster.note_children()
        assert "running" in st  # killed mid-batch, with entries still to do
        os.kill(victim.pid, signal.SIGKILL)
        assert victim.wait(10) == -signal.SIGKILL
        assert proc.wait(180) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    after = _statuses(out)
    assert set(after) == {f"e{i}" for i in range(12)} | {"gone"}
    assert all(s in ("ok", "failed", "error") for s in after.values()), after
    assert after["gone"] == "failed"
    # what the killed worker was auditing finished on the other one, or --resume does it
    res = subprocess.run(_batch(str(csv_path), *opts, "--resume", "--retry-failed"),
                         capture_output=True, text=True, timeout=180)  # fmt: skip
    assert res.returncode == 0, res.stderr
    final = _statuses(out)
    assert {k for k, v in final.items() if v != "ok"} == {"gone"}
    local = tmp_path / "local"
    assert main(["batch", str(csv_path), "--out", str(local), "--jobs", "2", "-q"]) == 0
    assert _rows(out) == _rows(local)


def test_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, make_git_repo, capsys) -> None:
    csv_path = _entries(tmp_path, make_git_repo, 1)
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    t0 = time.monotonic()
    rc = main(["batch", str(csv_path), "--out", str(tmp_path / "o"), "--scheduler", address,
               "--connect-timeout", "1", "-q"])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and f"cannot reach the Dask scheduler at {address}" in err
    assert "Traceback" not in err
    assert time.monotonic() - t0 < 30  # the connect timeout bounds it


def test_bad_scheduler_address_is_a_usage_error(tmp_path, make_git_repo, capsys) -> None:
    csv_path = _entries(tmp_path, make_git_repo, 1)
    for bad in ("127.0.0.1:8786", "local:0", "local:x"):
        rc = main(["batch", str(csv_path), "--out", str(tmp_path / "o"), "--scheduler", bad])
        err = capsys.readouterr().err
        assert rc == 2 and err.count("\n") == 1 and bad in err


class _Workers:
    """What ``client.run(missing_paths, paths)`` answers when one worker lacks a path."""

    def __init__(self, missing: dict[str, list[str]]) -> None:
        self.missing = missing

    def run(self, fn, paths):  # type: ignore[no-untyped-def]
        return {w: [p for p in paths if p in gone] for w, gone in self.missing.items()}


def test_local_only_paths_are_refused_with_a_clear_message(tmp_path) -> None:
    here = tmp_path / "repo"
    here.mkdir()
    todo = [Entry(id="a", repo=str(here)), Entry(id="u", repo="https://example.org/x.git"),
            Entry(id="gone", repo=str(tmp_path / "missing"))]  # fmt: skip
    _check_visible(_Workers({"tcp://worker-a:1": [], "tcp://worker-b:1": []}), todo)
    with pytest.raises(InputError) as err:
        _check_visible(_Workers({"tcp://worker-a:1": [], "tcp://worker-b:1": [str(here)]}), todo)
    msg = str(err.value)  # a path the client cannot see either fails as its own entry
    assert "entry a" in msg and str(here) in msg and "tcp://worker-b:1" in msg
    assert "shares" in msg


def test_the_default_path_never_imports_dask(tmp_path, make_git_repo) -> None:
    csv_path = _entries(tmp_path, make_git_repo, 1)
    code = (
        "import sys; from auditor.cli import main; rc = main(sys.argv[1:]); "
        "assert 'distributed' not in sys.modules and 'dask' not in sys.modules; sys.exit(rc)"
    )
    res = subprocess.run([sys.executable, "-c", code, "batch", str(csv_path), "--out",
                          str(tmp_path / "o"), "-q", "--jobs", "1"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
