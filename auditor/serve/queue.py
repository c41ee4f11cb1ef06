"""The durable queue: ``--jobs`` dispatcher threads, each handing one queued job at a time to
``auditor.batch.runner.run_entries`` (a worker process per entry, its time limit, its process
group killed on overrun, the same engine and report writing as ``auditor batch``)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from auditor.batch.entries import Entry
from auditor.batch.runner import run_entries
from auditor.batch.worker import WorkerOptions
from auditor.limits import Limits
from auditor.serve.jobs import JobStore, entry_of

log = logging.getLogger(__name__)
IDLE_WAIT = 1.0  # seconds a dispatcher sleeps when the queue is empty (a submit wakes it)


def checklist_versions(ids: list[str] | None) -> list[str]:
    from auditor.checklists import get_checklists

    return [f"{s.id}@{s.version}" for s in get_checklists(ids)]


class _Recorder:
    """The store as run_entries sees it; failure messages name uploads by their label."""

    def __init__(self, store: JobStore, row: sqlite3.Row) -> None:
        self.store = store
        self.names = {
            p: label
            for p, label in ((row["repo"], row["repo_label"]), (row["paper"], row["paper_label"]))
            if p and label and p != label
        }

    def mark_started(self, e: Entry) -> None:
        self.store.mark_started(e)

    def record_result(self, entry_id: str, result: dict[str, Any]) -> None:
        msg = result.get("message")
        if isinstance(msg, str):
            for path, label in self.names.items():
                msg = msg.replace(path, label)
            result = {**result, "message": msg}
        self.store.record_result(entry_id, result)

    def commit_batch(
        self, finished: list[tuple[str, dict[str, Any]]], started: list[Entry]
    ) -> None:
        """The runner's one call per turn: results first, then the jobs handed to workers (each
        a state change of its own, one commit each)."""
        for entry_id, result in finished:
            self.record_result(entry_id, result)
        for e in started:
            self.mark_started(e)


class Dispatcher:
    """Runs queued jobs on at most ``jobs`` worker processes at once (a stateful resource)."""

    def __init__(self, store: JobStore, reports: Path, limits: Limits, jobs: int) -> None:
        self.store = store
        self.reports = reports
        self.limits = limits
        self.jobs = jobs
        self._claimed: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        again = self.store.requeue()
        if again:
            log.warning("re-queued %d job(s) that were running when the server stopped", again)
        for n in range(self.jobs):
            t = threading.Thread(target=self._loop, name=f"auditor-serve-{n}", daemon=True)
            t.start()
            self._threads.append(t)

    def notify(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def stop(self, wait: float = 0.0) -> None:
        self._stop.set()
        self.notify()
        for t in self._threads:
            t.join(wait)

    def _claim(self) -> sqlite3.Row | None:
        with self._lock:
            row = self.store.next_queued(self._claimed)
            if row is not None:
                self._claimed.add(row["id"])
            return row

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                row = self._claim()
            except sqlite3.Error:
                log.exception("cannot read the job queue")
                row = None
            if row is None:
                with self._wake:
                    self._wake.wait(IDLE_WAIT)
                continue
            try:
                self._run(row)
            except Exception:  # a bug here must not stop the dispatcher
                log.exception("job %s could not be run", row["id"])
            finally:
                with self._lock:
                    self._claimed.discard(row["id"])

    def _run(self, row: sqlite3.Row) -> None:
        ids = json.loads(row["checklists"]) or None
        wopts = WorkerOptions(
            out=self.reports, checklists=ids, checklist_versions=checklist_versions(ids),
            limits=self.limits, force=True, stages=True,
        )  # fmt: skip
        counts: dict[str, int] = {}
        run_entries(
            [entry_of(row)], wopts, _Recorder(self.store, row), 1, self.limits.audit_timeout,
            lambda status: None, counts,
        )  # fmt: skip
