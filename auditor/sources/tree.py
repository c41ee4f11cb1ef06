"""A read-only view of a code tree: a folder on disk or a commit in a git repository.

Nothing is executed; symlinks are listed but never followed; reads are bounded.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from auditor.limits import Limits
from auditor.sources.gitops import CatFile, run_git

log = logging.getLogger(__name__)

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

    def read_many(self, paths: list[str], limit: int) -> dict[str, bytes | None]:
        """``read_bytes`` of several files (a tree may fetch them in one go)."""
        return {p: self.read_bytes(p, limit) for p in paths}

    def blob_id(self, path: str) -> str | None:
        """A content id of the file (git's blob id) when the tree knows one without reading."""
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
    """The committed tree of one commit, read through git's object database."""

    def __init__(self, git_dir: Path, commit: str, limits: Limits) -> None:
        self.git_dir = git_dir
        self.commit = commit
        self.limits = limits
        self._blobs: dict[str, str] = {}
        self._cat = CatFile(git_dir)
        entries: list[FileEntry] = []
        raw = run_git(
            ["--git-dir", str(git_dir), "ls-tree", "-r", "-l", "-z", "--full-tree", commit]
        )
        truncated = False
        for rec in raw.split("\0"):
            if not rec:
                continue
            meta, _, path = rec.partition("\t")
            parts = meta.split()
            if len(parts) < 4 or parts[1] != "blob":
                continue  # submodules (commit entries) are never followed
            mode, _, sha, size = parts[:4]
            if any(p in SKIP_DIRS for p in path.split("/")[:-1]):
                continue
            is_link = mode == "120000"
            entries.append(FileEntry(path, int(size) if size.isdigit() else -1, is_link))
            self._blobs[path] = sha
            if len(entries) >= limits.max_files:
                truncated = True
                break
        self.entries = tuple(entries)
        self.notes = _inventory_notes(truncated, limits)
        self._sizes = {e.path: e.size for e in entries if not e.symlink}

    def read_bytes(self, path: str, limit: int) -> bytes | None:
        sha = self._blobs.get(path)
        size = self._sizes.get(path)
        if sha is None or size is None or size < 0 or size > limit:
            return None  # large blobs (weights, huge files) are never read
        return self._cat.read(sha)

    def read_many(self, paths: list[str], limit: int) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {}
        want: list[tuple[str, str]] = []
        for path in paths:
            sha, size = self._blobs.get(path), self._sizes.get(path)
            if sha is None or size is None or size < 0 or size > limit:
                out[path] = None
            else:
                want.append((path, sha))
        for (path, _), data in zip(want, self._cat.read_many([s for _, s in want]), strict=True):
            out[path] = data
        return out

    def blob_id(self, path: str) -> str | None:
        return self._blobs.get(path)

    def close(self) -> None:
        self._cat.close()
