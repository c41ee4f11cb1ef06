"""The job database ``DATA/serve.sqlite``: one row per job, one event per state change.

A job is a batch entry (``auditor.batch.entries.Entry``) with an owner. States: ``queued`` ->
``running`` -> ``done`` (with the batch statuses ok / failed / error / timeout). The design is
the batch store's: WAL journal, autocommit connections, one ``BEGIN IMMEDIATE`` transaction per
state change, so a ``kill -9`` loses nothing committed; at start-up ``requeue`` puts what was
running back in the queue. Each thread uses its own connection.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.batch.entries import Entry
from auditor.batch.store import now
from auditor.errors import InputError

DB_NAME = "serve.sqlite"
TOOL_TAG = "auditor-serve"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    created TEXT NOT NULL,
    repo TEXT, paper TEXT, ref TEXT, at TEXT,
    repo_label TEXT, paper_label TEXT,
    checklists TEXT NOT NULL DEFAULT '[]',
    uploads TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'queued',
    status TEXT, message TEXT, scores TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at TEXT, finished_at TEXT, seconds REAL
);
CREATE INDEX IF NOT EXISTS jobs_owner ON jobs(owner, seq);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, seq);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL, state TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    sid_hash TEXT PRIMARY KEY, user TEXT NOT NULL, created TEXT NOT NULL
);
"""


def new_job_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class NewJob:
    owner: str
    repo: str | None
    paper: str | None
    ref: str | None = None
    at: str | None = None
    repo_label: str | None = None
    paper_label: str | None = None
    checklists: tuple[str, ...] = ()
    uploads: tuple[str, ...] = ()  # file names inside DATA/uploads


def entry_of(row: sqlite3.Row) -> Entry:
    return Entry(id=row["id"], repo=row["repo"], paper=row["paper"], ref=row["ref"], at=row["at"])


