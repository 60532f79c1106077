"""The platform's answers are checked, never assumed (contract 1.1, issue 12).

A proxy answering ``200 text/html``, a receipt echoing another event, a ``HEAD`` without the
hash header, a server dripping its answer a byte at a time, an ``http://`` address, forged log
lines in the platform's text: none of them makes the counter believe more than it should.
"""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest
from sqlalchemy import select

from counter.errors import InvalidInput
from counter.logsafe import platform_text
from counter.services.sync import SyncService
from counter.store.models import AuditRow
from sync.client import NON_CONFORMING, NonConforming, PlatformClient, Transient
from sync.events import referenced_blobs
from sync.worker import SyncWorker
from tests.sync.helpers import (ADMIN, SUPERVISOR, T0, accept_cases, backlog, fast_options,
                                local_events, make_worker)

FORGED = "\n2026-01-01 INFO forged"


def _states(ctx) -> set[str]:
    return {e["state"] for e in local_events(ctx).values()}


# -- an HTML proxy, a wrong echo ----------------------------------------------------------------

def test_an_html_proxy_delivers_nothing_and_reconciliation_shows_it(cx, start_sim):
    sim = start_sim()
    worker = make_worker(cx, sim)
    worker.run_once(max_wait=5)  # the platform is reached once (pulls): the token is kept
    cases = accept_cases(cx, 3)
    sim.set_answer_mode("html")  # a captive portal / proxy answers in the platform's name
    summary = worker.run_once(max_wait=2)
    assert summary.acked == 0 and summary.failed >= 3
    assert "acked" not in _states(cx)
    assert sim.store.next_seq(cases[0]) == 1  # nothing reached the platform
    status = worker.sync.status()
    assert NON_CONFORMING in status.last_error and status.online is False
    r = worker.sync.reconcile(T0.date(), SUPERVISOR)
    assert not r.balanced and r.decisions[0].acked == 0
    assert sorted(d.case_no for d in r.differences) == sorted(cases)
    assert all(NON_CONFORMING in d.reason for d in r.differences)
    # the portal goes away: everything is delivered and the day balances
    sim.set_answer_mode("normal")
    _due_now(cx)
    summary = worker.run_once(max_wait=5)
    assert summary.acked == 3
    assert worker.sync.reconcile(T0.date(), SUPERVISOR).balanced


def _due_now(ctx) -> None:
    from sqlalchemy import update

    from counter.store.models import OutboxRow

    with ctx.uow() as u:
        u.session.execute(update(OutboxRow).values(next_attempt_at=None))
        u.commit()


def test_a_receipt_with_another_event_id_or_seq_is_not_a_delivery(cx, start_sim):
    sim = start_sim()
    backlog(cx, 2, events_per_case=1, pages=0)
    sim.set_answer_mode("wrong_echo")
    worker = make_worker(cx, sim)
    summary = worker.run_once(max_wait=2)
    assert summary.acked == 0 and _states(cx) == {"failed"}
    from counter.store.models import OutboxRow

    with cx.uow(read_only=True) as u:
        errors = list(u.session.scalars(select(OutboxRow.last_error)))
    assert errors and all(NON_CONFORMING in e for e in errors)
    sim.set_answer_mode("normal")
    _due_now(cx)
    assert worker.run_once(max_wait=5).acked == 2  # stored before: the replay's 200 counts now


def test_the_simulator_speaks_1_1(start_sim):
    sim = start_sim()
    c = PlatformClient(sim.base_url, "140802-001-01", lambda: "platform-sim-secret")
    data = b"\x89PNG\r\n\x1a\n" + b"x" * 50
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    assert not c.has_blob(digest)
    assert c.put_blob(digest, data) == 201 and c.put_blob(digest, data) == 200
    assert c.has_blob(digest)  # only with the X-Content-SHA256 header
    c.close()


# -- HEAD without the header ----------------------------------------------------------------

def _ok_token(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 60})


