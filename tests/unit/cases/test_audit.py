"""The audit log (审计日志): append and verify the sha256 chain."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from counter import audit
from counter.clock import CST
from counter.identity import Actor
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.models import AuditHeadRow, AuditRow
from counter.store.uow import UowFactory

T0 = datetime(2026, 11, 20, 9, 30, 0, 123456, tzinfo=CST)
ACTOR = Actor("c0012", "clerk", "140802-001", "07")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "template.sqlite3"
    engine = make_engine(sqlite_url(path))
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture
def uow(template, tmp_path):
    import shutil

    path = tmp_path / "a.sqlite3"
    shutil.copy(template, path)
    engine = make_engine(sqlite_url(path))
    yield UowFactory(engine)
    engine.dispose()


def _fill(uow, n=5):
    with uow() as u:
        for i in range(n):
            audit.append(u.session, at=T0 + timedelta(minutes=i), actor=ACTOR,
                         action="case.accept", case_no=f"CASE{i}", detail={"i": i, "中文": "是"})
        audit.append(u.session, at=T0, actor=None, user_id="platform", role="platform",
                     action="case.status.in_review", result="ok")
        u.commit()


def test_chain_verifies(uow):
    _fill(uow)
    with uow(read_only=True) as u:
        rows = u.session.scalars(select(AuditRow).order_by(AuditRow.seq)).all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
        assert rows[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
        assert rows[5].user_id == "platform"
        assert audit.verify(u.session) is None


def test_empty_log_verifies(uow):
    with uow(read_only=True) as u:
        assert audit.verify(u.session) is None


@pytest.mark.parametrize("change", [
    {"detail": '{"i":9}'}, {"user_id": "c9999"}, {"result": "refused"}, {"case_no": "OTHER"},
    {"at": T0 + timedelta(seconds=1)},
])
def test_a_changed_entry_breaks_the_chain_there(uow, change):
    _fill(uow)
    with uow() as u:
        u.session.execute(update(AuditRow).where(AuditRow.seq == 3).values(**change))
        u.commit()
    with uow(read_only=True) as u:
        assert audit.verify(u.session) == 3


def test_a_deleted_entry_is_found(uow):
    _fill(uow)
    with uow() as u:
        u.session.execute(delete(AuditRow).where(AuditRow.seq == 4))
        u.commit()
    with uow(read_only=True) as u:
        assert audit.verify(u.session) == 5


def test_entries_cut_off_at_the_end_are_found(uow):
    _fill(uow)
    with uow() as u:
        u.session.execute(delete(AuditRow).where(AuditRow.seq == 6))
        u.commit()
    with uow(read_only=True) as u:
        assert audit.verify(u.session) == 6


def test_a_rehashed_entry_still_breaks_the_next_link(uow):
    """Recomputing the hash of a changed entry does not help: the next entry's prev_hash
    no longer matches."""
    _fill(uow)
    with uow() as u:
        row = u.session.get(AuditRow, 2)
        row.detail = '{"i":99}'
        row.hash = audit.entry_hash(seq=2, at=row.at, user_id=row.user_id, role=row.role,
                                    action=row.action, case_no=row.case_no, result=row.result,
                                    detail=row.detail, prev_hash=row.prev_hash)
        u.commit()
    with uow(read_only=True) as u:
        assert audit.verify(u.session) == 3


def test_verify_in_small_batches(uow):
    _fill(uow, n=12)
    with uow(read_only=True) as u:
        assert audit.verify(u.session, batch=5) is None
        head = u.session.get(AuditHeadRow, 1)
        assert head.seq == 13


def test_bad_result_value():
    with pytest.raises(ValueError):
        audit.append(None, at=T0, actor=ACTOR, action="x", result="maybe")
