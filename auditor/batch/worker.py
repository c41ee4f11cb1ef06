"""What runs inside a batch worker process: fingerprint an entry, audit it, write its
reports, and send a compact, picklable result back to the parent.

The fingerprint is cheap and local (no network): the sources as given, the resolved commit
of a local git repository (with ``ref``/``at``), a content hash of a local folder, archive
or PDF, and the checklist versions. Remote inputs are fingerprinted by their spec; their
resolved commit and PDF hash are stored after the audit.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.batch.entries import Entry
from auditor.digest import file_sha256, kept_digests
from auditor.errors import InputError
from auditor.guard import limit_memory
from auditor.limits import Limits
from auditor.sources.gitops import looks_like_url
from auditor.version import __version__

log = logging.getLogger(__name__)
RECYCLE = 100  # entries one worker audits before a fresh one takes over (bounds leaks)


@dataclass(frozen=True)
class WorkerOptions:
    out: Path
    checklists: list[str] | None
    checklist_versions: list[str]
    limits: Limits
    force: bool = False
    return_reports: bool = False  # send the rendered reports back instead of writing them
    stages: bool = False  # send ("stage", name) messages before the result (auditor serve)


def fingerprint_parts(entry: Entry, opts: WorkerOptions) -> dict[str, Any]:
    parts: dict[str, Any] = {
        "repo": entry.repo,
        "paper": entry.paper,
        "ref": entry.ref,
        "at": entry.at,
        "checklists": opts.checklist_versions,
    }
    if entry.repo:
        parts["repo_state"] = _guard(_repo_state, entry, opts.limits)
    if entry.paper:
        parts["paper_state"] = _guard(_paper_state, entry, opts.limits)
    return parts


def fingerprint(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _guard(fn: Any, entry: Entry, limits: Limits) -> str:
    try:
        return str(fn(entry, limits))
    except (InputError, OSError) as exc:
        return f"unreadable: {exc}"


def _repo_state(entry: Entry, limits: Limits) -> str:
    from auditor.sources.repo import git_dir_of, resolve_pin

    spec = entry.repo or ""
    if looks_like_url(spec):
        return "remote"
    path = Path(spec).expanduser()
    if not path.exists():
        return "missing"
    if path.is_file():
        return "sha256:" + file_sha256(path)
    git_dir, work = git_dir_of(path)
    if git_dir is not None:
        try:
            commit = resolve_pin(git_dir, entry.ref, entry.at)
        except InputError as exc:
            return f"unresolved: {exc}"
        worktree_empty = work is None or not any(p.name != ".git" for p in work.iterdir())
        if entry.ref or entry.at or worktree_empty:
            return "commit:" + commit
        return f"commit:{commit}+tree:{tree_hash(work, limits)}"  # uncommitted edits count
    return "tree:" + tree_hash(path, limits)


def _paper_state(entry: Entry, limits: Limits) -> str:
    spec = entry.paper or ""
    path = Path(spec).expanduser()
    if looks_like_url(spec) or not path.is_file():
        return "remote" if looks_like_url(spec) or not path.exists() else "not a file"
    return "sha256:" + file_sha256(path)


def tree_hash(root: Path | None, limits: Limits) -> str:
    """Paths, sizes and mtimes of a folder (not its .git), bounded by ``max_files``."""
    h = hashlib.sha256()
    if root is None:
        return h.hexdigest()
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            st = os.lstat(os.path.join(dirpath, name))
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "replace"))
            count += 1
            if count >= limits.max_files:
                return h.hexdigest()
    return h.hexdigest()


def _stage_sender(conn: Any) -> Callable[[str], None]:
    def send(stage: str) -> None:
        try:
            conn.send(("stage", stage))
        except (OSError, ValueError):
            pass

    return send


def audit_entry(
    entry: Entry, opts: WorkerOptions, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Audit one entry; never raises (the status and message say what went wrong).
    ``progress`` hears each stage of the audit as it starts."""
    from auditor.sources.repo import shared_pins

    t0 = time.perf_counter()
    # the fingerprint and the audit resolve the same pin and hash the same file once
    with shared_pins(), kept_digests():
        parts = fingerprint_parts(entry, opts)
        result: dict[str, Any] = {
            "fingerprint": fingerprint(parts),
            "fingerprint_parts": parts,
            "tool_version": __version__,
            "checklists": opts.checklist_versions,
        }
        try:
            result.update(_audit(entry, opts, progress))
            result["status"] = "ok"
        except InputError as exc:
            result.update(status="failed", message=str(exc))
        except Exception as exc:  # one entry's crash never stops the batch
            log.debug("entry %s crashed", entry.id, exc_info=True)
            result.update(status="error", message=f"{type(exc).__name__}: {str(exc)[:500]}")
    result["seconds"] = round(time.perf_counter() - t0, 4)
    return result


