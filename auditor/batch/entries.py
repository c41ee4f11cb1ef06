"""Reading a batch CSV: ``id, paper, repo, ref, at`` plus metadata columns.

A malformed row becomes a :class:`RowError` with its line number and is skipped; the rest
is returned. Only a file that cannot be read at all raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from auditor.errors import InputError
from auditor.sources.gitops import looks_like_url

INPUT_COLUMNS = ("id", "paper", "repo", "ref", "at")
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_FIELD = 10_000
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Entry:
    """One row of the batch: what to audit and the metadata carried to every output."""

    id: str
    repo: str | None = None
    paper: str | None = None
    ref: str | None = None
    at: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class BatchInput:
    entries: list[Entry]
    errors: list[RowError]
    metadata_columns: list[str]


def read_entries(path: Path) -> BatchInput:
    """Parse the CSV at ``path``; relative local inputs are taken relative to its folder."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InputError(f"{path}: CSV is larger than {MAX_CSV_BYTES // 2**20} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"entries CSV not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_entries(text, base=path.resolve().parent, name=str(path))


def parse_entries(text: str, base: Path | None = None, name: str = "CSV") -> BatchInput:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _read_header(reader, name)
    meta_cols = [h for h in header if h not in INPUT_COLUMNS]
    entries: list[Entry] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line, f"unreadable CSV: {exc}"))
            continue
        if not row or all(not c.strip() for c in row):
            continue
        try:
            entry = _make_entry(row, header, meta_cols, line, base, seen)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        seen.add(entry.id)
        entries.append(entry)
    return BatchInput(entries, errors, meta_cols)


def _read_header(reader: Iterator[list[str]], name: str) -> list[str]:
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError(
            f"{name}: empty CSV (expected a header: id, paper, repo, ref, at)"
        ) from exc
    except csv.Error as exc:
        raise InputError(f"{name}: line 1: unreadable CSV header: {exc}") from exc
    header = [h.strip() for h in header]
    lowered = [h.lower() for h in header]
    header = [lo if lo in INPUT_COLUMNS else h for h, lo in zip(header, lowered, strict=True)]
    if "repo" not in header and "paper" not in header:
        raise InputError(f"{name}: line 1: the header needs a 'repo' and/or a 'paper' column")
    if any(not h for h in header):
        raise InputError(f"{name}: line 1: a header column has no name")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise InputError(f"{name}: line 1: duplicate column(s) {', '.join(dupes)}")
    return header


def _make_entry(
    row: list[str],
    header: list[str],
    meta_cols: list[str],
    line: int,
    base: Path | None,
    seen: set[str],
) -> Entry:
    if len(row) != len(header):
        raise ValueError(f"expected {len(header)} fields, found {len(row)}")
    values = {h: v.strip() for h, v in zip(header, row, strict=True)}
    if any(len(v) > MAX_FIELD for v in values.values()):
        raise ValueError(f"a field is longer than {MAX_FIELD} characters")
    repo = values.get("repo") or None
    paper = values.get("paper") or None
    ref = values.get("ref") or None
    at = values.get("at") or None
    if not repo and not paper:
        raise ValueError("needs a repo and/or a paper")
    if ref and at:
        raise ValueError("give either ref or at, not both")
    if at:
        _check_date(at)
    if (ref or at) and not repo:
        raise ValueError("ref/at pin a repository, but the row has no repo")
    for what, spec in (("repo", repo), ("paper", paper), ("ref", ref)):
        if spec and (spec.startswith("-") or any(c in spec for c in "\0\n\r")):
            raise ValueError(f"refusing {what} {spec!r}")
    entry_id = values.get("id") or ""
    if entry_id:
        if not _ID.match(entry_id):
            raise ValueError(
                f"bad id {entry_id!r} (letters, digits, '.', '_', '-'; at most 100 characters)"
            )
        if entry_id in seen:
            raise ValueError(f"duplicate id {entry_id!r}")
    else:
        entry_id = _unique(default_id(repo, paper), seen)
    meta = {c: values[c] for c in meta_cols}
    return Entry(
        id=entry_id,
        repo=_local(repo, base),
        paper=_local(paper, base),
        ref=ref,
        at=at,
        metadata=meta,
        line=line,
    )


def _check_date(at: str) -> None:
    if not _DATE.match(at):
        raise ValueError(f"at wants a date as YYYY-MM-DD, got {at!r}")
    try:
        date.fromisoformat(at)
    except ValueError as exc:
        raise ValueError(f"at is not a valid date: {at!r}") from exc


def default_id(repo: str | None, paper: str | None) -> str:
    from auditor.output import slug  # the same slug `auditor audit` uses for its folder

    return slug(repo or paper or "entry")[:100]


def _unique(base_id: str, seen: set[str]) -> str:
    base_id = base_id if _ID.match(base_id) else "entry"
    if base_id not in seen:
        return base_id
    n = 2
    while f"{base_id}-{n}" in seen:
        n += 1
    return f"{base_id}-{n}"


def _local(spec: str | None, base: Path | None) -> str | None:
    """A relative local path is taken relative to the CSV's folder; URLs and ids stay."""
    if not spec or base is None or looks_like_url(spec) or Path(spec).is_absolute():
        return spec
    candidate = base / spec
    return str(candidate) if candidate.exists() else spec
