"""Safe extraction of zip/tar supplements.

Only regular files are written, each inside the destination folder; links, devices,
absolute paths and ``..`` are skipped and noted; sizes, member counts, depth and
compression ratios are bounded; large files (weights) are listed but not extracted.
"""

from __future__ import annotations

import logging
import posixpath
import stat
import tarfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.sources.tree import FileEntry, display_name

log = logging.getLogger(__name__)

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass
class Extraction:
    root: Path
    listed: list[FileEntry] = field(default_factory=list)  # not extracted (too large)
    skipped: list[str] = field(default_factory=list)  # unsafe or unsupported members
    written: int = 0


def safe_name(name: str, limits: Limits) -> str | None:
    """A normalised relative posix path, or None when the name is unsafe."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    norm = posixpath.normpath(name)
    if norm in (".", "") or norm.startswith("../") or norm == "..":
        return None
    parts = norm.split("/")
    if len(parts) > limits.max_depth or any(p in ("", ".", "..") for p in parts):
        return None
    if any(ord(c) < 32 for c in norm):
        return None
    return norm


def extract_archive(path: Path, dest: Path, limits: Limits) -> Extraction:
    name = path.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                result = _extract_zip(zf, dest, limits)
        else:
            with tarfile.open(path, "r:*") as tf:
                result = _extract_tar(tf, dest, limits)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise InputError(f"cannot read archive {path.name}: {exc}") from exc
    result.root = _single_top_folder(dest)
    return result


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0
        self.members = 0
        self.seen: set[str] = set()

    def member(self) -> None:
        self.members += 1
        if self.members > self.limits.max_archive_members:
            raise InputError(
                f"archive has more than {self.limits.max_archive_members} entries "
                "(raise --max-archive-members to allow it)"
            )

    def claim(self, name: str) -> str | None:
        """Return a destination name not yet used (case-insensitively), or None."""
        key = unicodedata.normalize("NFC", name).casefold()
        if key in self.seen:
            return None
        self.seen.add(key)
        return name


def _copy_bounded(src: IO[bytes], dst: Path, declared: int, budget: _Budget) -> None:
    limit = budget.limits.max_extracted_bytes
    dst.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(dst, "xb") as out:
        while True:
            chunk = src.read(1 << 16)
            if not chunk:
                break
            written += len(chunk)
            budget.total += len(chunk)
            if written > declared + (1 << 16) or budget.total > limit:
                out.close()
                dst.unlink(missing_ok=True)
                raise InputError(
                    f"archive expands beyond its declared sizes or {limit // (1 << 20)} MiB "
                    "(possible archive bomb); refused"
                )
            out.write(chunk)


def _extract_zip(zf: zipfile.ZipFile, dest: Path, limits: Limits) -> Extraction:
    res = Extraction(dest)
    budget = _Budget(limits)
    if len(zf.infolist()) > limits.max_archive_members:  # the count is known: refuse up front
        budget.members = len(zf.infolist()) - 1
        budget.member()
    declared_total = 0
    for info in zf.infolist():
        budget.member()
        declared_total += info.file_size
        if declared_total > limits.max_extracted_bytes * 16:
            raise InputError("archive declares an implausible total size (possible archive bomb)")
        if info.is_dir():
            continue
        name = safe_name(info.filename, limits)
        mode = (info.external_attr >> 16) & 0xFFFF
        # only a Unix file type other than "regular" is refused (links, devices, fifos);
        # many zippers store permission bits alone, or nothing
        if name is None or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)):
            res.skipped.append(display_name(info.filename))
            continue
        if info.compress_size and info.file_size / max(info.compress_size, 1) > limits.max_ratio:
            res.skipped.append(
                display_name(f"{info.filename} (compression ratio over {limits.max_ratio:g})")
            )
            continue
        if budget.claim(name) is None:
            res.skipped.append(display_name(f"{info.filename} (duplicate name)"))
            continue
        if info.file_size > limits.max_read_bytes:
            res.listed.append(FileEntry(display_name(name), info.file_size))
            continue
        with zf.open(info) as src:
            _copy_bounded(src, dest / name, info.file_size, budget)
        res.written += 1
    return res


def _extract_tar(tf: tarfile.TarFile, dest: Path, limits: Limits) -> Extraction:
    res = Extraction(dest)
    budget = _Budget(limits)
    for member in tf:
        budget.member()
        if member.isdir():
            continue
        name = safe_name(member.name, limits)
        if name is None or not member.isreg():
            res.skipped.append(display_name(member.name))
            continue
        if budget.claim(name) is None:
            res.skipped.append(display_name(f"{member.name} (duplicate name)"))
            continue
        if member.size > limits.max_read_bytes:
            res.listed.append(FileEntry(display_name(name), member.size))
            continue
        src = tf.extractfile(member)
        if src is None:
            res.skipped.append(display_name(member.name))
            continue
        with src:
            _copy_bounded(src, dest / name, member.size, budget)
        res.written += 1
    return res


def _single_top_folder(dest: Path) -> Path:
    """Supplements often wrap the code in one top folder (plus __MACOSX noise)."""
    root = dest
    for _ in range(3):
        kids = [p for p in root.iterdir() if p.name not in ("__MACOSX", ".DS_Store")]
        if len(kids) == 1 and kids[0].is_dir() and not kids[0].is_symlink():
            root = kids[0]
        else:
            break
    return root
