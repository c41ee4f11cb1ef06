"""A read-only view of a code tree: a folder on disk or a commit in a git repository.

Nothing is executed; symlinks are listed but never followed; reads are bounded.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.sources.gitops import CatFile, run_git, run_git_lenient

log = logging.getLogger(__name__)

MAX_LINK = 1024  # characters of a symlink's target read
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class FileEntry:
    path: str  # posix, relative to the tree root
    size: int  # -1 when unknown (e.g. a blob not downloaded)
    symlink: bool = False


class Tree:
    """Base class: ``entries`` plus a bounded ``read_bytes``."""

    entries: tuple[FileEntry, ...] = ()
    notes: tuple[str, ...] = ()

    def read_bytes(self, path: str, limit: int) -> bytes | None:  # pragma: no cover
        raise NotImplementedError

    def read_notes(self) -> tuple[str, ...]:
        """Notes about files that failed when read (after the inventory was taken)."""
        return ()

    def read_many(self, paths: list[str], limit: int) -> dict[str, bytes | None]:
        """``read_bytes`` of several files (a tree may fetch them in one go)."""
        return {p: self.read_bytes(p, limit) for p in paths}

    def blob_id(self, path: str) -> str | None:
        """A content id of the file (git's blob id) when the tree knows one without reading."""
        return None

    def link_target(self, path: str) -> str | None:
        """The path a listed symlink names (as written, never followed), or None."""
        return None


def _inventory_notes(truncated: bool, limits: Limits) -> tuple[str, ...]:
    return (f"inventory stopped at {limits.max_files} files",) if truncated else ()


class DirTree(Tree):
    def __init__(self, root: Path, limits: Limits, extra: tuple[FileEntry, ...] = ()) -> None:
        self.root = root.resolve()
        self.limits = limits
        entries, truncated, self._real = _walk(self.root, limits)
        known = {e.path for e in entries}
        self.entries = tuple(entries) + tuple(e for e in extra if e.path not in known)
        self.notes = _inventory_notes(truncated, limits)

    def read_bytes(self, path: str, limit: int) -> bytes | None:
        full = (self.root / self._real.get(path, path)).resolve()
        if not full.is_relative_to(self.root):
            return None
        try:
            st = os.lstat(full)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):  # symlinks, devices, fifos are never read
            return None
        with open(full, "rb") as fh:
            return fh.read(limit)

    def link_target(self, path: str) -> str | None:
        full = self.root / self._real.get(path, path)
        try:
            if not full.parent.resolve().is_relative_to(self.root):
                return None
            return os.readlink(full)[:MAX_LINK]
        except (OSError, ValueError):
            return None


def display_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (surrogate escapes) become U+FFFD,
    so reports can always be written."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _walk(root: Path, limits: Limits) -> tuple[list[FileEntry], bool, dict[str, str]]:
    """(entries, truncated, {display path: on-disk path} for names that are not UTF-8)."""
    out: list[FileEntry] = []
    real: dict[str, str] = {}
    base_depth = len(root.parts)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        depth = len(Path(dirpath).parts) - base_depth
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                out.append(FileEntry(display_name(_rel(root, full)), 0, symlink=True))
            elif d not in SKIP_DIRS and depth < limits.max_depth:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            rel = _rel(root, full)
            shown = display_name(rel)
            if shown != rel:
                real[shown] = rel
            if stat.S_ISLNK(st.st_mode):
                out.append(FileEntry(shown, 0, symlink=True))
            elif stat.S_ISREG(st.st_mode):
                out.append(FileEntry(shown, st.st_size))
            if len(out) >= limits.max_files:
                return out, True, real
    return out, False, real


def _rel(root: Path, full: str) -> str:
    return Path(full).relative_to(root).as_posix()


