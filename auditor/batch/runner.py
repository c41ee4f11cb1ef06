"""``auditor batch``: audit many entries in worker processes, resumably, into SQLite.

Entries run in long-lived worker processes (forked from a preloaded fork server), each entry
with a time limit; on overrun the worker's whole process group is killed and replaced. The parent is the
only database writer and commits once when an entry starts and once when it ends.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Protocol

from auditor.batch.entries import Entry, RowError, read_entries
from auditor.batch.prestart import PRELOAD
from auditor.batch.prestart import warm_up as _warm_up_workers
from auditor.batch.store import DB_NAME, FINAL, Store
from auditor.batch.worker import (
    RECYCLE,
    WorkerOptions,
    check_checklists_main,
    fingerprint,
    fingerprint_parts,
    worker_main,
)
from auditor.errors import InputError
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.version import __version__

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 60.0  # seconds the fork server may take to check the checklists


class Recorder(Protocol):
    """What ``run_entries`` needs of a store (the batch ``Store``, or ``auditor serve``'s): one
    transaction for the entries that finished and the entries handed to workers at once."""

    def commit_batch(
        self, finished: list[tuple[str, dict[str, Any]]], started: list[Entry]
    ) -> None: ...


@dataclass(frozen=True)
class BatchOptions:
    csv: Path
    out: Path
    jobs: int = 1
    timeout: float = 900.0
    resume: bool = False
    retry_failed: bool = False
    checklists: list[str] | None = None
    limits: Limits = DEFAULT_LIMITS
    force: bool = False
    group_by: str | None = None
    progress: bool = True
    notify: Callable[[str], None] | None = None  # told about each malformed CSV row
    scheduler: str | None = None  # a Dask scheduler (tcp://HOST:PORT or local:N) instead of jobs
    connect_timeout: float = 10.0  # seconds to reach the Dask scheduler


@dataclass
class BatchOutcome:
    total: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    row_errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Worker:
    proc: Any
    conn: Any
    entry: Entry | None = None
    deadline: float = 0.0
    served: int = 0
    dead: bool = False
    stages: list[str] = field(default_factory=list)


def run_batch(opts: BatchOptions) -> BatchOutcome:
    from auditor.batch.summary import write_summary
    from auditor.checklists import get_checklists

    t0 = time.perf_counter()
    if not opts.scheduler:
        _warm_up_workers()
    inp = read_entries(opts.csv)
    for err in inp.errors:
        log.info("%s: %s (row skipped)", opts.csv, err)
        if opts.notify:
            opts.notify(f"{err} (row skipped)")
    if not inp.entries:
        raise InputError(f"{opts.csv}: no entries to audit")
    if opts.group_by and opts.group_by not in (*inp.metadata_columns, "status"):
        cols = ", ".join(inp.metadata_columns) or "none"
        raise InputError(f"--group-by {opts.group_by!r}: no such column (metadata: {cols})")
    check_out_folder(opts.out, opts.force)
    # locally the fork server checks the detectors (it imports them anyway, while this process
    # reads the entries); a cluster's client checks them itself
    specs = get_checklists(opts.checklists, detectors=bool(opts.scheduler))
    if not opts.scheduler:
        _check_detectors_in_fork_server(opts.checklists)
    wopts = WorkerOptions(
        out=opts.out.resolve(),
        checklists=opts.checklists,
        checklist_versions=[f"{s.id}@{s.version}" for s in specs],
        limits=opts.limits,
        force=opts.force,
    )
    outcome = BatchOutcome(total=len(inp.entries), row_errors=list(inp.errors))
    with Store(opts.out / DB_NAME) as store:
        store.add_metadata_columns(inp.metadata_columns)
        store.save_checklists(_spec_rows(specs))
        store.set_current_ids([e.id for e in inp.entries])
        todo = [e for e in inp.entries if not _can_skip(e, store, wopts, opts)]
        outcome.skipped = len(inp.entries) - len(todo)
        with (
            _executor(opts) as execute,
            _progress(len(todo), outcome.skipped, opts.progress) as tick,
        ):
            execute(todo, wopts, store, opts.timeout, tick, outcome.counts)
        write_summary(store, opts.out, group_by=opts.group_by, force=opts.force)
    outcome.seconds = time.perf_counter() - t0
    return outcome


def _check_detectors_in_fork_server(ids: list[str] | None) -> None:
    """Raise the InputError a bad detector name or param gives, from a process forked off the
    preloaded fork server; if that process cannot answer, check here instead."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    answer = None
    try:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=check_checklists_main, args=(send, ids), name="auditor-check")
        proc.start()
        send.close()
        if recv.poll(CHECK_TIMEOUT):
            answer = recv.recv()
        recv.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    except (OSError, EOFError, ValueError) as exc:
        log.debug("detectors not checked in the fork server: %s", exc)
    if isinstance(answer, tuple) and answer and answer[0] == "ok":
        return
    if isinstance(answer, tuple) and answer and answer[0] == "invalid":
        raise InputError(str(answer[1]))
    from auditor.checklists import get_checklists

    get_checklists(ids)  # no answer: the same check, here


