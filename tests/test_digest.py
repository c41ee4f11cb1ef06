"""auditor.digest: a file is hashed once inside kept_digests(), and only there."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from auditor.digest import file_sha256, kept_digests


def _rewrite_same_size_and_mtime(path: Path, data: bytes) -> None:
    st = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_digest_is_kept_inside_the_block_only(tmp_path: Path) -> None:
    f = tmp_path / "paper.pdf"
    f.write_bytes(b"%PDF-1.4 one")
    first = hashlib.sha256(b"%PDF-1.4 one").hexdigest()
    with kept_digests():
        assert file_sha256(f) == first
        _rewrite_same_size_and_mtime(f, b"%PDF-1.4 two")
        assert file_sha256(f) == first  # unchanged by identity: not read again
        with kept_digests():  # an inner block shares the outer one's digests
            assert file_sha256(f) == first
    assert file_sha256(f) == hashlib.sha256(b"%PDF-1.4 two").hexdigest()


def test_each_thread_keeps_its_own(tmp_path: Path) -> None:
    f = tmp_path / "paper.pdf"
    f.write_bytes(b"%PDF-1.4 one")
    seen: list[str] = []
    with kept_digests():
        file_sha256(f)
        _rewrite_same_size_and_mtime(f, b"%PDF-1.4 two")
        t = threading.Thread(target=lambda: seen.append(file_sha256(f)))
        t.start()
        t.join()
    assert seen == [hashlib.sha256(b"%PDF-1.4 two").hexdigest()]
