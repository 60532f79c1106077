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


def _indexes(engine, table):
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes(table)}


def test_0007_indexes_upgrade_and_downgrade(tmp_path):
    """0007 adds the 日结 indexes on a store at 0006 (``migrate`` sees it is behind) and
    takes them away again on downgrade."""
    from alembic import command

    from counter.store.db import alembic_config, current_revision

    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    cfg = alembic_config(engine)
    command.upgrade(cfg, "0006")
    assert "ix_cases_decided_at" not in _indexes(engine, "cases")
    migrate(engine)  # behind head: must not be skipped by the fast head check
    assert current_revision(engine) not in (None, "0006")
    assert "ix_cases_decided_at" in _indexes(engine, "cases")
    assert "ix_outbox_occurred_at" in _indexes(engine, "outbox")
    command.downgrade(cfg, "0006")
    assert current_revision(engine) == "0006"
    assert "ix_cases_decided_at" not in _indexes(engine, "cases")
    assert "ix_outbox_occurred_at" not in _indexes(engine, "outbox")
    command.upgrade(cfg, "0007")
    assert "ix_outbox_occurred_at" in _indexes(engine, "outbox")


def test_reconciliation_queries_use_the_0007_indexes(tmp_path):
    """日结 selects a day by ``decided_at`` / ``occurred_at``: a range search, not a scan."""
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    migrate(engine)
    with engine.connect() as conn:
        cases = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT case_no FROM cases WHERE decided_at >= '2026-11-19' "
            "AND decided_at < '2026-11-20'"))
        outbox = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT type, state, count(*) FROM outbox WHERE occurred_at >= "
            "'2026-11-19' AND occurred_at < '2026-11-20' GROUP BY type, state"))
    assert "ix_cases_decided_at" in cases
    assert "ix_outbox_occurred_at" in outbox


def test_0008_audit_seals_upgrade_and_downgrade(tmp_path):
    """0008 adds the audit seals table on a store at 0007 (existing audit entries untouched)
    and drops it on downgrade."""
    from alembic import command
    from sqlalchemy import inspect

    from counter.store.db import alembic_config, current_revision

    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    cfg = alembic_config(engine)
    command.upgrade(cfg, "0007")
    with engine.connect() as conn:
        assert not inspect(conn).has_table("audit_seals")
    migrate(engine)  # behind head: must not be skipped by the fast head check
    assert current_revision(engine) not in (None, "0007")
    with engine.connect() as conn:
        assert inspect(conn).has_table("audit_seals")
    assert "ix_audit_seals_key_id" in _indexes(engine, "audit_seals")
    command.downgrade(cfg, "0007")
    with engine.connect() as conn:
        assert not inspect(conn).has_table("audit_seals")
