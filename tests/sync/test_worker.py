"""The outbox worker against the in-process simulator: every answer handled as the contract says."""

from __future__ import annotations

import json
from datetime import date, timedelta

import httpx
from sqlalchemy import select, update

from counter.clock import FixedClock
from counter.services.sync import FEED_CURSOR, Outcome, SyncService
from counter.store.models import OutboxRow
from sync.simulator import FaultConfig, Progression
from sync.worker import SyncCallbacks
from tests.sync.helpers import (ADMIN, CLIENT_ID, SECRET, SUPERVISOR, T0, assert_platform_has_exactly,
                                backlog, fast_options, local_events, make_worker)
from tests.unit.cases.helpers import DESK


def states(ctx) -> dict[str, str]:
    return {e["case_no"] + f"#{e['seq']}": e["state"] for e in local_events(ctx).values()}


def test_a_backlog_with_pages_drains_exactly(cx, start_sim):
    sim = start_sim()
    backlog(cx, 12, events_per_case=4, pages=2)
    reports = []
    worker = make_worker(cx, sim, callbacks=SyncCallbacks(on_event=reports.append))
    summary = worker.run_once(max_wait=5)
    assert summary.acked == 48 and summary.refused == 0 and summary.replays == 0
    assert_platform_has_exactly(cx, sim)
    assert sim.store.blob_count() == 12 * 3  # two pages + one supplement page per case
    assert {r.kind for r in reports} == {"acked"} and len(reports) == 48
    assert not any(hasattr(r, "payload") for r in reports)
    assert summary.status.pending == 0 and summary.status.online is True
    # nothing left: a second run sends nothing
    assert make_worker(cx, sim).run_once(max_wait=1).acked == 0


def test_a_refused_case_does_not_hold_up_the_others(cx, start_sim):
    sim = start_sim()
    good = backlog(cx, 5, events_per_case=2, seed=1)
    bad = backlog(cx, 1, events_per_case=3, seed=2, prefix="X")
    # make the bad case's accepted event name an item the platform does not know
    with cx.uow() as u:
        row = u.session.scalars(select(OutboxRow).where(OutboxRow.case_no == bad[0],
                                                        OutboxRow.seq == 1)).one()
        payload = json.loads(row.payload)
        payload["items"][0]["code"] = "11140802XXXXXXXXXXXX0000000000000"
        row.payload = json.dumps(payload, ensure_ascii=False)
        u.commit()
    summary = make_worker(cx, sim).run_once(max_wait=3)
    assert summary.refused == 1 and summary.acked == 10
    st = states(cx)
    assert all(st[f"{c}#{s}"] == "acked" for c in good for s in (1, 2))
    assert [st[f"{bad[0]}#{s}"] for s in (1, 2, 3)] == ["refused", "pending", "pending"]
    service = SyncService(cx.uow, cx.clock)
    [refused] = service.refused(SUPERVISOR)
    assert refused.case_no == bad[0] and refused.code == "unknown_item" and refused.http_status == 422
    assert "事项编码" in refused.message and refused.held_back == 2
    assert refused.details[0]["path"] == "payload.items[0].code"
    assert service.case_sync(bad[0], SUPERVISOR).state == "refused"
    assert service.case_sync(good[0], SUPERVISOR).state == "synced"
    assert service.status().refused == 1


def test_resend_after_the_platform_learns_the_item(cx, start_sim):
    sim = start_sim()
    [case_no] = backlog(cx, 1, events_per_case=2)
    doc = json.loads(cx.catalog.export_document())
    keep = doc["items"][0]["code"]
    doc["items"] = doc["items"][1:]  # the platform's catalog lacks the item
    sim2 = start_sim(catalog=json.dumps(doc, ensure_ascii=False).encode())
    worker = make_worker(cx, sim2)
    assert worker.run_once(max_wait=2).refused == 1
    service = SyncService(cx.uow, cx.clock)
    [ev] = service.refused(SUPERVISOR)
    # publish it, then a person resends
    sim2.publish_catalog(cx.catalog.export_document())
    assert sim2.store.known_item(keep)
    service.resend(ev.event_id, ADMIN)
    summary = make_worker(cx, sim2).run_once(max_wait=2)
    assert summary.acked == 2 and summary.status.refused == 0
    assert_platform_has_exactly(cx, sim2)
    del sim