def test_a_head_without_the_hash_header_means_not_stored_and_the_blob_is_uploaded(cx):
    backlog(cx, 2, events_per_case=1, pages=2)
    put: list[str] = []

    def handler(r: httpx.Request) -> httpx.Response:
        path = r.url.path.removeprefix("/counter/api/v1")
        if path == "/token":
            return _ok_token(r)
        if r.method == "HEAD":
            return httpx.Response(200)  # a gateway: 200, but no X-Content-SHA256
        if r.method == "PUT":
            digest = path.rsplit("/", 1)[1]
            put.append(digest)
            return httpx.Response(201, json={"sha256": digest})
        if r.method == "POST":
            body = json.loads(r.content)
            return httpx.Response(201, json={"event_id": body["event_id"], "seq": body["seq"],
                                             "received_at": "2026-11-20T09:30:01+08:00"})
        return httpx.Response(404, json={"code": "not_found", "message": "无"})

    client = PlatformClient("https://platform.test/counter", "140802-001-01", lambda: "s",
                            transport=httpx.MockTransport(handler))
    sync = SyncService(cx.uow, cx.clock)
    worker = SyncWorker(sync=sync, cases=cx.cases, catalog=cx.catalog, calendar=cx.calendar,
                        blobs=cx.blobs, client=client, clock=cx.clock, options=fast_options())
    summary = worker.run_once(max_wait=1, pull=False)
    wanted = {d for e in local_events(cx).values() for d in referenced_blobs(e["body"])}
    assert wanted and set(put) == wanted
    assert summary.acked == 2


def test_a_put_answer_without_the_echoed_hash_is_not_stored():
    def handler(r: httpx.Request) -> httpx.Response:
        if r.url.path.endswith("/token"):
            return _ok_token(r)
        return httpx.Response(201, json={"sha256": "0" * 64})

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    with pytest.raises(NonConforming):
        c.put_blob("a" * 64, b"%PDF-1.4 x")


@pytest.mark.parametrize("response", [
    httpx.Response(201, text="<html>ok</html>", headers={"Content-Type": "text/html"}),
    httpx.Response(201, content=b"", headers={"Content-Type": "application/json"}),
    httpx.Response(201, content=b'{"event_id": "e", "se', headers={"Content-Type": "application/json"}),
    httpx.Response(201, content=b'{"event_id": "e", "seq": 1, "received_at": "x"}',
                   headers={"Content-Type": "text/plain"}),
    httpx.Response(201, json={"event_id": "e", "seq": "1", "received_at": "x"}),
    httpx.Response(201, json={"event_id": "e", "seq": True, "received_at": "x"}),
    httpx.Response(200, json={"event_id": "f", "seq": 1, "received_at": "x"}),
    httpx.Response(200, json={"event_id": "e", "seq": 1}),
    httpx.Response(200, json=[{"event_id": "e", "seq": 1, "received_at": "x"}]),
])
def test_event_answers_that_are_not_the_documented_one_are_transient(response):
    def handler(r: httpx.Request) -> httpx.Response:
        return _ok_token(r) if r.url.path.endswith("/token") else response

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    with pytest.raises(Transient) as info:
        c.post_event("C1", {"event_id": "e", "seq": 1, "type": "rated"})
    assert info.value.message == NON_CONFORMING


@pytest.mark.parametrize("response", [
    httpx.Response(403, text="<html>Access denied by proxy</html>", headers={"Content-Type": "text/html"}),
    httpx.Response(422, content=b""),
    httpx.Response(409, json={"expected_seq": 1}),
    httpx.Response(400, json={"code": 400, "message": "x"}),
])
def test_a_refusal_needs_the_documented_error_body(response):
    def handler(r: httpx.Request) -> httpx.Response:
        return _ok_token(r) if r.url.path.endswith("/token") else response

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    with pytest.raises(NonConforming):  # transient: retried, never refused
        c.post_event("C1", {"event_id": "e", "seq": 1, "type": "rated"})


@pytest.mark.parametrize("method, path, body", [
    ("token", "/token", {"access_token": "t", "token_type": "Bearer"}),
    ("token", "/token", {"access_token": 5, "token_type": "Bearer", "expires_in": 60}),
    ("credit", "/credit", {"dishonest": "no", "checked_at": "x"}),
    ("calendar", "/calendar/2027", {"year": 2028, "overrides": []}),
    ("calendar", "/calendar/2027", {"year": 2027, "overrides": [{"date": "x", "workday": 1}]}),
    ("elicences", "/elicences", {"items": [{"type": 1}]}),
    ("feed", "/status-feed", {"items": {}, "next": "1"}),
    ("feed", "/status-feed", {"items": [], "next": 1}),
    ("feed", "/status-feed", {"items": [{}] * 101, "next": "1"}),
    ("catalog", "/catalog", {"format": "other"}),
])
def test_every_json_answer_is_validated(method, path, body):
    def handler(r: httpx.Request) -> httpx.Response:
        p = r.url.path.removeprefix("/api/v1")
        if p == "/token" and method != "token":
            return _ok_token(r)
        return httpx.Response(200, json=body) if p == path else httpx.Response(500)

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    call = {"token": c.fetch_token, "credit": lambda: c.credit("x"),
            "calendar": lambda: c.calendar(2027), "elicences": lambda: c.elicences("person", "x"),
            "feed": lambda: c.status_feed(None), "catalog": c.catalog}[method]
    with pytest.raises(NonConforming):
        call()


