"""The status feed read again (a sync worker killed before it stored the cursor): every item
already applied changes nothing — no history line, no audit entry, no state change."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from counter.services.sync import FEED_CURSOR, SyncService
from counter.store.models import AuditRow, CaseHistoryRow
from sync.simulator import Progression
from sync.worker import SyncCallbacks
from tests.sync.helpers import T0, accept_cases, make_worker
from tests.unit.cases.helpers import DESK


def _counts(cx, case_no):
    with cx.uow(read_only=True) as u:
        s = u.session
        history = s.scalar(select(func.count()).select_from(CaseHistoryRow)
                           .where(CaseHistoryRow.case_no == case_no))
        audit = s.scalar(select(func.count()).select_from(AuditRow))
    return history, audit


def test_received_replayed_adds_nothing(cx):
    [number] = accept_cases(cx, 1)
    at = T0 + timedelta(minutes=5)
    cx.cases.apply_status(number, "received", at, "省级平台已接收办件。")
    before = _counts(cx, number)
    for _ in range(3):  # the same feed item, read again after each kill
        update = cx.cases.apply_status(number, "received", at.isoformat(), "省级平台已接收办件。")
        assert not update.changed  # already applied
    case = update.case
    assert _counts(cx, number) == before
    assert [h.action for h in case.history] == ["accept", "platform.received"]


def test_replay_after_the_case_moved_on_adds_nothing(cx):
    [number] = accept_cases(cx, 1)
    page = [("received", T0 + timedelta(minutes=5), None),
            ("in_review", T0 + timedelta(hours=1), "审查中"),
            ("correction_required", T0 + timedelta(hours=2), "请补正"),
            ("in_review", T0 + timedelta(hours=3), "补正后审查"),
            ("approved", T0 + timedelta(days=1), "准予许可")]
    for status, at, message in page:
        assert cx.cases.apply_status(number, status, at, message).changed
    before = _counts(cx, number)
    for status, at, message in page:  # the whole page again: nothing refused, nothing added
        update = cx.cases.apply_status(number, status, at, message)
        assert not update.changed
    case = update.case
    assert case.state.value == "approved"
    assert _counts(cx, number) == before
    assert len(case.history) == 1 + len(page)


def test_a_new_platform_event_with_the_same_status_still_counts(cx):
    [number] = accept_cases(cx, 1)
    cx.cases.apply_status(number, "received", T0 + timedelta(minutes=5))
    cx.cases.apply_status(number, "received", T0 + timedelta(minutes=9), "重新接收")
    case = cx.cases.get(number, DESK)
    assert [h.action for h in case.history] == ["accept", "platform.received",
                                                "platform.received"]


def test_worker_rereading_the_feed_from_the_start_changes_nothing(cx, start_sim):
    sim = start_sim(progression=Progression(0, 0, deny_rate=0.0))
    numbers = accept_cases(cx, 2)
    assert make_worker(cx, sim).run_once(max_wait=3).feed.applied == 6
    before = [_counts(cx, n) for n in numbers]
    history = [cx.cases.get(n, DESK).history for n in numbers]
    sync = SyncService(cx.uow, cx.clock)
    for _ in range(2):  # killed before the cursor was stored: the feed is read again
        sync.set_state(FEED_CURSOR, "")
        moved = []
        feed = make_worker(cx, sim, callbacks=SyncCallbacks(
            on_case_status=lambda c, st: moved.append((c, st)))).run_once(max_wait=3).feed
        # counted apart, not as applied, and no case reported as moved
        assert (feed.applied, feed.unchanged, feed.cases, moved) == (0, 6, [], [])
    assert [_counts(cx, n) for n in numbers] == before
    assert [cx.cases.get(n, DESK).history for n in numbers] == history
    assert all(cx.cases.get(n, DESK).state.value == "approved" for n in numbers)