def test_event_conflict_is_refused_never_retried(cx, start_sim):
    sim = start_sim()
    [case_no] = backlog(cx, 1, events_per_case=1, pages=0)
    [ev] = local_events(cx).values()
    body = dict(ev["body"])
    body["payload"] = dict(body["payload"], answers={"changed": "yes"})
    with httpx.Client(base_url=sim.base_url + "/api/v1") as c:
        tok = c.post("/token", json={"client_id": CLIENT_ID, "client_secret": SECRET}).json()
        c.headers["Authorization"] = "Bearer " + tok["access_token"]
        assert c.post(f"/cases/{case_no}/events", json=body).status_code == 201
    summary = make_worker(cx, sim).run_once(max_wait=2)
    assert summary.refused == 1 and summary.failed == 0
    [refused] = SyncService(cx.uow, cx.clock).refused(SUPERVISOR)
    assert refused.code == "event_conflict" and refused.http_status == 409


def test_seq_gap_sends_the_missing_events_first(cx, start_sim):
    sim = start_sim()
    [case_no] = backlog(cx, 1, events_per_case=4)
    # the counter believes seq 1 and 2 were acknowledged, but the platform never got them
    with cx.uow() as u:
        u.session.execute(update(OutboxRow).where(OutboxRow.case_no == case_no,
                                                  OutboxRow.seq <= 2).values(state="acked"))
        u.commit()
    summary = make_worker(cx, sim).run_once(max_wait=3)
    assert summary.rewound == 1
    assert_platform_has_exactly(cx, sim)


def test_a_401_gets_one_new_token(cx, start_sim):
    sim = start_sim()
    backlog(cx, 3, events_per_case=1, seed=1)
    worker = make_worker(cx, sim)
    assert worker.run_once(max_wait=2).acked == 3
    sim.expire_tokens()
    backlog(cx, 3, events_per_case=1, seed=2, prefix="U")
    summary = worker.run_once(max_wait=2)
    assert summary.acked == 3 and summary.failed == 0
    assert_platform_has_exactly(cx, sim)


def test_wrong_secret_fails_and_retries_never_refuses(cx, start_sim):
    sim = start_sim()
    backlog(cx, 2, events_per_case=1)
    clock = FixedClock(T0)
    slept = []
    worker = make_worker(cx, sim, clock=clock, secret="wrong",
                         sleep=lambda s: (slept.append(s), clock.advance(seconds=s)))
    summary = worker.run_once(max_wait=0.5)
    assert summary.acked == 0 and summary.refused == 0 and summary.failed >= 2
    status = summary.status
    assert status.pending == 2 and status.online is False
    assert "凭据" in status.last_error


def test_retry_after_is_honoured_with_a_fake_sleep(cx, start_sim):
    sim = start_sim(faults=FaultConfig(rate=0.0, kinds=("429",), retry_after=7, after_share=0))
    backlog(cx, 1, events_per_case=1, pages=0)
    clock = FixedClock(T0)
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        clock.advance(seconds=seconds)
        sim.set_fault_rate(0.0)  # the platform recovers while we wait

    worker = make_worker(cx, sim, clock=clock, sleep=fake_sleep)
    worker.client.fetch_token()  # token first, then every request gets 429
    sim.set_fault_rate(1.0)
    summary = worker.run_once(max_wait=60)
    assert slept and slept[0] == 7.0
    assert summary.acked == 1 and summary.failed == 1
    assert_platform_has_exactly(cx, sim)