def test_an_answer_over_its_cap_is_never_read_whole():
    sent = []

    class Endless(httpx.SyncByteStream):
        def __iter__(self):
            for _ in range(10_000):  # 640 MB if read whole
                sent.append(1)
                yield b"x" * 65536

    def handler(r: httpx.Request) -> httpx.Response:
        if r.url.path.endswith("/token"):
            return _ok_token(r)
        return httpx.Response(200, headers={"Content-Type": "application/json"}, stream=Endless())

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    with pytest.raises(NonConforming):
        c.credit("x")
    assert len(sent) <= 1024 * 1024 // 65536 + 2
    sent.clear()
    with pytest.raises(NonConforming):
        c.catalog()
    assert len(sent) <= 32 * 1024 * 1024 // 65536 + 2


# -- a dripping server ----------------------------------------------------------------------------

def test_a_dripping_server_cannot_hold_sync_once(cx, start_sim):
    sim = start_sim()
    backlog(cx, 3, events_per_case=2, pages=1)
    sim.set_answer_mode("drip", drip_interval=0.2)  # each byte within any read timeout
    worker = make_worker(cx, sim, timeout=3.0)
    started = time.monotonic()
    summary = worker.run_once(max_wait=2.0)
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"sync --once took {elapsed:.1f} s"
    assert summary.acked == 0 and "acked" not in _states(cx)


# -- https, the CA file, the audited address ------------------------------------------------------

@pytest.mark.parametrize("url", ["http://zwfw.example.gov.cn/counter", "http://10.0.0.5:8080",
                                 "ftp://zwfw.example.gov.cn", "https://user:pw@zwfw.example.gov.cn",
                                 "http://127.0.0.1.evil.example/x"])
def test_plain_http_to_another_host_is_refused(cx, url):
    with pytest.raises(InvalidInput):
        PlatformClient(url, "140802-001-01", lambda: "s")
    with pytest.raises(InvalidInput):
        cx.sync.set_config(url, actor=ADMIN)
    assert cx.sync.config().platform_url is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:9/x", "http://[::1]:9",
                                 "https://zwfw.example.gov.cn/counter/"])
def test_https_and_loopback_are_accepted(cx, url):
    PlatformClient(url, "140802-001-01", lambda: "s").close()
    assert cx.sync.set_config(url, actor=ADMIN).platform_url == url.rstrip("/")


def test_a_ca_file_is_validated(cx, tmp_path):
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")
    with pytest.raises(InvalidInput):
        cx.sync.set_config("https://zwfw.example.gov.cn", str(bogus), actor=ADMIN)
    with pytest.raises(InvalidInput):
        cx.sync.set_config("https://zwfw.example.gov.cn", str(tmp_path / "missing.pem"), actor=ADMIN)
    with pytest.raises(Transient):
        PlatformClient("https://p.test", "x", lambda: "s", ca_file=str(bogus))


def test_the_tls_context_always_verifies(start_sim):
    sim = start_sim(tls=True)
    c = PlatformClient(sim.base_url, "140802-001-01", lambda: "platform-sim-secret")
    with pytest.raises(Transient):  # the simulator's own CA is not trusted without the file
        c.fetch_token()
    c.close()
    c = PlatformClient(sim.base_url, "140802-001-01", lambda: "platform-sim-secret",
                       ca_file=str(sim.ca_file))
    assert c.fetch_token()
    c.close()