@contextmanager
def _executor(opts: BatchOptions) -> Iterator[Any]:
    """``execute(todo, wopts, store, timeout, tick, counts)``: local worker processes, or a
    Dask cluster with ``--scheduler`` (connected before the progress bar starts)."""
    if not opts.scheduler:

        def local(todo: list[Entry], wopts: WorkerOptions, store: Store, timeout: float,
                  tick: Any, counts: dict[str, int]) -> None:  # fmt: skip
            run_entries(todo, wopts, store, opts.jobs, timeout, tick, counts)

        yield local
        return
    from auditor.batch.cluster import dask_runner

    with dask_runner(opts.scheduler, opts.connect_timeout) as remote:
        yield remote


def check_out_folder(out: Path, force: bool) -> None:
    """A new batch must not clobber someone's results.csv/jsonl; a batch folder is ours."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a folder")
    if (out / DB_NAME).exists() or force:
        return
    for name in ("results.csv", "results.jsonl"):
        if (out / name).exists():
            raise InputError(
                f"refusing to overwrite {out / name} (not from an auditor batch); use --force"
            )


def _spec_rows(specs: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for s in specs:
        max_score = sum(c.weight for c in s.checks if not c.advisory)
        rows.append(
            {
                "id": s.id, "version": s.version, "title": s.title,
                "requires": list(s.requires), "max_score": max_score,
                "checks": [{"id": c.id, "title": c.title, "advisory": c.advisory} for c in s.checks],
            }
        )  # fmt: skip
    return rows


def _can_skip(e: Entry, store: Store, wopts: WorkerOptions, opts: BatchOptions) -> bool:
    """--resume: skip an entry finished with the same fingerprint and tool version."""
    if not opts.resume:
        return False
    row = store.entry(e.id)
    if row is None or row["status"] not in FINAL or row["tool_version"] != __version__:
        return False
    if opts.retry_failed and row["status"] != "ok":
        return False
    return bool(row["fingerprint"] == fingerprint(fingerprint_parts(e, wopts)))


def run_entries(
    todo: list[Entry],
    wopts: WorkerOptions,
    store: Recorder,
    jobs: int,
    timeout: float,
    tick: Any,
    counts: dict[str, int],
) -> None:
    """Run ``todo`` on at most ``jobs`` worker processes; record every result.

    Workers are long-lived (a worker is replaced after a timeout, a crash, or RECYCLE
    entries); each busy worker has a deadline, and an overrun kills its process group.
    What finished and what starts in one turn of the loop is committed in one transaction,
    before the new entries are handed out."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    pending = deque(todo)
    workers: list[_Worker] = []
    finished: list[tuple[str, dict[str, Any]]] = []
    try:
        while pending or any(w.entry for w in workers):
            while pending and len(workers) < max(1, jobs):
                workers.append(_spawn(ctx, wopts))
            starts = [(w, pending.popleft()) for w in workers if w.entry is None and pending]
            _commit(store, finished, [e for _, e in starts], tick, counts)
            for w, entry in starts:
                _assign(w, entry, timeout)
            busy = [w for w in workers if w.entry is not None]
            nearest = min(w.deadline for w in busy)
            wait([h for w in busy for h in (w.conn, w.proc.sentinel)],
                 timeout=max(0.0, nearest - time.monotonic()))  # fmt: skip
            for w in busy:
                result = _collect(w, timeout, wopts)
                _report_stage(store, w)
                if result is None:
                    continue
                done, w.entry = w.entry, None
                assert done is not None
                finished.append((done.id, result))
                if w.dead or w.served >= RECYCLE:
                    _retire(w)
            workers = [w for w in workers if not w.dead]
            if not pending:
                for w in [w for w in workers if w.entry is None]:
                    _retire(w)
                workers = [w for w in workers if not w.dead]
    finally:
        _commit(store, finished, [], tick, counts)  # what finished is kept, even on Ctrl-C
        for w in workers:  # Ctrl-C or a crash of ours: leave no worker behind
            _retire(w, kill=True)


