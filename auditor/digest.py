"""File digests. Inside :func:`kept_digests` a file's digest is computed once: a batch entry's
fingerprint, the paper's subject and its facts each ask for the same PDF's. No engine imports."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_kept: dict[tuple[int, int, int, int], str] | None = None  # (device, inode, size, mtime) -> hex


@contextmanager
def kept_digests() -> Iterator[None]:
    """Keep digests of files unchanged (device, inode, size, modification time) until the
    outermost of these blocks ends: one entry's audit, not a process's lifetime."""
    global _kept
    outer = _kept is None
    if outer:
        _kept = {}
    try:
        yield
    finally:
        if outer:
            _kept = None


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if _kept is not None and (known := _kept.get(key)) is not None:
            return known
        h = hashlib.sha256()
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if _kept is not None:
        _kept[key] = digest
    return digest
