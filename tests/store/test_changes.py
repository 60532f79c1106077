"""Case changes (counter.changes): recorded in the unit of work, published after its commit.

Pure Python and the real unit of work on SQLite; the services' reports on the real context.
"""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import select

from counter import outbox
from counter.changes import CaseChange, ChangeKind, Changes
from counter.errors import InvalidInput
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.models import SettingRow
from counter.store.uow import UowFactory
from tests.unit.cases.helpers import context_from_template, filled, make_template


@pytest.fixture
def uow(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "u.sqlite3"))
    migrate(engine)
    yield UowFactory(engine)
    engine.dispose()


@pytest.fixture
def heard(uow):
    got: list[CaseChange] = []
    uow.changes.subscribe(got.append)
    return got


def _keys(uow):
    with uow(read_only=True) as u:
        return list(u.session.scalars(select(SettingRow.key)))


def test_published_only_after_the_commit(uow):
    seen_at_publish = []
    uow.changes.subscribe(lambda change: seen_at_publish.append((change, _keys(uow))))
    with uow() as u:
        u.session.add(SettingRow(key="a", value="1"))
        u.case_changed("S1", ChangeKind.ACCEPTED)
        assert seen_at_publish == []  # recorded, not told
        u.commit()
        # told at the commit, and what the subscriber reads is already stored
        assert seen_at_publish == [(CaseChange("S1", ChangeKind.ACCEPTED), ["a"])]


def test_a_rolled_back_call_reports_nothing(uow, heard):
    with uow() as u:
        u.case_changed("S1", ChangeKind.ACCEPTED)  # left without commit
    with pytest.raises(RuntimeError), uow() as u:
        u.case_changed("S2", ChangeKind.NOTIFIED)
        raise RuntimeError("boom")
    assert heard == []
    with uow() as u:  # a later call of the same factory reports only its own
        u.case_changed("S3", ChangeKind.REJECTED)
        u.commit()
    assert heard == [CaseChange("S3", ChangeKind.REJECTED)]


def test_one_change_per_case_per_call_with_its_kinds_once(uow, heard):
    with uow() as u:
        u.case_changed("S1", ChangeKind.SYNCED)
        u.case_changed("S2", "synced")
        u.case_changed("S1", ChangeKind.SYNCED)
        u.case_changed("S1", ChangeKind.PLATFORM_STATUS)
        u.commit()
    assert heard == [CaseChange("S1", ChangeKind.SYNCED,
                                (ChangeKind.SYNCED, ChangeKind.PLATFORM_STATUS)),
                     CaseChange("S2", ChangeKind.SYNCED)]
    assert heard[0].has(ChangeKind.PLATFORM_STATUS) and not heard[1].has("accepted")


def test_each_commit_of_a_unit_reports_what_it_committed(uow, heard):
    with uow() as u:
        u.case_changed("S1", ChangeKind.ACCEPTED)
        u.commit()
        u.case_changed("S1", ChangeKind.DOCUMENT_ISSUED)
        u.commit()
    assert [c.kind for c in heard] == [ChangeKind.ACCEPTED, ChangeKind.DOCUMENT_ISSUED]


def test_read_only_units_record_nothing(uow):
    with uow(read_only=True) as u, pytest.raises(RuntimeError):
        u.case_changed("S1", ChangeKind.ACCEPTED)
    with pytest.raises(ValueError):
        with uow() as u:
            u.case_changed("S1", "no such kind")


def test_a_failing_subscriber_breaks_neither_the_others_nor_the_call(uow, heard, caplog):
    secret = "110101199003071234"

    def broken(change):
        raise ValueError(f"applicant {secret}")

    changes = Changes()
    got = []
    changes.subscribe(broken)
    changes.subscribe(got.append)
    uow.changes.subscribe(broken)
    with caplog.at_level(logging.ERROR, logger="counter.changes"):
        with uow() as u:
            u.session.add(SettingRow(key="a", value="1"))
            u.case_changed("S1", ChangeKind.ACCEPTED)
            u.commit()  # does not raise
        changes.publish(CaseChange("S2", ChangeKind.NOTIFIED))
    assert _keys(uow) == ["a"]
    assert heard == [CaseChange("S1", ChangeKind.ACCEPTED)]
    assert got == [CaseChange("S2", ChangeKind.NOTIFIED)]
    assert len(caplog.records) == 2 and "ValueError" in caplog.text
    assert secret not in caplog.text  # no personal data from the exception text


