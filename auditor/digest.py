"""File digests. Inside :func:`kept_digests` a file's digest is computed once: a batch entry's
fingerprint, the paper's subject and its facts each ask for the same PDF's. No engine imports."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# (device, inode, size, mtime) -> hex digest, for the current thread's (or task's) block only
_kept: ContextVar[dict[tuple[int, int, int, int], str] | None] = ContextVar(
    "auditor_kept_digests", default=None
)


@contextmanager
def kept_digests() -> Iterator[None]:
    """Keep digests of files unchanged (device, inode, size, modification time) until the
    outermost of these blocks ends: one entry's audit, not a process's lifetime. Each thread
    keeps its own, so audits run from several threads neither share nor end each other's."""
    if _kept.get() is not None:
        yield
        return
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def file_sha256(path: Path) -> str:
    kept = _kept.get()
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if kept is not None and (known := kept.get(key)) is not None:
            return known
        h = hashlib.sha256()
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if kept is not None:
        kept[key] = digest
    return digest
