"""The store side of sync: configuration, status, refused events, case state, 日结."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, update

from counter.errors import CounterError, InvalidInput, NotFound
from counter.services.sync import Outcome, SyncService
from counter.store.models import OutboxRow
from tests.sync.helpers import (ADMIN, SUPERVISOR, T0, accept_cases, backlog, local_events,
                                notify_cases)


@pytest.fixture
def service(cx):
    return SyncService(cx.uow, cx.clock)


def test_configuration(service):
    assert service.config().platform_url is None
    assert service.status().label == "未配置省级平台地址"
    with pytest.raises(InvalidInput):
        service.set_config("ftp://example", actor=ADMIN)
    import certifi  # a real PEM file: a CA file is validated when it is set

    cfg = service.set_config("https://zwfw.example.gov.cn/counter/", certifi.where(), actor=ADMIN)
    assert cfg.platform_url == "https://zwfw.example.gov.cn/counter"
    assert service.config() == cfg
    assert service.status().configured and service.status().label.startswith("尚未连接平台")


def test_status_counts_and_label(cx, service):
    backlog(cx, 3, events_per_case=2, pages=0)
    [a, b, *_] = service.claim("h:1:x", cases=2)
    service.record("h:1:x", [Outcome(a.events[0].event_id, "acked"),
                             Outcome(a.events[1].event_id, "refused", message="平台拒收",
                                     http_status=422, code="invalid_event",
                                     details=[{"path": "payload", "message": "x"}]),
                             Outcome(b.events[0].event_id, "failed", message="超时",
                                     next_attempt_at=T0 + timedelta(minutes=5)),
                             Outcome(b.events[1].event_id, "released")],
                   release=[a.case_no, b.case_no], contact_ok=False, contact_error="超时")
    st = service.status()
    assert (st.pending, st.failed, st.refused) == (4, 1, 1)
    assert st.online is False and st.last_error == "超时" and st.oldest_pending_at is not None
    assert "拒收 1 条待处理" in st.label
    syncs = service.case_syncs([a.case_no, b.case_no, "NOPE"], SUPERVISOR)
    assert syncs[a.case_no].state == "refused" and syncs[a.case_no].message == "平台拒收"
    assert syncs[b.case_no].state == "failed" and syncs[b.case_no].label == "发送失败，将重试"
    assert syncs["NOPE"].state == "none"
    assert service.next_due() is not None
    service.note_contact(True)
    assert service.status().online is True and service.status().last_error is None


def test_resend(cx, service):
    backlog(cx, 1, events_per_case=1, pages=0)
    [batch] = service.claim("h:1:x")
    ev = batch.events[0]
    with pytest.raises(CounterError):
        service.resend(ev.event_id, ADMIN)  # not refused
    service.record("h:1:x", [Outcome(ev.event_id, "refused", message="不行", http_status=403,
                                     code="forbidden")], release=[batch.case_no])
    assert service.claim("h:1:x") == []  # held back until a person acts
    assert service.next_due() is None
    service.resend(ev.event_id, ADMIN)
    assert service.refused(SUPERVISOR) == []
    assert [b.case_no for b in service.claim("h:1:x")] == [batch.case_no]
    with pytest.raises(NotFound):
        service.resend("no-such-event", ADMIN)


def test_a_rewind_with_nothing_to_resend_backs_off(cx, service):
    backlog(cx, 1, events_per_case=1, pages=0)
    [batch] = service.claim("h:1:x")
    ev = batch.events[0]
    service.record("h:1:x", [Outcome(ev.event_id, "rewind", rewind_to=1, message="序号",
                                     next_attempt_at=T0 + timedelta(minutes=1))],
                   release=[batch.case_no])
    [row] = local_events(cx).values()
    assert row["state"] == "failed"


def test_daily_reconciliation(cx, service):
    accepted = accept_cases(cx, 3)
    notified = notify_cases(cx, 2)
    day = T0.date()
    r = service.reconcile(day, SUPERVISOR)
    assert [(l.type, l.local, l.acked, l.pending) for l in r.decisions] == [
        ("accepted", 3, 0, 3), ("notified", 2, 0, 2), ("rejected", 0, 0, 0)]
    assert not r.balanced and len(r.differences) == 5
    # the platform acknowledges all but one accepted case
    with cx.uow() as u:
        u.session.execute(update(OutboxRow).where(OutboxRow.case_no != accepted[0])
                          .values(state="acked"))
        u.commit()
    r = service.reconcile(day, SUPERVISOR)
    assert [d.case_no for d in r.differences] == [accepted[0]]
    assert r.decisions[0].difference == 1 and r.differences[0].reason.startswith("待发送")
    # a decided case without its event shows too
    with cx.uow() as u:
        u.session.execute(update(OutboxRow).values(state="acked"))
        u.session.execute(delete(OutboxRow).where(OutboxRow.case_no == notified[0]))
        u.commit()
    r = service.reconcile(day, SUPERVISOR)
    assert [(d.case_no, d.state) for d in r.differences] == [(notified[0], "missing")]
    assert service.reconcile(day + timedelta(days=1), SUPERVISOR).balanced
    assert service.reconcile(date(2026, 11, 19), SUPERVISOR).decisions[0].local == 0