def test_backoff_grows_and_is_capped(cx, start_sim):
    from sync.retry import RetryPolicy

    sim = start_sim(faults=FaultConfig(rate=1.0, kinds=("500",), after_share=0))
    backlog(cx, 1, events_per_case=1, pages=0)
    clock = FixedClock(T0)
    slept: list[float] = []
    worker = make_worker(cx, sim, clock=clock,
                         options=fast_options(retry=RetryPolicy(base=1, factor=2, cap=8, floor=0.5)),
                         sleep=lambda s: (slept.append(s), clock.advance(seconds=s)))
    summary = worker.run_once(max_wait=120)
    assert summary.acked == 0 and summary.failed >= 8
    assert max(slept) <= 8.0 + 1e-6
    [ev] = local_events(cx).values()
    assert ev["state"] == "failed"
    row = SyncService(cx.uow, clock).case_sync(ev["case_no"], SUPERVISOR).events[0]
    assert row.attempts == summary.failed and "HTTP 500" in row.last_error


def test_a_missing_local_blob_needs_a_person(cx, start_sim):
    sim = start_sim()
    [case_no] = backlog(cx, 1, events_per_case=2, pages=1)
    [ev] = [e for e in local_events(cx).values() if e["seq"] == 1]
    digest = ev["body"]["payload"]["materials"][0]["blobs"][0]
    cx.blobs.path(digest).unlink()
    summary = make_worker(cx, sim).run_once(max_wait=2)
    assert summary.refused == 1
    [refused] = SyncService(cx.uow, cx.clock).refused(SUPERVISOR)
    assert refused.code == "local_blob_missing" and "附件" in refused.message


def test_blob_missing_on_the_platform_is_uploaded_again(cx, start_sim):
    sim = start_sim()
    backlog(cx, 1, events_per_case=1, pages=1)
    worker = make_worker(cx, sim)
    [ev] = local_events(cx).values()
    digest = ev["body"]["payload"]["materials"][0]["blobs"][0]
    worker._uploaded.add(digest)  # a stale cache: the worker believes the platform has it
    assert worker.run_once(max_wait=2).acked == 1
    assert sim.store.has_blob(digest)


def test_the_status_feed_moves_real_cases(cx, start_sim):
    from tests.sync.helpers import accept_cases

    sim = start_sim(progression=Progression(0, 0, deny_rate=0.0))
    numbers = accept_cases(cx, 3)
    moved = []
    worker = make_worker(cx, sim, callbacks=SyncCallbacks(
        on_case_status=lambda c, s: moved.append((c, s))))
    summary = worker.run_once(max_wait=3)
    assert summary.acked == 3 and summary.feed.applied == 9
    for n in numbers:
        case = cx.cases.get(n, DESK)
        assert case.state.value == "approved"
        assert "准予许可" in (case.status_message or "")
    assert (numbers[0], "approved") in moved
    cursor = SyncService(cx.uow, cx.clock).state(FEED_CURSOR)
    assert cursor == "9"
    # the result can now be handed out at any window
    clerk = cx.site.get().actor("c0012")
    assert cx.cases.pickup(numbers[0], clerk).state.value == "closed"
    # the pickup event reaches the platform too
    assert make_worker(cx, sim).run_once(max_wait=2).acked == 1
    assert_platform_has_exactly(cx, sim)


def test_catalog_and_calendar_are_pulled(cx, start_sim):
    sim = start_sim()
    doc = json.loads(cx.catalog.export_document())
    doc["catalog_version"] = "2026.12.01"
    sim.publish_catalog(json.dumps(doc, ensure_ascii=False).encode())
    from tests.store.test_calendar_service import YEAR_2027

    sim.publish_calendar(YEAR_2027)
    seen = []
    worker = make_worker(cx, sim, clock=FixedClock(T0),
                         callbacks=SyncCallbacks(on_catalog=seen.append, on_calendar=seen.append))
    summary = worker.run_once(max_wait=10)  # nothing to retry: returns after the pulls (which
    assert cx.catalog.active_version() == "2026.12.01"  # must start before max_wait, issue 12)
    assert summary.calendar_years == [2027] and 2027 in cx.calendar.known_years()
    assert "2026.12.01" in summary.catalog and 2027 in seen
    again = make_worker(cx, sim, clock=FixedClock(T0)).run_once(max_wait=10)
    assert again.catalog is None and again.calendar_years == []  # 304, year known


