"""The platform credit lookup (sync/credit.py) against the simulator, and every way it fails
turning into "could not check" (未能核查信用（离线）)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import httpx

from counter.credit import CreditStatus
from counter.ids import make_id_number
from counter.services.sync import SyncService
from sync.client import PlatformClient
from sync.credit import PlatformCreditChecker
from tests.sync.helpers import SECRET


def subject(seed: int = 1) -> str:
    """A valid ID number the simulator does not draw as dishonest by chance."""
    for n in range(seed, seed + 200):
        number = make_id_number("140802", date(1980, 1, 1), n)
        if hashlib.sha256(number.encode()).digest()[0] >= 3:
            return number
    raise AssertionError("no subject")


def configure(cx, url: str) -> None:
    """Save the platform address as an administrator would."""
    import inspect

    from counter.identity import Actor

    sync = SyncService(cx.uow, cx.clock)
    if "actor" in inspect.signature(sync.set_config).parameters:
        sync.set_config(url, actor=Actor("a0001", "admin", "140802-001", "01"))
    else:  # pragma: no cover - before the configuration named its actor
        sync.set_config(url)


def test_clear_and_dishonest_from_the_simulator(cx, start_sim, monkeypatch):
    sim = start_sim(client_secret=SECRET)
    monkeypatch.setenv("COUNTER_CLIENT_SECRET", SECRET)
    configure(cx, sim.base_url)
    checker = PlatformCreditChecker.from_context(cx)
    number = subject()
    clear = checker.check("111", number)
    assert clear.status is CreditStatus.CLEAR and clear.checked_at is not None
    sim.mark_dishonest(number)
    assert checker.check("111", number).status is CreditStatus.DISHONEST


def test_no_platform_configured(cx):
    result = PlatformCreditChecker.from_context(cx).check("111", subject())
    assert result.status is CreditStatus.UNCHECKED
    assert result.label == "未能核查信用（离线）：未配置省级平台地址"


def test_no_secret(cx, monkeypatch):
    monkeypatch.delenv("COUNTER_CLIENT_SECRET", raising=False)
    configure(cx, "http://127.0.0.1:9")
    result = PlatformCreditChecker.from_context(cx).check("111", subject())
    assert result.status is CreditStatus.UNCHECKED and result.note


def test_platform_unreachable(cx, start_sim, monkeypatch):
    sim = start_sim(client_secret=SECRET)
    url = sim.base_url
    sim.stop()
    monkeypatch.setenv("COUNTER_CLIENT_SECRET", SECRET)
    configure(cx, url)
    result = PlatformCreditChecker.from_context(cx, timeout=2).check("111", subject())
    assert result.status is CreditStatus.UNCHECKED
    assert "无法连接省级平台" in result.note


def _mock(handler) -> PlatformCreditChecker:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "token_type": "Bearer",
                                             "expires_in": 3600})
        return handler(request)

    return PlatformCreditChecker(lambda: PlatformClient(
        "https://platform.test/counter", "140802-001-01", lambda: "s",
        transport=httpx.MockTransport(route)))


def test_answers_it_cannot_use_count_as_unchecked():
    seen = []

    def odd(request):
        seen.append(request.url.params["subject_id"])
        return httpx.Response(200, json={"dishonest": "perhaps"})

    assert _mock(odd).check("111", "X1").status is CreditStatus.UNCHECKED
    assert seen == ["X1"]
    assert _mock(lambda r: httpx.Response(503)).check("111", "X").status is CreditStatus.UNCHECKED
    body = json.dumps({"code": "invalid_query", "message": "查询参数有误。", "details": []})
    refused = _mock(lambda r: httpx.Response(400, content=body.encode(), headers={
        "Content-Type": "application/json"})).check("111", "X")  # the contract's error body
    assert refused.status is CreditStatus.UNCHECKED
    proxy = _mock(lambda r: httpx.Response(400, content=body.encode())).check("111", "X")
    assert proxy.note == "平台应答不符合接口规范"  # not JSON: not the platform's word
    assert (refused.status, refused.note) == (CreditStatus.UNCHECKED, "查询参数有误。")
    ok = _mock(lambda r: httpx.Response(200, json={"dishonest": False,
                                                   "checked_at": "2026-11-20T09:30:00+08:00"}))
    assert ok.check("111", "X").checked_at.isoformat() == "2026-11-20T09:30:00+08:00"