def test_changing_the_platform_address_is_audited_with_old_and_new(cx):
    cx.sync.set_config("https://old.example.gov.cn/counter", actor=ADMIN)
    cx.sync.set_config("https://new.example.gov.cn/counter", actor=ADMIN)
    with cx.uow(read_only=True) as u:
        rows = u.session.scalars(select(AuditRow).where(AuditRow.action == "platform.configure")
                                 .order_by(AuditRow.seq)).all()
    details = [r.detail if isinstance(r.detail, dict) else json.loads(r.detail) for r in rows]
    assert details[-1]["old_url"] == "https://old.example.gov.cn/counter"
    assert details[-1]["new_url"] == "https://new.example.gov.cn/counter"
    assert details[-2]["old_url"] is None and rows[-1].user_id == ADMIN.user_id


# -- platform text in the log ----------------------------------------------------------------------

def test_platform_text_is_escaped_and_bounded():
    assert platform_text("维护中" + FORGED) == "维护中\\n2026-01-01 INFO forged"
    assert "\r" not in platform_text("a\rb\x1b[31m\u2028c") and "\\x1b" in platform_text("\x1b")
    assert platform_text("x" * 5000).endswith("…") and len(platform_text("x" * 5000)) == 201
    assert platform_text(None) == "-"


def test_a_platform_message_cannot_forge_log_lines(cx, caplog):
    backlog(cx, 1, events_per_case=1, pages=0)

    def handler(r: httpx.Request) -> httpx.Response:
        path = r.url.path.removeprefix("/counter/api/v1")
        if path == "/token":
            return _ok_token(r)
        if r.method == "POST":
            return httpx.Response(422, json={"code": "bad" + FORGED, "message": "不对" + FORGED,
                                             "details": []})
        return httpx.Response(503, json={"code": "down" + FORGED, "message": "维护" + FORGED,
                                         "details": []})

    client = PlatformClient("https://platform.test/counter", "140802-001-01", lambda: "s",
                            transport=httpx.MockTransport(handler))
    sync = SyncService(cx.uow, cx.clock)
    worker = SyncWorker(sync=sync, cases=cx.cases, catalog=cx.catalog, calendar=cx.calendar,
                        blobs=cx.blobs, client=client, clock=cx.clock, options=fast_options())
    with caplog.at_level(logging.DEBUG):
        summary = worker.run_once(max_wait=5)  # nothing to retry: returns after the pulls
    assert summary.refused == 1 and summary.errors
    logged = [r.getMessage() for r in caplog.records]
    assert any("forged" in m for m in logged), "the platform's codes are logged"
    assert not any("\n" in m or "\r" in m for m in logged), logged


def test_an_http_address_stored_before_the_rule_stops_background_sync_with_the_reason(cx, monkeypatch):
    import threading

    from counter.services.sync import URL_KEY
    from counter.store.models import SettingRow
    from sync.worker import BackgroundSync, SyncCallbacks

    monkeypatch.setenv("COUNTER_CLIENT_SECRET", "s")
    with cx.uow() as u:  # written by an older version, which allowed it
        u.session.merge(SettingRow(key=URL_KEY, value="http://zwfw.example.gov.cn/counter"))
        u.commit()
    said: list[str] = []
    heard = threading.Event()

    def on_error(message: str) -> None:
        said.append(message)
        heard.set()

    background = BackgroundSync(cx, SyncCallbacks(on_error=on_error), recheck=60)
    background.start()
    try:
        assert heard.wait(10)
    finally:
        background.stop()
    assert "https://" in said[0]


def test_the_deadline_holds_while_the_headers_drip_in():
    """httpx's timeouts are per read: a server sending its status line a byte at a time,
    each byte well within the read timeout, is cut off at the call's total deadline."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 400 + b"\r\n"
            for i in range(len(head)):
                if stop.wait(0.1):
                    return
                try:
                    conn.sendall(head[i:i + 1])
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    c = PlatformClient(f"http://127.0.0.1:{server.getsockname()[1]}", "140802-001-01",
                       lambda: "s", timeout=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(Transient):
            c.fetch_token()
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        c.close()
        server.close()
        thread.join(5)
    assert elapsed < 3, f"the call took {elapsed:.1f} s"


def test_a_head_announcing_the_blob_size_is_fine():
    def handler(r: httpx.Request) -> httpx.Response:
        if r.url.path.endswith("/token"):
            return _ok_token(r)
        return httpx.Response(200, headers={"X-Content-SHA256": "a" * 64,
                                            "Content-Length": str(15 * 1024 * 1024)})

    c = PlatformClient("https://p.test", "140802-001-01", lambda: "s",
                       transport=httpx.MockTransport(handler))
    assert c.has_blob("a" * 64)