def test_an_implausible_downloaded_year_is_not_imported(cx, start_sim, caplog):
    sim = start_sim()
    sim.publish_calendar({"year": 2027, "overrides": [
        {"date": "2027-10-01", "workday": False, "name": "国庆节"}]})  # six festivals missing
    summary = make_worker(cx, sim, clock=FixedClock(T0)).run_once(max_wait=10)
    assert summary.calendar_years == [] and 2027 not in cx.calendar.known_years()
    assert cx.calendar.is_provisional(date(2027, 1, 4))  # still computed, still 预计
    assert "缺少春节" in caplog.text


def test_pulls_degrade_gracefully_when_the_platform_is_down(cx):
    from sync.client import PlatformClient
    from sync.worker import SyncWorker

    backlog(cx, 1, events_per_case=1, pages=0)
    clock = FixedClock(T0)
    client = PlatformClient("http://127.0.0.1:9", CLIENT_ID, lambda: SECRET, timeout=0.5)
    worker = SyncWorker(sync=SyncService(cx.uow, clock), cases=cx.cases, catalog=cx.catalog,
                        calendar=cx.calendar, blobs=cx.blobs, client=client, clock=clock,
                        options=fast_options(), sleep=lambda s: clock.advance(seconds=s))
    summary = worker.run_once(max_wait=1)
    assert summary.acked == 0 and summary.status.pending == 1 and summary.status.online is False
    assert any("状态回传" in e for e in summary.errors)
    assert any("无法连接" in e for e in summary.errors)


def test_run_forever_stops_cleanly(cx, start_sim):
    import threading

    sim = start_sim()
    backlog(cx, 4, events_per_case=2)
    statuses = []
    worker = make_worker(cx, sim, callbacks=SyncCallbacks(on_status=statuses.append))
    t = threading.Thread(target=worker.run_forever)
    t.start()
    try:
        for _ in range(100):
            if statuses and statuses[-1].pending == 0:
                break
            worker.wake()
            t.join(0.05)
        worker.stop()
        t.join(5)
    finally:
        worker.stop()
    assert not t.is_alive()
    assert_platform_has_exactly(cx, sim)


def test_claims_are_exclusive_until_released(cx):
    service = SyncService(cx.uow, cx.clock)
    backlog(cx, 3, events_per_case=2)
    a = service.claim("host:1:a", cases=2)
    b = service.claim("host:2:b", cases=5)
    assert len(a) == 2 and len(b) == 1
    assert {x.case_no for x in a}.isdisjoint({x.case_no for x in b})
    assert [e.seq for e in a[0].events] == [1, 2]
    assert service.claim("host:2:b") == []
    service.record("host:1:a", [Outcome(e.event_id, "released") for x in a for e in x.events],
                   release=[x.case_no for x in a])
    assert len(service.claim("host:2:b")) == 2
    # a lease runs out
    clock = FixedClock(T0)
    late = SyncService(cx.uow, clock)
    clock.advance(minutes=30)
    assert len(late.claim("host:3:c", lease=timedelta(minutes=2))) == 3
    assert late.release_claims(["host:3:c"]) == 3


def test_background_sync_waits_for_configuration_then_sends(cx, start_sim):
    import threading

    from sync.secrets import set_client_secret
    from sync.worker import BackgroundSync

    sim = start_sim()
    backlog(cx, 3, events_per_case=1)
    errors, statuses = [], []
    done = threading.Event()

    def on_status(st):
        statuses.append(st)
        if st.configured and st.pending == 0:
            done.set()

    bg = BackgroundSync(cx, SyncCallbacks(on_error=errors.append, on_status=on_status),
                        options=fast_options(), recheck=5)
    bg.start()
    try:
        for _ in range(100):
            if errors:
                break
            threading.Event().wait(0.02)
        assert errors and "未配置省级平台地址" in errors[0]
        SyncService(cx.uow, cx.clock).set_config(sim.base_url, actor=ADMIN)
        set_client_secret(cx.site.get().client_id, SECRET)
        bg.restart()
        assert done.wait(15)
        bg.wake()
    finally:
        bg.stop()
    assert_platform_has_exactly(cx, sim)
