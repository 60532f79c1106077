"""The simulator's own persistent store (模拟平台数据): one SQLite file and a blob folder.

Independent of the counter's store: the simulator plays the platform, so it keeps what a
platform keeps — tokens, blobs, the event log of every case, the status feed and the
progression still to come. The file survives restarts (``--data-dir``), so a demo can stop
and go on, and tests can check what the platform really received.

All access goes through one lock: the event log must check a case's next ``seq`` and insert
atomically, and the simulator is never the bottleneck of a counter.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

DB_FILE = "platform.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, size INTEGER NOT NULL,
    stored_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY, case_no TEXT NOT NULL, seq INTEGER NOT NULL,
    type TEXT NOT NULL, body_sha256 TEXT NOT NULL, body TEXT NOT NULL,
    occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, client_id TEXT NOT NULL,
    UNIQUE (case_no, seq));
CREATE TABLE IF NOT EXISTS cases (
    case_no TEXT PRIMARY KEY, site TEXT NOT NULL, last_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feed (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_no TEXT NOT NULL, site TEXT NOT NULL,
    status TEXT NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL, result TEXT, raw TEXT);
CREATE INDEX IF NOT EXISTS ix_feed_site ON feed (site, id);
CREATE TABLE IF NOT EXISTS schedule (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_no TEXT NOT NULL, site TEXT NOT NULL,
    status TEXT NOT NULL, due REAL NOT NULL, message TEXT NOT NULL, result TEXT);
CREATE INDEX IF NOT EXISTS ix_schedule_due ON schedule (due);
CREATE TABLE IF NOT EXISTS calendar (year INTEGER PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS holders (holder_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS catalogs (
    etag TEXT PRIMARY KEY, published REAL NOT NULL, document BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS item_codes (code TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS hall_records (
    record_id TEXT PRIMARY KEY, kind TEXT NOT NULL, body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL, received_at TEXT NOT NULL, client_id TEXT NOT NULL,
    site TEXT NOT NULL, last_update INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS hall_updates (
    record_id TEXT NOT NULL, n INTEGER NOT NULL, body_sha256 TEXT NOT NULL,
    body TEXT NOT NULL, received_at TEXT NOT NULL, client_id TEXT NOT NULL,
    PRIMARY KEY (record_id, n));
"""


