"""A Dask.distributed executor for ``auditor batch --scheduler tcp://HOST:PORT | local:N``.

Entries go to the cluster's workers as tasks; each worker audits them in a child process of
its own (:mod:`auditor.batch.child`: the same per-entry audit, limits, time limit and
process-group kill as a local batch worker) and sends back the result together with the
rendered reports. The client stays the single writer of ``results.sqlite`` and of
``OUT/entries/<id>/``: results are recorded as they arrive, so resume, fingerprints,
``--retry-failed``, the exports and the dashboard are exactly those of a local batch.

A worker that dies (``kill -9``) loses nothing: the scheduler gives its running tasks to
another worker; after a few deaths in a row a task is recorded as an error (``--resume``
runs it again). At most a small window of entries is submitted ahead of the results, so the
client's memory does not grow with the number of entries.

Only this module imports ``dask``; it is the optional extra ``auditor[dask]``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auditor.batch.child import Child, run_in_child, start_child, stop_child
from auditor.batch.entries import Entry
from auditor.batch.store import Store
from auditor.batch.worker import RECYCLE, WorkerOptions, fingerprint, fingerprint_parts
from auditor.errors import InputError
from auditor.output import atomic_write, check_writable
from auditor.sources.gitops import looks_like_url
from auditor.version import __version__

log = logging.getLogger(__name__)
AHEAD = 2  # tasks submitted per worker thread beyond the ones running
CHUNK = 8  # most entries in one task
LOW_LEVEL_LOG = 20  # recent messages Dask keeps per connection (its default: 1,000)
EXTENSIONS = {"json": "json", "html": "html"}


# -- on the workers ------------------------------------------------------------------------
_IDLE: dict[bytes, list[Child]] = {}  # idle audit children of this worker, by options
_LOCK = threading.Lock()


def audit_task(entries: list[Entry], opts: WorkerOptions, timeout: float) -> list[dict[str, Any]]:
    """A Dask task: audit ``entries`` one after the other in one of this worker's audit
    children (each with its own time limit); a chunk of a few entries saves a round trip
    through the scheduler per entry."""
    import pickle

    key = pickle.dumps(opts)
    with _LOCK:
        idle = _IDLE.setdefault(key, [])
        child = idle.pop() if idle else None
    results = []
    for entry in entries:
        if child is None or not child.alive():
            child = start_child(opts)
        got = run_in_child(child, entry, timeout)
        if isinstance(got, str):
            why = f"took longer than {timeout:g}s and was stopped" if got == "timeout" else (
                f"audit process died (exit code {child.proc.returncode})")  # fmt: skip
            got = failure(entry, opts, "timeout" if got == "timeout" else "error", why)
        elif child.served >= RECYCLE:
            stop_child(child, polite=True)
        results.append(got)
    if child is not None and child.alive():
        with _LOCK:
            _IDLE.setdefault(key, []).append(child)
    return results


def missing_paths(paths: list[str]) -> list[str]:
    """Run on every worker: the local input paths this worker cannot see."""
    return [p for p in paths if not os.path.exists(p)]


def failure(entry: Entry, opts: WorkerOptions, status: str, message: str) -> dict[str, Any]:
    parts = fingerprint_parts(entry, opts)
    return {
        "status": status, "message": message, "fingerprint": fingerprint(parts),
        "fingerprint_parts": parts, "tool_version": __version__,
        "checklists": opts.checklist_versions,
    }  # fmt: skip


# -- on the client -------------------------------------------------------------------------
@contextmanager
def dask_runner(scheduler: str, connect_timeout: float = 10.0) -> Iterator[Any]:
    """Connect first (an unreachable scheduler fails before anything starts), then yield
    ``run(todo, wopts, store, timeout, tick, counts)`` that audits on the cluster and records
    every result as it arrives."""
    check_scheduler(scheduler)
    with _client(scheduler, connect_timeout) as client:

        def run(todo: list[Entry], wopts: WorkerOptions, store: Store, timeout: float,
                tick: Any, counts: dict[str, int]) -> None:  # fmt: skip
            if not todo:
                return
            _check_visible(client, todo)
            remote = dataclasses.replace(wopts, return_reports=True)
            window = (sum(client.nthreads().values()) or 1) * (1 + AHEAD)
            _stream(client, todo, remote, store, timeout, tick, counts, window)

        yield run


def check_scheduler(scheduler: str) -> None:
    """``tcp://HOST:PORT`` (or ``tls://``) or ``local:N``; anything else is a usage error."""
    if scheduler.startswith("local:"):
        _local_workers(scheduler)
    elif not scheduler.startswith(("tcp://", "tls://")) or ":" not in scheduler[6:]:
        raise InputError(f"--scheduler {scheduler!r}: give tcp://HOST:PORT or local:N")