def test_subscribe_once_and_unsubscribe():
    changes, got = Changes(), []
    changes.subscribe(got.append)
    changes.subscribe(got.append)
    changes.publish(CaseChange("S1", ChangeKind.ACCEPTED))
    assert len(got) == 1 and changes.subscribers == 1
    changes.unsubscribe(got.append)
    changes.unsubscribe(got.append)  # not subscribed: nothing happens
    changes.publish(CaseChange("S1", ChangeKind.ACCEPTED))
    assert len(got) == 1 and changes.subscribers == 0


def test_thread_safety_publish_while_subscribing(uow):
    """Units of work committing on many threads while subscribers come and go: every change
    reaches the subscriber that stayed, exactly once, and nothing raises."""
    changes = uow.changes
    steady: list[CaseChange] = []
    lock = threading.Lock()

    def keep(change):
        with lock:
            steady.append(change)

    changes.subscribe(keep)
    stop = threading.Event()
    errors = []

    def churn():
        try:
            while not stop.is_set():
                f = lambda change: None  # noqa: E731 - a fresh subscriber each time
                changes.subscribe(f)
                changes.unsubscribe(f)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    def publish(worker: int):
        try:
            for n in range(50):
                changes.publish(CaseChange(f"W{worker}-{n}", ChangeKind.SYNCED))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    churners = [threading.Thread(target=churn) for _ in range(2)]
    publishers = [threading.Thread(target=publish, args=(w,)) for w in range(4)]
    for t in churners + publishers:
        t.start()
    for t in publishers:
        t.join()
    stop.set()
    for t in churners:
        t.join()
    assert errors == []
    assert sorted(c.number for c in steady) == sorted(f"W{w}-{n}" for w in range(4)
                                                      for n in range(50))
    assert changes.subscribers == 1


# -- the services report what they change ---------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("changes"))


@pytest.fixture
def cx(template, tmp_path):
    c = context_from_template(template, tmp_path / "data")
    yield c
    c.close()


def test_decisions_and_pickup_report_their_case(cx):
    from counter.cases.model import CaseState
    from counter.store.models import CaseRow

    clerk = cx.site.get().actor("c0012")
    heard: list[CaseChange] = []
    cx.changes.subscribe(heard.append)
    case = cx.cases.accept(filled(cx).id, clerk).case
    assert heard == [CaseChange(case.case_no, ChangeKind.ACCEPTED)]
    notified = cx.cases.notify(filled(cx, materials="missing", seed=2).id, clerk)
    assert heard[-1] == CaseChange(notified.case_no, ChangeKind.NOTIFIED)
    with cx.uow() as u:  # the platform approved it
        u.session.get(CaseRow, case.case_no).state = CaseState.APPROVED.value
        u.commit()
    cx.cases.pickup(case.case_no, clerk)
    assert heard[-1] == CaseChange(case.case_no, ChangeKind.PICKED_UP)
    assert len(heard) == 3


def test_a_refused_decision_reports_nothing(cx, monkeypatch):
    clerk = cx.site.get().actor("c0012")
    heard: list[CaseChange] = []
    cx.changes.subscribe(heard.append)
    with pytest.raises(InvalidInput):
        cx.cases.accept(filled(cx, materials="missing").id, clerk)

    def broken(*a, **k):
        raise RuntimeError("disk full")

    intake = filled(cx, seed=3)
    monkeypatch.setattr(outbox, "append_event", broken)
    with pytest.raises(RuntimeError):
        cx.cases.accept(intake.id, clerk)  # fails after the number was taken: rolled back
    assert heard == []


def test_the_sync_worker_and_the_archive_report_their_cases(cx):
    from counter.services.sync import Outcome
    from tests.sync.helpers import accept_cases

    clerk = cx.site.get().actor("c0012")
    first, second = accept_cases(cx, 2)
    heard: list[CaseChange] = []
    cx.changes.subscribe(heard.append)
    events = [e for no in (first, second) for e in cx.sync.case_sync(no, clerk).events]
    cx.sync.record("test", [Outcome(e.event_id, "acked") for e in events])
    assert heard == [CaseChange(first, ChangeKind.SYNCED), CaseChange(second, ChangeKind.SYNCED)]
    heard.clear()
    cx.documents.issue(first, "receipt", b"%PDF-1.4 test", clerk)
    assert heard == [CaseChange(first, ChangeKind.DOCUMENT_ISSUED)]
    heard.clear()
    cx.cases.apply_status(first, "in_review", cx.clock.now())
    cx.cases.apply_status(first, "in_review", cx.clock.now())  # the same item again: no change
    assert heard == [CaseChange(first, ChangeKind.PLATFORM_STATUS)]
