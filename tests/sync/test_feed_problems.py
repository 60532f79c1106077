"""Poison status-feed items (平台数据问题): an item that does not have the documented shape, or
names a case this store does not know, is kept aside for a person and never stops the valid
items behind it; the cursor moves past it; reading the page again does not store it twice."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from counter.errors import CounterError
from counter.permissions import PermissionDenied
from counter.services.sync import FEED_CURSOR, SyncService
from counter.store.models import AuditRow
from sync.simulator import Progression
from tests.sync.helpers import ADMIN, SITE, SUPERVISOR, T0, accept_cases, make_worker
from tests.unit.cases.helpers import DESK

#: Only ``received`` is released while the test runs: the later statuses are the test's own.
SLOW = Progression(review_after=36_000, decide_after=36_000, deny_rate=0.0)


def _at(minutes: int) -> str:
    return (T0.replace(hour=10) + timedelta(minutes=minutes)).isoformat()


def _two_received(cx, start_sim):
    sim = start_sim(progression=SLOW)
    numbers = accept_cases(cx, 2)
    first = make_worker(cx, sim).run_once(max_wait=3)
    assert first.acked == 2 and first.feed.applied == 2  # 省级平台已接收 for both
    return sim, numbers


POISONS = [
    pytest.param("not an object", "不是 JSON 对象", id="a string"),
    pytest.param({"case_no": "X", "status": "in_review", "at": _at(1), "message": "审查中"},
                 "办件编号", id="not a case number"),
    pytest.param({"status": "in_review", "at": _at(1), "message": "审查中"}, "缺少办件编号",
                 id="no case number"),
    pytest.param({"case_no": None, "status": "IN-REVIEW", "at": _at(1), "message": "审查中"},
                 "缺少办件编号", id="null case number"),
    pytest.param({"case_no": "{no}", "status": "reviewing", "at": _at(1), "message": "x"},
                 "办件状态", id="unknown status"),
    pytest.param({"case_no": "{no}", "status": "in_review", "at": 1764000000, "message": "x"},
                 "时间", id="at is a number"),
    pytest.param({"case_no": "{no}", "status": "in_review", "at": "2026-11-20T10:01:00",
                  "message": "x"}, "时区", id="at without offset"),
    pytest.param({"case_no": "{no}", "status": "in_review", "at": "next tuesday", "message": "x"},
                 "时间", id="at not RFC 3339"),
    pytest.param({"case_no": "{no}", "status": "in_review", "at": _at(1),
                  "message": {"text": "审查中"}}, "说明", id="message an object"),
    pytest.param({"case_no": "{no}", "status": "in_review", "at": _at(1), "message": "长" * 5000},
                 "说明", id="message too long"),
    pytest.param({"case_no": "{no}", "status": "approved", "at": _at(1), "message": "准予",
                  "result": ["证照"]}, "result", id="result a list"),
]


@pytest.mark.parametrize("poison,reason", POISONS)
def test_a_poison_item_between_two_valid_ones_is_kept_aside(cx, start_sim, poison, reason):
    sim, (a, b) = _two_received(cx, start_sim)
    if isinstance(poison, dict) and poison.get("case_no") == "{no}":
        poison = dict(poison, case_no=a)
    sim.store.add_feed(a, SITE, "in_review", _at(2), "已分送审批部门审查。")
    sim.inject_feed_item(SITE, poison)
    sim.store.add_feed(b, SITE, "in_review", _at(3), "已分送审批部门审查。")
    last = sim.store._one("SELECT max(id) FROM feed")[0]

    run = make_worker(cx, sim).run_once(max_wait=3)

    # both valid items applied, the poison kept aside, the cursor past all three
    assert (run.feed.applied, run.feed.skipped) == (2, 1)
    assert cx.cases.get(a, DESK).state.value == "in_review"
    assert cx.cases.get(b, DESK).state.value == "in_review"
    sync = SyncService(cx.uow, cx.clock)
    assert sync.state(FEED_CURSOR) == str(last)
    [problem] = sync.feed_problems(SUPERVISOR)
    assert reason in problem.reason
    assert json.loads(problem.raw) == poison  # as the platform sent it
    assert not problem.truncated and problem.resolved_at is None
    assert sync.status().feed_problems == 1


def test_a_second_run_and_a_page_read_again_store_it_once(cx, start_sim):
    sim, (a, _b) = _two_received(cx, start_sim)
    poison = {"case_no": a, "status": "in_review", "at": "2026-11-20 10:01", "message": "x"}
    sim.inject_feed_item(SITE, poison)
    sim.store.add_feed(a, SITE, "in_review", _at(2), "已分送审批部门审查。")
    assert make_worker(cx, sim).run_once(max_wait=3).feed.skipped == 1
    assert make_worker(cx, sim).run_once(max_wait=3).feed.skipped == 0  # past it
    sync = SyncService(cx.uow, cx.clock)
    sync.set_state(FEED_CURSOR, "")  # a worker killed before it stored the cursor
    again = make_worker(cx, sim).run_once(max_wait=3).feed
    assert (again.applied, again.skipped) == (0, 0)
    assert len(sync.feed_problems(SUPERVISOR)) == 1


def test_an_unknown_case_is_kept_aside_not_dropped(cx, start_sim):
    from dataclasses import replace

    from counter.cases.numbering import parse_case_no

    sim, (a, _b) = _two_received(cx, start_sim)
    mine = parse_case_no(a)
    stranger = str(replace(mine, serial=mine.serial + 500))  # well formed, never issued here
    sim.inject_feed_item(SITE, {"case_no": stranger, "status": "approved", "at": _at(4),
                                "message": "准予许可"})
    assert make_worker(cx, sim).run_once(max_wait=3).feed.skipped == 1
    [problem] = SyncService(cx.uow, cx.clock).feed_problems(SUPERVISOR)
    assert problem.case_no == stranger and "本机没有该办件" in problem.reason


def test_an_oversized_item_is_stored_bounded(cx, start_sim):
    sim, (a, _b) = _two_received(cx, start_sim)
    sim.inject_feed_item(SITE, {"case_no": a, "status": "in_review", "at": _at(1),
                                "message": "长" * 200_000})
    assert make_worker(cx, sim).run_once(max_wait=3).feed.skipped == 1
    [problem] = SyncService(cx.uow, cx.clock).feed_problems(SUPERVISOR)
    assert problem.truncated and len(problem.raw) <= 8192 and problem.raw_size > 200_000


def test_resolving_is_audited_and_needs_the_permission(cx, start_sim):
    sim, (a, _b) = _two_received(cx, start_sim)
    sim.inject_feed_item(SITE, [1, 2, 3])
    make_worker(cx, sim).run_once(max_wait=3)
    sync = SyncService(cx.uow, cx.clock)
    [problem] = sync.feed_problems(ADMIN)
    clerk = cx.site.get().actor("c0012")
    with pytest.raises(PermissionDenied):
        sync.feed_problems(clerk)
    with pytest.raises(PermissionDenied):
        sync.resolve_feed_problem(problem.id, clerk)
    sync.resolve_feed_problem(problem.id, ADMIN)
    assert sync.status().feed_problems == 0
    assert sync.feed_problems(ADMIN) == []
    [done] = sync.feed_problems(ADMIN, include_resolved=True)
    assert done.resolved_by == ADMIN.user_id and done.resolved_at is not None
    with pytest.raises(CounterError):
        sync.resolve_feed_problem(problem.id, ADMIN)  # once only
    with cx.uow(read_only=True) as u:
        assert u.session.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.action == "sync.resolve_feed_problem", AuditRow.result == "ok")) == 1


def test_the_status_label_says_data_problem(cx):
    from counter.services.sync import SyncStatus

    base = dict(configured=True, online=True, pending=0, failed=0, refused=0,
                oldest_pending_at=None, last_success_at=None, last_attempt_at=None,
                last_error=None, platform_url="https://p")
    assert SyncStatus(**base).label.startswith("平台在线")
    assert SyncStatus(**base, feed_problems=2).label.startswith("平台数据异常")


def test_sync_once_says_so(cx, start_sim):
    """The command line (``sync --once``, ``sync status``) names the items kept aside."""
    from tests.cli_login import accounts
    from tests.sync.test_cli import run

    accounts(cx.data_dir)  # the sync service account logs in
    sim, (a, _b) = _two_received(cx, start_sim)
    sim.inject_feed_item(SITE, {"case_no": a, "status": 3, "at": _at(1), "message": "x"})
    d = str(cx.data_dir)
    r = run("sync", "--once", "--data-dir", d, "--platform-url", sim.base_url, "--max-wait", "3")
    assert "留待人工处理 1 条" in r.stdout, r.stderr
    assert r.returncode == 1  # something waits for a person (as with refused events)
    assert "平台数据异常：1 条状态回传未能应用" in r.stdout
    status = run("sync", "status", "--data-dir", d)
    assert status.stdout.startswith("平台数据异常"), status.stderr
    assert json.loads(run("sync", "status", "--json", "--data-dir", d).stdout)["feed_problems"] == 1
