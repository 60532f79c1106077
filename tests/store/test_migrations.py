"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.models import Base


def test_migrations_match_models(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_twice_is_a_no_op(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    migrate(engine)
    migrate(engine)


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_fast_head_check_agrees_with_alembic(tmp_path):
    from alembic.script import ScriptDirectory

    from counter.store.db import alembic_config, current_revision, head_revision

    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    assert current_revision(engine) is None
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head_revision() == head
    migrate(engine)
    assert current_revision(engine) == head