def _audit(
    entry: Entry, opts: WorkerOptions, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    from auditor.engine import audit
    from auditor.output import write_reports

    report = audit(
        entry.repo,
        entry.paper,
        ref=entry.ref,
        at=entry.at,
        checklists=opts.checklists,
        limits=opts.limits,
        progress=progress,
    )
    reports = None
    if opts.return_reports:  # a remote worker: the client writes them into its --out
        from auditor.renderers import RENDERERS

        reports = {fmt: RENDERERS[fmt](report) for fmt in ("json", "html")}
    else:
        folder = opts.out / "entries" / entry.id
        write_reports(report, folder, ["json", "html"], opts.force, durable=False)
    subj = report.subject
    findings = [
        {
            "checklist": cl.id, "check": f.check, "title": f.title, "status": f.status,
            "summary": f.summary, "advisory": f.advisory, "weight": f.weight,
        }
        for cl in report.checklists
        for f in cl.findings
    ]  # fmt: skip
    return {
        "commit": subj.repo.commit if subj.repo else None,
        "commit_date": subj.repo.commit_date if subj.repo else None,
        "pdf_sha256": subj.paper.sha256 if subj.paper else None,
        "scores": {cl.id: [cl.score, cl.max_score] for cl in report.checklists},
        "findings": findings,
        "warnings": list(report.warnings),
        "timings": dict(report.timings),
        **({"reports": reports} if reports else {}),
    }


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # the batch died (kill -9): do not linger
            if os.getpgrp() == os.getpid():  # only our own group, never the caller's
                os.killpg(os.getpgrp(), signal.SIGKILL)
            os._exit(1)


def check_checklists_main(conn: Any, ids: list[str] | None) -> None:
    """Entry point of a short-lived process: check the checklists' detectors and params, and
    send ("ok",) or ("invalid", message)."""
    from auditor.checklists import get_checklists

    try:
        get_checklists(ids)
        conn.send(("ok",))
    except InputError as exc:
        conn.send(("invalid", str(exc)))
    finally:
        conn.close()


def worker_main(conn: Any, opts: WorkerOptions) -> None:
    """Entry point of a worker process: receive entries on ``conn`` and send one result for
    each, until ``None`` or the parent goes away.

    The worker leads its own process group, so the parent can kill it together with any git
    it started; it ignores Ctrl-C (the parent decides) and kills its group when orphaned.
    """
    try:
        os.setpgrp()
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(opts.limits.max_memory_bytes)  # an entry over it fails alone, as MemoryError
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    gc.freeze()  # what is loaded now lives as long as the worker: the collector skips it
    try:
        while True:
            try:
                entry = conn.recv()
            except (EOFError, OSError):
                return
            if entry is None:
                return
            try:
                result = audit_entry(entry, opts, _stage_sender(conn) if opts.stages else None)
            except BaseException as exc:  # noqa: BLE001 - report anything, even SystemExit
                result = {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
            conn.send(result)
    finally:
        conn.close()
