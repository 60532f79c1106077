"""Engine creation and schema migration.

SQLite (the embedded default) runs in WAL mode with a busy timeout and ``synchronous=FULL``
so that a committed decision survives a killed process and a power cut. Transactions are
begun explicitly: ``BEGIN IMMEDIATE`` for units of work that write (so two processes never
interleave a read-then-write such as taking the next case serial), plain ``BEGIN`` for
read-only ones. PostgreSQL needs none of this.

Every engine hides bound parameters in its errors and log lines (``hide_parameters``): the
values are applicants' names, ID numbers and phones. The SQLite file, its WAL and its SHM file
are ``0600`` on POSIX (:mod:`counter.files`).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

from counter.files import FILE_MODE, chmod_private
from counter.resources import code_path

log = logging.getLogger(__name__)

MIGRATIONS = code_path("counter", "store", "migrations")
BUSY_TIMEOUT_MS = 10_000
_BEGIN = {mode: f"BEGIN {mode}" for mode in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")}


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite files get WAL, busy timeout and explicit BEGIN."""
    # hide_parameters: an error (IntegrityError, a locked database …) and its log line name the
    # statement but never the bound values — an applicant's name, ID number or phone
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, hide_parameters=True,
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True)
    return engine


def _sqlite_files(engine: Engine) -> tuple[Path, ...]:
    """The database file with its WAL and SHM files (none for an in-memory database)."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return ()
    db = Path(name)
    return (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))


def _configure_sqlite(engine: Engine) -> None:
    files = _sqlite_files(engine)
    if files and not files[0].exists() and files[0].parent.is_dir():
        # made 0600 before SQLite opens it: SQLite gives its WAL and SHM files the database
        # file's mode, so they are private from their first byte (counter.files)
        os.close(os.open(files[0], os.O_WRONLY | os.O_CREAT, FILE_MODE))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every store test
        # Hand transaction control to us (pysqlite's implicit BEGIN is unreliable).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        for f in files:  # a store made by an older version, or copied in: 0600 as well
            if chmod_private(f):
                log.warning("store file %s was readable by other users: made private (0600)",
                            f.name)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        # straight to the driver: every unit of work begins here, and a statement through
        # SQLAlchemy costs more than the read it begins (``echo`` does not show the BEGIN)
        conn.connection.dbapi_connection.execute(_BEGIN[mode])


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def head_revision() -> str | None:
    """The newest migration, read from the migration files without importing Alembic.

    Importing Alembic costs about half a second; at start-up the store is almost always
    current already, so :func:`migrate` compares against this and skips Alembic entirely.
    ``tests/store/test_migrations.py`` checks it agrees with Alembic's own answer.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if m := _REVISION.search(text):
            revisions.add(m.group(1))
        parents.update(_DOWN_REVISION.findall(text))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the store is at (None for a new store)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (no-op when it already is)."""
    current = current_revision(engine)
    if current is not None and current == head_revision():
        return
    from alembic import command

    log.info("migrating store schema from %s to head", current)
    command.upgrade(alembic_config(engine), "head")