def canonical(body: Any) -> str:
    """The canonical JSON text of a body: two bodies are identical when these are equal."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class StoredEvent:
    """An event the platform stored (for replays and for tests)."""

    event_id: str
    case_no: str
    seq: int
    type: str
    body_sha256: str
    body: str
    received_at: str
    client_id: str


@dataclass(frozen=True)
class StoredRecord:
    """A hall record the platform stored (首问咨询, 办不成事反映)."""

    record_id: str
    kind: str
    body_sha256: str
    body: str
    received_at: str
    client_id: str
    site: str
    last_update: int


class SimStore:
    """The simulator's SQLite file and blob folder under ``data_dir``.

    Attributes:
        data_dir: the folder of the store.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._blob_root = self.data_dir / "blobs"
        self._blob_root.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.data_dir / DB_FILE, check_same_thread=False,
                                   isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        if "raw" not in {r[1] for r in self._db.execute("PRAGMA table_info(feed)")}:
            self._db.execute("ALTER TABLE feed ADD COLUMN raw TEXT")  # a data dir from before

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- plumbing ---------------------------------------------------------------------------

    def _tx(self):
        return _Transaction(self._db, self._lock)

    def _one(self, sql: str, *args) -> tuple | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql: str, *args) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- tokens -----------------------------------------------------------------------------

    def issue_token(self, client_id: str, expires_at: float) -> str:
        token = secrets.token_urlsafe(32)
        with self._tx() as db:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token, client_id, expires_at))
        return token

    def token_client(self, token: str, now: float) -> str | None:
        """The client id of a valid token, else None."""
        row = self._one("SELECT client_id, expires_at FROM tokens WHERE token = ?", token)
        if row is None or row[1] <= now:
            return None
        return row[0]

    def expire_tokens(self) -> None:
        """Make every issued token invalid (a test or a demo of ``401``)."""
        with self._tx() as db:
            db.execute("DELETE FROM tokens")

    # -- blobs ------------------------------------------------------------------------------

    def _blob_path(self, digest: str) -> Path:
        return self._blob_root / digest[:2] / digest

    def has_blob(self, digest: str) -> bool:
        return self._one("SELECT 1 FROM blobs WHERE sha256 = ?", digest) is not None

    def blob(self, digest: str) -> bytes:
        return self._blob_path(digest).read_bytes()

    def put_blob(self, digest: str, data: bytes, content_type: str, at: str) -> bool:
        """Store a blob whose digest was checked; False when it was stored already."""
        if self.has_blob(digest):
            return False
        path = self._blob_path(digest)
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO blobs VALUES (?, ?, ?, ?)",
                       (digest, content_type, len(data), at))
        return True

    def blob_count(self) -> int:
        return self._one("SELECT count(*) FROM blobs")[0]

    # -- events -----------------------------------------------------------------------------

    def event(self, event_id: str) -> StoredEvent | None:
        row = self._one("SELECT event_id, case_no, seq, type, body_sha256, body, received_at,"
                        " client_id FROM events WHERE event_id = ?", event_id)
        return StoredEvent(*row) if row else None

    def event_at(self, case_no: str, seq: int) -> StoredEvent | None:
        row = self._one("SELECT event_id, case_no, seq, type, body_sha256, body, received_at,"
                        " client_id FROM events WHERE case_no = ? AND seq = ?", case_no, seq)
        return StoredEvent(*row) if row else None

    def next_seq(self, case_no: str) -> int:
        row = self._one("SELECT last_seq FROM cases WHERE case_no = ?", case_no)
        return (row[0] if row else 0) + 1

    def case_site(self, case_no: str) -> str | None:
        row = self._one("SELECT site FROM cases WHERE case_no = ?", case_no)
        return row[0] if row else None

    def insert_event(self, *, event_id: str, case_no: str, seq: int, type: str,  # noqa: A002
                     body: str, occurred_at: str, received_at: str, client_id: str,
                     site: str, feed: list[tuple] = (), schedule: list[tuple] = (),
                     holder: tuple[str, str] | None = None, cancel: bool = False) -> None:
        """Append an event (the caller checked ``seq`` under :meth:`locked`), with what it
        sets off, in one transaction.

        Args:
            feed: ``(status, at, message, result)`` feed entries to add now.
            schedule: ``(status, due, message, result)`` entries for later.
            holder: ``(holder_id, name)`` to remember for e-licence lookups.
            cancel: drop the case's scheduled statuses (voided, terminated).
        """
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self._tx() as db:
            db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (event_id, case_no, seq, type, digest, body, occurred_at, received_at,
                        client_id))
            if seq == 1:
                db.execute("INSERT INTO cases VALUES (?, ?, ?)", (case_no, site, seq))
            else:
                db.execute("UPDATE cases SET last_seq = ? WHERE case_no = ?", (seq, case_no))
            if cancel:
                db.execute("DELETE FROM schedule WHERE case_no = ?", (case_no,))
            for status, at, message, result in feed:
                db.execute("INSERT INTO feed (case_no, site, status, at, message, result)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           (case_no, site, status, at, message,
                            None if result is None else canonical(result)))
            for status, due, message, result in schedule:
                db.execute("INSERT INTO schedule (case_no, site, status, due, message, result)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           (case_no, site, status, due, message,
                            None if result is None else canonical(result)))
            if holder is not None:
                db.execute("INSERT OR REPLACE INTO holders VALUES (?, ?)", holder)

    def locked(self):
        """Hold the store's lock across a check-then-insert (``with store.locked(): …``)."""
        return self._lock

    def events(self, case_no: str | None = None) -> list[StoredEvent]:
        """Every stored event (of one case), by case and seq."""
        sql = ("SELECT event_id, case_no, seq, type, body_sha256, body, received_at, client_id"
               " FROM events")
        rows = (self._all(sql + " WHERE case_no = ? ORDER BY seq", case_no) if case_no
                else self._all(sql + " ORDER BY case_no, seq"))
        return [StoredEvent(*r) for r in rows]

    def event_count(self) -> int:
        return self._one("SELECT count(*) FROM events")[0]

    def is_rated_event(self, case_no: str, event_id: str) -> bool:
        """Whether ``event_id`` is a stored ``rated`` event of ``case_no``."""
        return self._one("SELECT 1 FROM events WHERE event_id = ? AND case_no = ?"
                         " AND type = 'rated'", event_id, case_no) is not None

    # -- hall records (1.1) -----------------------------------------------------------------

    def hall_record(self, record_id: str) -> StoredRecord | None:
        row = self._one("SELECT record_id, kind, body_sha256, body, received_at, client_id,"
                        " site, last_update FROM hall_records WHERE record_id = ?", record_id)
        return StoredRecord(*row) if row else None

    def insert_hall_record(self, *, record_id: str, kind: str, body: str, received_at: str,
                           client_id: str, site: str) -> None:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self._tx() as db:
            db.execute("INSERT INTO hall_records VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                       (record_id, kind, digest, body, received_at, client_id, site))

    def hall_update(self, record_id: str, n: int) -> tuple[str, str] | None:
        """``(body_sha256, received_at)`` of a stored update, else None."""
        return self._one("SELECT body_sha256, received_at FROM hall_updates"
                         " WHERE record_id = ? AND n = ?", record_id, n)

    def insert_hall_update(self, *, record_id: str, n: int, body: str, received_at: str,
                           client_id: str) -> None:
        """Append update ``n`` (the caller checked it under :meth:`locked`)."""
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self._tx() as db:
            db.execute("INSERT INTO hall_updates VALUES (?, ?, ?, ?, ?, ?)",
                       (record_id, n, digest, body, received_at, client_id))
            db.execute("UPDATE hall_records SET last_update = ? WHERE record_id = ?",
                       (n, record_id))

    def hall_updates(self, record_id: str) -> list[tuple[int, str]]:
        """``(n, body)`` of a record's updates, in order (tests, demos)."""
        return self._all("SELECT n, body FROM hall_updates WHERE record_id = ? ORDER BY n",
                         record_id)

    # -- status feed and progression --------------------------------------------------------

    def add_feed(self, case_no: str, site: str, status: str, at: str, message: str,
                 result: dict | None = None) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO feed (case_no, site, status, at, message, result)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (case_no, site, status, at, message,
                        None if result is None else canonical(result)))

    def add_raw_feed(self, site: str, raw: str) -> None:
        """A feed item served exactly as ``raw`` (JSON text, any shape): see
        :meth:`sync.simulator.server.PlatformSimulator.inject_feed_item`."""
        with self._tx() as db:
            db.execute("INSERT INTO feed (case_no, site, status, at, message, result, raw)"
                       " VALUES ('', ?, '', '', '', NULL, ?)", (site, raw))

    def schedule(self, case_no: str, site: str, status: str, due: float, message: str,
                 result: dict | None = None) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO schedule (case_no, site, status, due, message, result)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (case_no, site, status, due, message,
                        None if result is None else canonical(result)))

    def cancel_schedule(self, case_no: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM schedule WHERE case_no = ?", (case_no,))

    def release_due(self, now: float, at_text) -> int:
        """Move the scheduled statuses due by ``now`` into the feed, in due order.

        Args:
            at_text: turns a due time (epoch seconds) into the feed's RFC 3339 ``at``.
        """
        with self._tx() as db:
            rows = db.execute("SELECT id, case_no, site, status, due, message, result"
                              " FROM schedule WHERE due <= ? ORDER BY due, id", (now,)).fetchall()
            for _id, case_no, site, status, due, message, result in rows:
                db.execute("INSERT INTO feed (case_no, site, status, at, message, result)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           (case_no, site, status, at_text(due), message, result))
                db.execute("DELETE FROM schedule WHERE id = ?", (_id,))
        return len(rows)

    def feed(self, site: str, after: int, limit: int) -> list[dict]:
        rows = self._all("SELECT id, case_no, status, at, message, result, raw FROM feed"
                         " WHERE site = ? AND id > ? ORDER BY id LIMIT ?", site, after, limit)
        out = []
        for _id, case_no, status, at, message, result, raw in rows:
            if raw is not None:  # an injected item, served as it was given
                out.append((_id, json.loads(raw)))
                continue
            item = {"case_no": case_no, "status": status, "at": at, "message": message}
            if result is not None:
                item["result"] = json.loads(result)
            out.append((_id, item))
        return out

    def feed_entries(self, case_no: str) -> list[tuple[str, str]]:
        """``(status, at)`` of a case's feed entries so far (tests, demos)."""
        return [(r[0], r[1]) for r in self._all(
            "SELECT status, at FROM feed WHERE case_no = ? ORDER BY id", case_no)]

    # -- calendar, catalog, holders ---------------------------------------------------------

    def calendar(self, year: int) -> dict | None:
        row = self._one("SELECT document FROM calendar WHERE year = ?", year)
        return json.loads(row[0]) if row else None

    def publish_calendar(self, doc: dict) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO calendar VALUES (?, ?)",
                       (int(doc["year"]), canonical(doc)))

    def latest_catalog(self) -> tuple[str, bytes] | None:
        row = self._one("SELECT etag, document FROM catalogs ORDER BY published DESC LIMIT 1")
        return (row[0], bytes(row[1])) if row else None

    def publish_catalog(self, document: bytes, codes: Iterator[str], when: float) -> str:
        """Publish a catalog document (newest wins) and learn its item codes; its ETag."""
        etag = '"' + hashlib.sha256(document).hexdigest()[:32] + '"'
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO catalogs VALUES (?, ?, ?)", (etag, when, document))
            db.execute("UPDATE catalogs SET published = ? WHERE etag = ?", (when, etag))
            db.executemany("INSERT OR IGNORE INTO item_codes VALUES (?)", [(c,) for c in codes])
        return etag

    def known_item(self, code: str) -> bool:
        return self._one("SELECT 1 FROM item_codes WHERE code = ?", code) is not None

    def remember_holder(self, holder_id: str, name: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO holders VALUES (?, ?)", (holder_id, name))

    def holder_name(self, holder_id: str) -> str | None:
        row = self._one("SELECT name FROM holders WHERE holder_id = ?", holder_id)
        return row[0] if row else None


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` under the store lock (rollback on an exception)."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db, self._lock = db, lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        return self._db

    def __exit__(self, exc_type, *_exc) -> None:
        try:
            self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()


def now_text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