def _stream(
    client: Any,
    todo: list[Entry],
    wopts: WorkerOptions,
    store: Store,
    timeout: float,
    tick: Any,
    counts: dict[str, int],
    window: int,
) -> None:
    from distributed import as_completed

    pending = deque(todo)
    inflight: dict[Any, list[Entry]] = {}
    done = as_completed()
    token = uuid.uuid4().hex[:8]
    size = chunk_size(len(todo), window)

    def submit() -> list[list[Entry]]:
        chunks: list[list[Entry]] = []
        while pending and len(inflight) + len(chunks) < window:
            chunks.append([pending.popleft() for _ in range(min(size, len(pending)))])
        return chunks

    def send(chunks: list[list[Entry]]) -> None:
        for chunk in chunks:
            fut = client.submit(audit_task, chunk, wopts, timeout, pure=False,
                                key=f"auditor-{chunk[0].id}-{len(chunk)}-{token}")  # fmt: skip
            inflight[fut] = chunk
            done.add(fut)

    try:
        first = submit()
        store.commit_batch([], [e for c in first for e in c])
        send(first)
        for batch in done.batches():
            finished: list[tuple[str, dict[str, Any]]] = []
            for fut in batch:
                chunk = inflight.pop(fut)
                finished += zip([e.id for e in chunk], _results(fut, chunk, wopts), strict=True)
            for entry_id, result in finished:
                _write_reports(wopts.out / "entries" / entry_id, result, wopts.force)
            started = submit()
            store.commit_batch(finished, [e for c in started for e in c])  # then hand out more
            for _, result in finished:
                counts[result["status"]] = counts.get(result["status"], 0) + 1
                tick(result["status"])
            send(started)
    finally:
        for fut in list(inflight):  # Ctrl-C or a crash of ours: take back what was sent
            fut.cancel()


def chunk_size(total: int, window: int) -> int:
    """Entries per task: one while the batch is small (every worker gets some at once), up to
    8 in a long batch (fewer round trips through the scheduler)."""
    return max(1, min(CHUNK, total // (window * 4)))


def _results(fut: Any, chunk: list[Entry], wopts: WorkerOptions) -> list[dict[str, Any]]:
    try:
        results: list[dict[str, Any]] = fut.result()
    except Exception as exc:  # KilledWorker after repeated worker deaths, or a lost task
        name = type(exc).__name__
        why = "its Dask workers died" if name == "KilledWorker" else f"{name}: {exc}"[:300]
        return [failure(e, wopts, "error", f"not audited: {why}") for e in chunk]
    finally:
        fut.release()
    return results


def _write_reports(folder: Path, result: dict[str, Any], force: bool) -> None:
    reports = result.pop("reports", None)
    if not reports:
        return
    try:
        for fmt, text in reports.items():
            target = folder / f"report.{EXTENSIONS[fmt]}"
            check_writable(target, force)
            atomic_write(target, text, durable=False)
    except InputError as exc:  # as a local worker would: the entry fails, the batch goes on
        result.update(status="failed", message=str(exc), findings=[], scores={})


def _check_visible(client: Any, todo: list[Entry]) -> None:
    """Refuse local input paths that a worker cannot see (they need a shared filesystem)."""
    paths = sorted({p for e in todo for p in (e.repo, e.paper) if p and not looks_like_url(p)})
    paths = [p for p in paths if os.path.exists(p)]  # missing here too: that entry fails alone
    if not paths:
        return
    for worker, missing in client.run(missing_paths, paths).items():
        if missing:
            owner = next(e.id for e in todo if missing[0] in (e.repo, e.paper))
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise InputError(
                f"entry {owner}: {missing[0]} is not visible to the Dask worker {worker}"
                f"{more}; give URLs or paths on a filesystem every worker shares"
            )


@contextmanager
def _client(scheduler: str, connect_timeout: float) -> Iterator[Any]:
    """A Dask client of ``tcp://HOST:PORT``, or of a LocalCluster for ``local:N``."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputError("--scheduler needs the Dask extra: pip install 'auditor[dask]'") from exc
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its connection retries are not for the user
    cluster = None
    # Dask keeps the last messages of every connection for debugging (1,000 by default); ours
    # carry a chunk of entries or its rendered reports, so that log, not the batch, would grow
    # the client's (and a local cluster's) memory: keep a few
    try:
        with dask.config.set({"distributed.admin.low-level-log-length": LOW_LEVEL_LOG}):
            if scheduler.startswith("local:"):
                cluster = LocalCluster(
                    n_workers=_local_workers(scheduler), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.CRITICAL,
                )  # fmt: skip
                client = Client(cluster, timeout=connect_timeout)
            else:
                client = _connect(Client, scheduler, connect_timeout)
            try:
                yield client
            finally:
                client.close()
    finally:
        if cluster is not None:
            cluster.close()
        quiet.setLevel(level)


def _connect(client_cls: Any, scheduler: str, connect_timeout: float) -> Any:
    try:
        return client_cls(scheduler, timeout=connect_timeout)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler} within {connect_timeout:g}s "
            f"({type(exc).__name__})"
        ) from exc


def _local_workers(scheduler: str) -> int:
    n = scheduler.removeprefix("local:")
    if not n.isdigit() or int(n) < 1:
        raise InputError(f"--scheduler {scheduler!r}: local:N wants a number of workers >= 1")
    return int(n)