def _commit(
    store: Recorder,
    finished: list[tuple[str, dict[str, Any]]],
    started: list[Entry],
    tick: Any,
    counts: dict[str, int],
) -> None:
    """Record ``finished`` results and ``started`` entries in one transaction; then count."""
    store.commit_batch(finished, started)
    for _, result in finished:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
        tick(result["status"])
    finished.clear()


def _report_stage(store: Recorder, w: _Worker) -> None:
    """The entry's latest stage, to a recorder that shows stages (``record_stage``)."""
    record = getattr(store, "record_stage", None)
    if w.stages and w.entry is not None and record is not None:
        record(w.entry.id, w.stages[-1])
    w.stages.clear()


def _spawn(ctx: Any, wopts: WorkerOptions) -> _Worker:
    conn, child = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=worker_main, args=(child, wopts), name="auditor-batch-worker")
    proc.start()
    child.close()
    return _Worker(proc, conn)


def _assign(w: _Worker, entry: Entry, timeout: float) -> None:
    w.entry = entry
    w.deadline = time.monotonic() + timeout
    w.conn.send(entry)


def _collect(w: _Worker, timeout: float, wopts: WorkerOptions) -> dict[str, Any] | None:
    """The worker's result if its entry is over (done, died or timed out), else None."""
    assert w.entry is not None
    while w.conn.poll():
        try:
            msg: Any = w.conn.recv()
        except (EOFError, OSError):
            w.dead = True
            w.proc.join(5)
            return _fail(w.entry, wopts, "error", f"worker died (exit code {w.proc.exitcode})")
        if isinstance(msg, tuple) and len(msg) == 2 and msg[0] == "stage":
            w.stages.append(str(msg[1]))  # where the entry is; the recorder may show it
            continue
        w.served += 1
        return dict(msg)
    if not w.proc.is_alive():
        w.dead = True
        w.proc.join()
        return _fail(w.entry, wopts, "error", f"worker died (exit code {w.proc.exitcode})")
    if time.monotonic() >= w.deadline:
        _retire(w, kill=True)
        return _fail(w.entry, wopts, "timeout", f"took longer than {timeout:g}s and was stopped")
    return None


def _fail(entry: Entry, wopts: WorkerOptions, status: str, message: str) -> dict[str, Any]:
    parts = fingerprint_parts(entry, wopts)
    return {
        "status": status,
        "message": message,
        "fingerprint": fingerprint(parts),
        "fingerprint_parts": parts,
        "tool_version": __version__,
        "checklists": wopts.checklist_versions,
    }


def _retire(w: _Worker, kill: bool = False) -> None:
    """Stop a worker: politely when idle, else kill its whole process group (git too)."""
    w.dead = True
    if not kill:
        try:
            w.conn.send(None)
        except OSError:
            kill = True
        w.proc.join(10)
        kill = kill or w.proc.is_alive()
    pid = w.proc.pid
    if kill and pid is not None:
        try:
            if os.getpgid(pid) == pid:  # the worker leads its group: take git with it
                os.killpg(pid, signal.SIGKILL)
            else:
                w.proc.kill()
        except (ProcessLookupError, PermissionError):
            pass
        w.proc.join(10)
    w.conn.close()


@contextmanager
def _progress(total: int, skipped: int, enabled: bool) -> Iterator[Any]:
    """A rich progress bar (done / failed / remaining, ETA) yielding ``tick(status)``."""
    counts = {"ok": 0, "failed": 0}
    if not enabled:
        yield lambda status: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns: tuple[Any, ...] = (
        TextColumn("[bold]batch"),
        BarColumn(),
        TextColumn("{task.fields[done]} done · [red]{task.fields[failed]} failed[/] · "
                   "{task.fields[remaining]} remaining"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )  # fmt: skip
    if skipped:
        columns = (*columns, TextColumn(f"({skipped} resumed)"))
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("batch", total=total, done=0, failed=0, remaining=total)

        def tick(status: str) -> None:
            counts["ok" if status == "ok" else "failed"] += 1
            finished = counts["ok"] + counts["failed"]
            bar.update(
                task, advance=1, done=counts["ok"], failed=counts["failed"],
                remaining=total - finished,
            )  # fmt: skip

        yield tick
