"""Hall mode (大厅模式): the store on PostgreSQL, shared by the counters of a hall and by the
sync workers. Each "counter" or "worker" here is a thread with its own context (its own
engine and connections) on the same database, as separate processes would be.

The service tests of ``test_cases_service.py``, ``test_drafts.py`` and some of
``test_tolerance_service.py`` run on both stores too (``tests/store/pg.py``). Waiting for
another transaction is observed in ``pg_stat_activity`` (no timed assertions).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from tests.helpers.context import build_context
from counter.cases.numbering import parse_case_no
from counter.clock import FixedClock
from counter.errors import InvalidInput
from tests.store.pg import both_stores
from tests.unit.cases.helpers import T0, filled


def _context(data_dir: Path, url: str | None):
    return build_context(data_dir, clock=FixedClock(T0), db_url=url)


def _run_threads(*targets):
    """Run the targets in threads started together; re-raise the first exception."""
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
            except BaseException as e:  # noqa: BLE001 - handed to the test thread
                errors.append(e)
        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# -- schema ----------------------------------------------------------------------------------

def test_migrations_up_to_head_and_down_to_base(pg_server):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from counter.store.db import (alembic_config, current_revision, head_revision, make_engine,
                                  migrate)
    from counter.store.models import Base

    engine = make_engine(pg_server.empty_url())
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        migrate(engine)  # at head: a no-op
        cfg = alembic_config(engine)
        command.downgrade(cfg, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        assert current_revision(engine) is None
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            # the applicant-name index serves LIKE 'prefix%' whatever the collation
            ix = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE tablename = 'cases' "
                                   "AND indexdef LIKE '%applicant_name%'")).scalars().all()
        assert any("text_pattern_ops" in d for d in ix), ix
    finally:
        engine.dispose()


# -- case numbers ------------------------------------------------------------------------------

PER_COUNTER = 15


def test_two_counters_never_share_a_number_and_leave_no_gap(pg_url, tmp_path):
    """编号并发 in a hall: two counters decide at the same time on one PostgreSQL store."""
    main = _context(tmp_path / "main", pg_url)
    jobs = {}
    for tag in (1, 2):
        lines = []
        for i in range(PER_COUNTER):
            notify = i % 5 == 4
            intake = filled(main, seed=tag * 1000 + i, materials="missing" if notify else "all")
            lines.append(("notify" if notify else "accept", intake.id))
        jobs[tag] = lines
    issued: dict[int, list[str]] = {1: [], 2: []}

    def counter(tag):
        def run():
            ctx = _context(tmp_path / f"c{tag}", pg_url)
            try:
                actor = ctx.site.get().actor(f"c{tag:04d}")
                for action, draft_id in jobs[tag]:
                    if action == "notify":
                        issued[tag].append(ctx.cases.notify(draft_id, actor).case_no)
                    else:
                        issued[tag].append(ctx.cases.accept(draft_id, actor).case.case_no)
            finally:
                ctx.close()
        return run

    try:
        _run_threads(counter(1), counter(2))
        numbers = issued[1] + issued[2]
        assert len(numbers) == 2 * PER_COUNTER == len(set(numbers))
        by_series: dict[str, list[int]] = {}
        for no in numbers:
            parsed = parse_case_no(no)
            by_series.setdefault(parsed.series, []).append(parsed.serial)
        notified = 2 * (PER_COUNTER // 5)
        assert sorted(by_series["S"]) == list(range(1, 2 * PER_COUNTER - notified + 1))
        assert sorted(by_series["G"]) == list(range(1, notified + 1))
        for tag in (1, 2):
            serials = [parse_case_no(n).serial for n in issued[tag] if n[17] == "S"]
            assert serials == sorted(serials)
        assert main.cases.count() == 2 * PER_COUNTER
        from counter import audit
        with main.uow(read_only=True) as u:
            assert audit.verify(u.session) is None
    finally:
        main.close()


# -- one draft, two counters ---------------------------------------------------------------------

def _waiting_for_a_lock(url: str, n: int = 1) -> None:
    """Return once ``n`` other sessions wait for a row lock (checked in pg_stat_activity)."""
    import time

    from counter.store.db import make_engine

    engine = make_engine(url)
    try:
        for _ in range(2000):  # a generous bound on polling, not an assertion on time
            with engine.connect() as conn:
                waiting = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar()
            if waiting >= n:
                return
            time.sleep(0.01)
        raise AssertionError("no session came to wait for the lock")
    finally:
        engine.dispose()


@both_stores
def test_a_draft_decided_at_two_counters_at_once_becomes_one_case(store_url, tmp_path):
    """Counter A is in the middle of accepting a draft when counter B accepts the same draft:
    B waits for A (the draft row is locked for the decision) and is then refused; one case.
    On SQLite ``BEGIN IMMEDIATE`` serialises the two; on PostgreSQL ``FOR UPDATE`` does."""
    def where(name):  # SQLite: the counters share the one file; PostgreSQL: the database
        return tmp_path / ("main" if store_url is None else name)

    main = _context(where("main"), store_url)
    a = _context(where("a"), store_url)
    b = _context(where("b"), store_url)
    try:
        assert main.cases.count() == 0
        draft = filled(main, seed=7).id
        actor_a, actor_b = (c.site.get().actor(u) for c, u in ((a, "c0001"), (b, "c0002")))
        in_decision, go_on = threading.Event(), threading.Event()
        prepare = a.cases._prepare

        def paused_prepare(*args, **kw):  # A holds its transaction open after loading the draft
            result = prepare(*args, **kw)
            in_decision.set()
            go_on.wait()
            return result

        a.cases._prepare = paused_prepare
        results: dict[str, object] = {}

        def decide(name, ctx, actor):
            try:
                results[name] = ctx.cases.accept(draft, actor).case.case_no
            except InvalidInput as e:
                results[name] = e
            finally:
                in_decision.set()  # (also when A failed before its pause)

        ta = threading.Thread(target=decide, args=("a", a, actor_a))
        ta.start()
        in_decision.wait()
        if store_url is None:
            # SQLite: A holds the write lock; B would wait in BEGIN IMMEDIATE (busy timeout).
            # Let A finish first, then B: the sequential case of the same rule.
            go_on.set()
            ta.join()
            decide("b", b, actor_b)
        else:
            tb = threading.Thread(target=decide, args=("b", b, actor_b))
            tb.start()
            # B either waits for A's lock on the draft (correct) or, without the lock, runs
            # to its end: either way, go on once B has got as far as it can
            while tb.is_alive():
                try:
                    _waiting_for_a_lock(store_url)
                    break
                except AssertionError:
                    continue
            go_on.set()
            ta.join()
            tb.join()
        assert isinstance(results["a"], str), results
        assert isinstance(results["b"], InvalidInput), results
        assert "不能重复决定" in results["b"].message
        assert main.cases.count() == 1
    finally:
        for c in (main, a, b):
            c.close()


# -- audit chain ---------------------------------------------------------------------------------

APPENDS = 40


def test_concurrent_audit_appends_keep_one_chain(pg_url, tmp_path):
    """Two counters append audit entries at the same time: the ``audit_head`` row lock makes
    them take turns; the chain has no fork, no gap, and verifies."""
    from counter import audit
    from counter.store.models import AuditRow

    main = _context(tmp_path / "main", pg_url)
    try:
        with main.uow() as u:  # the chain exists (a hall store is never empty for long)
            audit.append(u.session, at=T0, actor=None, action="test.start", user_id="t")
            u.commit()
        with main.uow(read_only=True) as u:
            before = u.session.scalar(select(AuditRow.seq).order_by(AuditRow.seq.desc()).limit(1))

        def counter(tag):
            def run():
                ctx = _context(tmp_path / f"c{tag}", pg_url)
                try:
                    for i in range(APPENDS):
                        with ctx.uow() as u:
                            audit.append(u.session, at=T0, actor=None, action="test.append",
                                         user_id=f"c{tag}", detail={"i": i})
                            u.commit()
                finally:
                    ctx.close()
            return run

        _run_threads(counter(1), counter(2))
        with main.uow(read_only=True) as u:
            seqs = u.session.scalars(select(AuditRow.seq).order_by(AuditRow.seq)).all()
            assert audit.verify(u.session) is None
        assert seqs == list(range(seqs[0], before + 2 * APPENDS + 1))
    finally:
        main.close()


# -- outbox claims ----------------------------------------------------------------------------

def test_two_sync_workers_claim_each_event_once_in_order(pg_url, tmp_path):
    """Two sync workers drain one outbox: ``FOR UPDATE SKIP LOCKED`` gives each case's head
    event to one of them; every event is claimed exactly once, each case's events in seq
    order (the next one only after the previous was acknowledged)."""
    from counter.services.sync import Outcome, SyncService
    from tests.sync.helpers import backlog, local_events

    main = _context(tmp_path / "main", pg_url)
    try:
        backlog(main, 24, events_per_case=3, pages=0)
        claimed: list[tuple[str, str, int, str]] = []  # (worker, case, seq, event)
        lock = threading.Lock()

        def worker(name):
            def run():
                ctx = _context(tmp_path / name, pg_url)
                service = SyncService(ctx.uow, ctx.clock)
                try:
                    for _ in range(100_000):  # a bound against a hang, never reached
                        batches = service.claim(name, cases=4, per_case=1)
                        if not batches:
                            if service.status().pending == 0:
                                break
                            continue  # the other worker holds the rest: until it releases
                        with lock:
                            claimed.extend((name, e.case_no, e.seq, e.event_id)
                                           for bt in batches for e in bt.events)
                        service.record(name, [Outcome(e.event_id, "acked")
                                              for bt in batches for e in bt.events],
                                       release=[bt.case_no for bt in batches])
                finally:
                    ctx.close()
            return run

        _run_threads(worker("w1"), worker("w2"))
        events = local_events(main)
        ids = [c[3] for c in claimed]
        assert len(ids) == len(set(ids)), "an event was claimed twice"
        assert set(ids) == set(events)
        assert all(e["state"] == "acked" for e in events.values())
        per_case: dict[str, list[int]] = {}
        for _, case_no, seq, _ in claimed:
            per_case.setdefault(case_no, []).append(seq)
        assert all(seqs == [1, 2, 3] for seqs in per_case.values()), per_case
    finally:
        main.close()


@both_stores
def test_claims_of_two_workers_are_disjoint(store_url, tmp_path):
    """Claims held by one worker are skipped by the other (both stores)."""
    from counter.services.sync import Outcome, SyncService
    from tests.sync.helpers import backlog

    main = _context(tmp_path / "main", store_url)
    other = _context(tmp_path / "main" if store_url is None else tmp_path / "o", store_url)
    try:
        backlog(main, 3, events_per_case=2, pages=0)
        one, two = SyncService(main.uow, main.clock), SyncService(other.uow, other.clock)
        a = one.claim("host:1:a", cases=2)
        b = two.claim("host:2:b", cases=5)
        assert len(a) == 2 and len(b) == 1
        assert {x.case_no for x in a}.isdisjoint({x.case_no for x in b})
        assert [e.seq for e in a[0].events] == [1, 2]
        assert two.claim("host:2:b") == []
        one.record("host:1:a", [Outcome(e.event_id, "released") for x in a for e in x.events],
                   release=[x.case_no for x in a])
        assert len(two.claim("host:2:b")) == 2
    finally:
        main.close()
        other.close()


def test_the_app_opens_the_store_named_by_counter_db_url(pg_url, tmp_path, monkeypatch):
    """``COUNTER_DB_URL`` points the app (GUI, CLI, sync worker) at the hall's database."""
    monkeypatch.setenv("COUNTER_DB_URL", pg_url)
    ctx = build_context(tmp_path / "data", clock=FixedClock(T0))
    try:
        assert ctx.uow.engine.dialect.name == "postgresql"
        assert not (tmp_path / "data" / "counter.sqlite3").exists()
    finally:
        ctx.close()