class JobStore:
    """Connections to one job database, one per thread (a stateful resource)."""

    def __init__(self, path: Path) -> None:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise InputError(f"refusing to use {path}: it is a link or not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        db = self.db
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            raise InputError(f"{path} is a SQLite file but not an auditor serve database")
        db.executescript(SCHEMA)
        if "stage" not in {r[1] for r in db.execute("PRAGMA table_info(jobs)")}:
            db.execute("ALTER TABLE jobs ADD COLUMN stage TEXT")  # a data folder made earlier
        tag = db.execute("SELECT value FROM meta WHERE key='tool'").fetchone()
        if tag is None:
            db.execute("INSERT INTO meta VALUES ('tool', ?)", (TOOL_TAG,))
        elif tag[0] != TOOL_TAG:
            raise InputError(f"{path} is not an auditor serve database")

    @property
    def db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "db", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self.path} is not a usable database: {exc}") from exc
            self._local.db = conn
        return conn

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _event(self, db: sqlite3.Connection, job_id: str, state: str) -> None:
        db.execute("INSERT INTO events(job_id, state, at) VALUES (?, ?, ?)", (job_id, state, now()))

    # -- queue -----------------------------------------------------------------------------
    def submit(self, job: NewJob, max_queued: int) -> str | None:
        """Queue a job (one commit); None when the owner already has ``max_queued`` waiting."""
        job_id = new_job_id()
        with self.tx() as db:
            (waiting,) = db.execute(
                "SELECT COUNT(*) FROM jobs WHERE owner=? AND state!='done'", (job.owner,)
            ).fetchone()
            if waiting >= max_queued:
                return None
            db.execute(
                "INSERT INTO jobs(id, owner, created, repo, paper, ref, at, repo_label,"
                " paper_label, checklists, uploads) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id, job.owner, now(), job.repo, job.paper, job.ref, job.at,
                    job.repo_label, job.paper_label, json.dumps(list(job.checklists)),
                    json.dumps(list(job.uploads)),
                ),
            )  # fmt: skip
            self._event(db, job_id, "queued")
        return job_id

    def requeue(self) -> int:
        """After a restart: what was running goes back in the queue (one commit)."""
        with self.tx() as db:
            rows = db.execute("SELECT id FROM jobs WHERE state='running'").fetchall()
            db.execute("UPDATE jobs SET state='queued' WHERE state='running'")
            for r in rows:
                self._event(db, r["id"], "requeued")
        return len(rows)

    def next_queued(self, exclude: set[str]) -> sqlite3.Row | None:
        for row in self.db.execute("SELECT * FROM jobs WHERE state='queued' ORDER BY seq LIMIT 64"):
            if row["id"] not in exclude:
                return row
        return None

    # -- the recorder interface of auditor.batch.runner.run_entries --------------------------
    def mark_started(self, e: Entry) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE jobs SET state='running', attempts=attempts+1, started_at=? WHERE id=?",
                (now(), e.id),
            )
            self._event(db, e.id, "running")

    def record_stage(self, job_id: str, stage: str) -> None:
        """Where a running job is (fetching code, reading paper, checking): one commit."""
        with self.tx() as db:
            db.execute(
                "UPDATE jobs SET stage=? WHERE id=? AND state='running'", (stage[:40], job_id)
            )

    def record_result(self, entry_id: str, result: dict[str, Any]) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE jobs SET state='done', status=?, message=?, scores=?, finished_at=?,"
                " seconds=? WHERE id=?",
                (
                    result.get("status"), result.get("message"),
                    json.dumps(result.get("scores") or {}), now(), result.get("seconds"),
                    entry_id,
                ),
            )  # fmt: skip
            self._event(db, entry_id, "done")

    # -- reading -----------------------------------------------------------------------------
    def job(self, job_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM jobs WHERE id=?", (job_id,)
        ).fetchone()
        return row

    def history(
        self, owner: str | None, text: str = "", status: str = "", limit: int = 200
    ) -> list[sqlite3.Row]:
        """Jobs newest first: ``owner``'s (all for None), filtered by label text and status."""
        sql, args = "SELECT * FROM jobs WHERE 1=1", []
        if owner is not None:
            sql += " AND owner=?"
            args.append(owner)
        if text:
            sql += " AND (instr(lower(coalesce(repo_label,'')), ?) OR instr(lower(coalesce(paper_label,'')), ?))"
            args += [text.lower(), text.lower()]
        if status in ("queued", "running"):
            sql += " AND state=?"
            args.append(status)
        elif status:
            sql += " AND status=?"
            args.append(status)
        sql += " ORDER BY seq DESC LIMIT ?"
        return list(self.db.execute(sql, (*args, limit)))

    def events(self, job_id: str | None = None) -> list[sqlite3.Row]:
        if job_id is None:
            return list(self.db.execute("SELECT * FROM events ORDER BY seq"))
        return list(self.db.execute("SELECT * FROM events WHERE job_id=? ORDER BY seq", (job_id,)))

    def delete(self, job_id: str) -> bool:
        """Forget a finished or queued job (one commit); False while it runs."""
        with self.tx() as db:
            row = db.execute("SELECT state FROM jobs WHERE id=?", (job_id,)).fetchone()
            if row is None or row["state"] == "running":
                return False
            db.execute("DELETE FROM jobs WHERE id=?", (job_id,))
            self._event(db, job_id, "deleted")
        return True

    # -- sessions ----------------------------------------------------------------------------
    def add_session(self, sid_hash: str, user: str) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (sid_hash, user, now()))

    def session_user(self, sid_hash: str) -> str | None:
        row = self.db.execute("SELECT user FROM sessions WHERE sid_hash=?", (sid_hash,)).fetchone()
        return None if row is None else str(row[0])

    def drop_session(self, sid_hash: str) -> None:
        with self.tx() as db:
            db.execute("DELETE FROM sessions WHERE sid_hash=?", (sid_hash,))
