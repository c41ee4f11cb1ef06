"""The batch database ``OUT/results.sqlite``: one row per entry, one per finding.

WAL journal, one transaction per state change, so a ``kill -9`` loses at most the entries
that were still running. Only the batch parent process writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.errors import InputError

DB_NAME = "results.sqlite"
SCHEMA_VERSION = 1
TOOL_TAG = "auditor-batch"
FINAL = ("ok", "failed", "error", "timeout")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY,
    line INTEGER,
    repo TEXT, paper TEXT, ref TEXT, at TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending',
    message TEXT,
    fingerprint TEXT,
    fingerprint_json TEXT,
    resolved_commit TEXT, commit_date TEXT, pdf_sha256 TEXT,
    tool_version TEXT,
    checklists TEXT,
    scores TEXT,
    warnings TEXT,
    timings TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at TEXT, finished_at TEXT, seconds REAL
);
CREATE TABLE IF NOT EXISTS findings (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    checklist TEXT NOT NULL,
    check_id TEXT NOT NULL,
    title TEXT, status TEXT NOT NULL, summary TEXT,
    advisory INTEGER NOT NULL DEFAULT 0, weight INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (entry_id, checklist, check_id)
);
CREATE TABLE IF NOT EXISTS checklists (
    id TEXT PRIMARY KEY, version TEXT, title TEXT, requires TEXT, max_score INTEGER,
    checks TEXT
);
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """A connection to one batch database (a stateful resource, hence a class)."""

    def __init__(self, path: Path, create: bool = True) -> None:
        if not create and not path.is_file():
            raise InputError(f"no batch database at {path}")
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise InputError(f"refusing to use {path}: it is a link or not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path} is not a usable auditor batch database: {exc}") from exc

    def _init_schema(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            raise InputError(f"{self.path} is a SQLite file but not an auditor batch database")
        if tables:
            tag = self.get_meta("tool")
            if tag != TOOL_TAG:
                raise InputError(f"{self.path} is not an auditor batch database")
        self.db.executescript(SCHEMA)
        if not tables:
            self.set_meta("tool", TOOL_TAG)
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """An explicit transaction (the connection is in autocommit mode otherwise)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def add_metadata_columns(self, cols: Iterable[str]) -> list[str]:
        known = json.loads(self.get_meta("metadata_columns") or "[]")
        known += [c for c in cols if c not in known]
        self.set_meta("metadata_columns", json.dumps(known))
        return list(known)

    def set_current_ids(self, ids: list[str]) -> None:
        """The entries of the latest CSV: exports and the dashboard show these."""
        self.set_meta("current_ids", json.dumps(ids))

    def save_checklists(self, specs: Iterable[dict[str, Any]]) -> None:
        with self._tx():
            for s in specs:
                self.db.execute(
                    "INSERT OR REPLACE INTO checklists VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        s["id"], s["version"], s["title"], json.dumps(s["requires"]),
                        s["max_score"], json.dumps(s["checks"]),
                    ),
                )  # fmt: skip

    # -- entries -------------------------------------------------------------------------
    def entry(self, entry_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM entries WHERE id=?", (entry_id,)
        ).fetchone()
        return row

    def mark_started(self, e: Any) -> None:
        """Record that an entry is running (status 'running', attempts + 1), committed."""
        self.commit_batch([], [e])

    def record_result(self, entry_id: str, result: dict[str, Any]) -> None:
        """One transaction: the entry's final row and all of its findings."""
        self.commit_batch([(entry_id, result)], [])

    def commit_batch(self, finished: list[tuple[str, dict[str, Any]]], started: list[Any]) -> None:
        """One transaction for what happened at once: entries that finished (final row and
        findings) and entries handed to workers. Nothing is held back for later, so a
        ``kill -9`` still loses only the entries that were running."""
        if not finished and not started:
            return
        with self._tx():
            for entry_id, result in finished:
                self._finish(entry_id, result)
            for e in started:
                self._start(e)

    def _start(self, e: Any) -> None:
        self.db.execute(
            "INSERT INTO entries(id, line, repo, paper, ref, at, metadata, status, attempts,"
            " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', 1, ?) "
            "ON CONFLICT(id) DO UPDATE SET line=excluded.line, repo=excluded.repo,"
            " paper=excluded.paper, ref=excluded.ref, at=excluded.at,"
            " metadata=excluded.metadata, status='running', message=NULL,"
            " attempts=entries.attempts + 1, started_at=excluded.started_at",
            (e.id, e.line, e.repo, e.paper, e.ref, e.at, json.dumps(e.metadata), now()),
        )

    def _finish(self, entry_id: str, result: dict[str, Any]) -> None:
        self.db.execute("DELETE FROM findings WHERE entry_id=?", (entry_id,))
        self.db.execute(
            "UPDATE entries SET status=?, message=?, fingerprint=?, fingerprint_json=?,"
            " resolved_commit=?, commit_date=?, pdf_sha256=?, tool_version=?, checklists=?,"
            " scores=?, warnings=?, timings=?, finished_at=?, seconds=? WHERE id=?",
            (
                result["status"], result.get("message"), result.get("fingerprint"),
                json.dumps(result.get("fingerprint_parts")), result.get("commit"),
                result.get("commit_date"), result.get("pdf_sha256"),
                result.get("tool_version"), json.dumps(result.get("checklists", [])),
                json.dumps(result.get("scores", {})), json.dumps(result.get("warnings", [])),
                json.dumps(result.get("timings", {})), now(), result.get("seconds"),
                entry_id,
            ),
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (entry_id, f["checklist"], f["check"], f["title"], f["status"],
                 f["summary"], int(f["advisory"]), f["weight"])
                for f in result.get("findings", [])
            ],
        )  # fmt: skip

    def all_entries(self) -> list[dict[str, Any]]:
        return list(self.iter_entries())

    def iter_entries(self) -> Iterator[dict[str, Any]]:
        """The current entries in CSV order, one decoded row at a time."""
        current = self.get_meta("current_ids")
        keep = set(json.loads(current)) if current else None
        for r in self.db.execute("SELECT * FROM entries ORDER BY line, id"):
            if keep is not None and r["id"] not in keep:
                continue
            d = dict(r)
            for key in ("metadata", "scores", "checklists", "warnings", "timings"):
                d[key] = json.loads(d[key]) if d.get(key) else ({} if key != "checklists" else [])
            yield d

    def all_findings(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.db.execute("SELECT * FROM findings ORDER BY rowid"):
            out.setdefault(r["entry_id"], []).append(dict(r))
        return out

    def finding_statuses(self) -> dict[str, dict[str, str]]:
        """``{entry id: {"checklist.check": status}}``: what the exports need of the findings,
        without their text (a venue has hundreds of thousands of findings)."""
        out: dict[str, dict[str, str]] = {}
        names: dict[tuple[str, str], str] = {}  # one key and one status string shared by all
        shared: dict[str, str] = {}
        sql = "SELECT entry_id, checklist, check_id, status FROM findings ORDER BY rowid"
        for entry_id, checklist, check_id, status in self.db.execute(sql):
            key = names.get((checklist, check_id))
            if key is None:
                key = names[(checklist, check_id)] = f"{checklist}.{check_id}"
            out.setdefault(entry_id, {})[key] = shared.setdefault(status, status)
        return out

    def checklist_specs(self) -> list[dict[str, Any]]:
        out = []
        for r in self.db.execute("SELECT * FROM checklists ORDER BY rowid"):
            d = dict(r)
            d["requires"] = json.loads(d["requires"] or "[]")
            d["checks"] = json.loads(d["checks"] or "[]")
            out.append(d)
        return out
