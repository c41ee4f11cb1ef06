"""An audit child process started with ``subprocess`` (not ``multiprocessing``), for hosts
whose own process may not fork multiprocessing children, such as a Dask worker (a daemon).

The parent keeps one end of a socket pair; the child gets the other as a file descriptor,
reads the :class:`WorkerOptions` first and then serves entries exactly as a local batch
worker does (its own process group, memory cap, orphan watch): see ``worker_main``.

    python -m auditor.batch.child FD
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from auditor.batch.entries import Entry
from auditor.batch.worker import WorkerOptions, worker_main


@dataclass
class Child:
    """A running audit child and the parent's end of its connection."""

    proc: subprocess.Popen[bytes]
    conn: Connection
    served: int = 0

    def alive(self) -> bool:
        return self.proc.poll() is None


def start_child(opts: WorkerOptions) -> Child:
    parent, child = socket.socketpair()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "auditor.batch.child", str(child.fileno())],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group from the start: killpg reaches git
        )
    finally:
        child.close()
    conn = Connection(parent.detach())
    conn.send(opts)
    return Child(proc, conn)


def run_in_child(child: Child, entry: Entry, timeout: float) -> dict[str, Any] | str:
    """The child's result for ``entry``, or why there is none: ``"timeout"`` (the child was
    killed with its process group) or ``"died"``."""
    try:
        child.conn.send(entry)
        if not child.conn.poll(timeout):
            stop_child(child)
            return "timeout"
        result: dict[str, Any] = child.conn.recv()
    except (EOFError, OSError):
        stop_child(child)
        return "died"
    child.served += 1
    return result


def stop_child(child: Child, polite: bool = False) -> None:
    """End the child: ask when ``polite`` and idle, else kill its whole group (git too)."""
    if polite and child.alive():
        try:
            child.conn.send(None)
            child.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
    if child.alive():
        try:
            os.killpg(child.proc.pid, signal.SIGKILL)  # the child leads its group
        except (ProcessLookupError, PermissionError):
            child.proc.kill()
        deadline = time.monotonic() + 10
        while child.alive() and time.monotonic() < deadline:
            time.sleep(0.01)
    child.conn.close()


def main(argv: list[str]) -> int:
    conn = Connection(int(argv[0]))
    opts = conn.recv()
    worker_main(conn, opts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