class GitTree(Tree):
    """The committed tree of one commit, read through git's object database.

    An object the store lacks or cannot read (a blob a mirror never fetched, a damaged
    folder's tree) does not stop the audit: the file is listed without content (or the folder
    left out) and a note names the object. ``filtered`` says a blob-size filter left large
    blobs out on purpose (a partial clone), which the note then says instead."""

    def __init__(self, git_dir: Path, commit: str, limits: Limits, filtered: str = "") -> None:
        self.git_dir = git_dir
        self.commit = commit
        self.limits = limits
        self._blobs: dict[str, str] = {}
        self._cat = CatFile(git_dir)
        self._unread: list[tuple[str, str, str]] = []  # (path, "blob" or "tree", sha)
        self._failed: list[tuple[str, str, str]] = []  # listed, but failed when read
        entries: list[FileEntry] = []
        truncated = False
        for mode, kind, sha, size, path in self._listing(commit, "", 0):
            if kind != "blob" or any(p in SKIP_DIRS for p in path.split("/")[:-1]):
                continue  # submodules (commit entries) are never followed
            if not size.isdigit():
                self._unread.append((path, "blob", sha))
            entries.append(FileEntry(path, int(size) if size.isdigit() else -1, mode == "120000"))
            self._blobs[path] = sha
            if len(entries) >= limits.max_files:
                truncated = True
                break
        self.entries = tuple(entries)
        self.notes = _inventory_notes(truncated, limits) + _unread_notes(self._unread, filtered)
        self._sizes = {e.path: e.size for e in entries if not e.symlink}
        self._links = {e.path for e in entries if e.symlink}

    def _listing(self, treeish: str, prefix: str, depth: int) -> Iterator[tuple[str, ...]]:
        """(mode, type, sha, size, path) of every entry under a tree. ``ls-tree -r`` stops at
        a folder whose tree the store cannot read; then the folders are listed one level at a
        time so that only the unreadable one is left out (and noted)."""
        gd = ["--git-dir", str(self.git_dir), "ls-tree", "-l", "-z", "--full-tree"]
        try:
            raw, errors = run_git_lenient([*gd, "-r", treeish])
        except InputError as exc:
            if depth:
                raise
            raise InputError(f"commit {treeish[:12]}: its tree cannot be read ({exc})") from exc
        if not errors:
            yield from _records(raw, prefix)
            return
        for rec in _records(run_git([*gd, treeish]), prefix):
            if rec[1] != "tree":
                yield rec
            elif depth >= self.limits.max_depth:
                self._unread.append((rec[4] + "/", "tree", rec[2]))
            else:
                try:
                    yield from self._listing(rec[2], rec[4] + "/", depth + 1)
                except InputError:  # the folder's own tree is missing
                    self._unread.append((rec[4] + "/", "tree", rec[2]))

    def read_bytes(self, path: str, limit: int) -> bytes | None:
        sha = self._blobs.get(path)
        size = self._sizes.get(path)
        if sha is None or size is None or size < 0 or size > limit:
            return None  # large blobs (weights, huge files) are never read
        data = self._cat.read(sha)
        if data is None:
            self._failed.append((path, "blob", sha))
        return data

    def read_notes(self) -> tuple[str, ...]:
        return _unread_notes(self._failed, "")

    def read_many(self, paths: list[str], limit: int) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {}
        want: list[tuple[str, str]] = []
        for path in paths:
            sha, size = self._blobs.get(path), self._sizes.get(path)
            if sha is None or size is None or size < 0 or size > limit:
                out[path] = None
            else:
                want.append((path, sha))
        for (path, sha), data in zip(want, self._cat.read_many([s for _, s in want]), strict=True):
            if data is None:
                self._failed.append((path, "blob", sha))
            out[path] = data
        return out

    def blob_id(self, path: str) -> str | None:
        return self._blobs.get(path)

    def commit_date(self) -> str | None:
        """The commit's committer date in ISO 8601 (as ``git log --format=%cI``), read from the
        commit object through the blob reader already open: no process of its own."""
        data = self._cat.read(self.commit)
        head = data.split(b"\n\n", 1)[0] if data else b""
        m = re.search(rb"^committer .*> (\d+) ([+-])(\d\d)(\d\d)$", head, re.M)
        if m is None:
            return None
        sign = 1 if m.group(2) == b"+" else -1
        zone = timezone(sign * timedelta(hours=int(m.group(3)), minutes=int(m.group(4))))
        try:
            return datetime.fromtimestamp(int(m.group(1)), zone).isoformat()
        except (OverflowError, OSError, ValueError):
            return None

    def link_target(self, path: str) -> str | None:
        sha = self._blobs.get(path) if path in self._links else None
        data = self._cat.read(sha) if sha else None  # a link's blob is its target
        return data[:MAX_LINK].decode("utf-8", "replace") if data else None

    def close(self) -> None:
        self._cat.close()


def _records(raw: str, prefix: str) -> Iterator[tuple[str, ...]]:
    """``ls-tree -l -z`` output as (mode, type, sha, size, prefix + path) tuples."""
    for rec in raw.split("\0"):
        meta, _, path = rec.partition("\t")
        parts = meta.split()
        if len(parts) >= 4 and path:
            yield parts[0], parts[1], parts[2], parts[3], prefix + path


def _unread_notes(unread: list[tuple[str, str, str]], filtered: str) -> tuple[str, ...]:
    """One note for the objects the store could not give (the first few named)."""
    if not unread:
        return ()
    shown = ", ".join(f"{path} ({kind} {sha[:12]})" for path, kind, sha in unread[:5])
    more = f" and {len(unread) - 5} more" if len(unread) > 5 else ""
    if filtered and all(kind == "blob" for _p, kind, _s in unread):
        return (
            f"{len(unread)} file(s) larger than the clone's {filtered} blob limit were listed "
            f"but not downloaded: {shown}{more}",
        )
    return (
        f"{len(unread)} git object(s) could not be read from the object store (missing or "
        f"corrupt); files are listed without content and unreadable folders left out: "
        f"{shown}{more}",
    )
