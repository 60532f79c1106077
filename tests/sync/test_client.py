"""The platform client turns every answer into what the contract's table says; secrets;
retry policy. No server: httpx's MockTransport answers."""

from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import keyring
import pytest

from sync.client import (AuthFailed, BlobMissing, PlatformClient, Refused, SeqGap, Transient,
                         sniff_content_type)
from sync.events import referenced_blobs
from sync.retry import RetryPolicy, parse_retry_after
from sync import secrets as sec


def err(status: int, code: str, message: str = "中文说明", **extra) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message, "details": [], **extra})


def client_with(handler, tokens=None) -> PlatformClient:
    tokens = tokens if tokens is not None else []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            body = json.loads(request.content)
            assert body == {"client_id": "140802-001-01", "client_secret": "s3cret"}
            tokens.append(f"t{len(tokens)}")
            return httpx.Response(200, json={"access_token": tokens[-1], "token_type": "Bearer",
                                             "expires_in": 3600})
        return handler(request)

    return PlatformClient("https://platform.test/counter", "140802-001-01", lambda: "s3cret",
                          transport=httpx.MockTransport(route))


BODY = {"event_id": "e", "seq": 1, "type": "rated", "payload": {"level": 5}}
ECHO = {"event_id": "e", "seq": 1}  # what a 1.1 receipt echoes of BODY


@pytest.mark.parametrize("response, exc, check", [
    (err(400, "malformed_json"), Refused, lambda e: e.status == 400),
    (err(403, "forbidden"), Refused, lambda e: e.code == "forbidden"),
    (err(413, "too_large"), Refused, lambda e: e.status == 413),
    (err(422, "unknown_item", "事项编码不存在"), Refused, lambda e: e.message == "事项编码不存在"),
    (err(422, "blob_missing"), BlobMissing, lambda e: True),
    (err(409, "event_conflict"), Refused, lambda e: e.code == "event_conflict"),
    (err(409, "seq_gap", expected_seq=3), SeqGap, lambda e: e.expected_seq == 3),
    (httpx.Response(429, headers={"Retry-After": "7"}), Transient, lambda e: e.retry_after == 7),
    (err(503, "unavailable"), Transient, lambda e: e.retry_after is None),
    (httpx.Response(500, text="<html>oops</html>"), Transient, lambda e: "HTTP 500" in e.message),
    (httpx.Response(502), Transient, lambda e: True),
    (httpx.Response(504), Transient, lambda e: True),
    (httpx.Response(404, text="not here"), Transient, lambda e: True),  # a wrong address: never drop
])
def test_event_answers_are_classified(response, exc, check):
    c = client_with(lambda r: response)
    with pytest.raises(exc) as info:
        c.post_event("C1", BODY)
    assert check(info.value)
    assert not isinstance(info.value, Refused) or isinstance(info.value, exc)


def test_success_and_replay():
    c = client_with(lambda r: httpx.Response(201 if r.headers["Authorization"] == "Bearer t0" else 500,
                                             json={**ECHO, "received_at": "2026-11-20T09:30:01+08:00"}))
    receipt = c.post_event("C1", BODY)
    assert receipt.status == 201 and not receipt.replay
    c2 = client_with(lambda r: httpx.Response(200, json={**ECHO, "received_at": "x"}))
    assert c2.post_event("C1", BODY).replay


@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError,
                                      httpx.ReadError, httpx.WriteError])
def test_transport_problems_are_transient(exc_type):
    def boom(request):
        raise exc_type("boom", request=request)

    with pytest.raises(Transient):
        client_with(boom).post_event("C1", BODY)


def test_401_fetches_one_new_token_then_gives_up():
    tokens: list[str] = []
    seen = []

    def handler(r):
        seen.append(r.headers["Authorization"])
        return httpx.Response(201, json={**ECHO, "received_at": "x"}) \
            if r.headers["Authorization"] == "Bearer t1" \
            else err(401, "invalid_token")

    c = client_with(handler, tokens)
    assert c.post_event("C1", BODY).status == 201
    assert seen == ["Bearer t0", "Bearer t1"] and tokens == ["t0", "t1"]
    c2 = client_with(lambda r: err(401, "invalid_token"))
    with pytest.raises(AuthFailed):
        c2.post_event("C1", BODY)


def test_a_refused_secret_is_an_auth_failure():
    c = PlatformClient("https://p.test", "140802-001-01", lambda: "bad",
                       transport=httpx.MockTransport(lambda r: err(401, "invalid_client")))
    with pytest.raises(AuthFailed) as info:
        c.post_event("C1", BODY)
    assert "客户端" in info.value.message and "bad" not in info.value.message


CATALOG = json.dumps({"format": "counter-catalog", "catalog_version": "1", "items": [],
                      "fields": [], "materials": []}).encode()


def test_blobs_catalog_calendar_feed():
    def handler(r: httpx.Request):
        p = r.url.path.removeprefix("/counter/api/v1")
        if r.method == "HEAD":
            return httpx.Response(200, headers={"X-Content-SHA256": "a" * 64}) \
                if p.endswith("a" * 64) else httpx.Response(404)
        if r.method == "PUT":
            assert r.headers["Content-Type"] == "image/png"
            return httpx.Response(201, json={"sha256": "b" * 64})
        if p == "/catalog":
            if r.headers.get("If-None-Match") == '"v1"':
                return httpx.Response(304)
            return httpx.Response(200, content=CATALOG, headers={"ETag": '"v1"',
                                                                 "Content-Type": "application/json"})
        if p == "/calendar/2027":
            return httpx.Response(200, json={"year": 2027, "overrides": []})
        if p.startswith("/calendar/"):
            return err(404, "not_published")
        if p == "/status-feed":
            assert r.url.params["limit"] == "100" and r.url.params.get("after") == "5"
            return httpx.Response(200, json={"items": [{"case_no": "C1"}], "next": "6"})
        if p == "/elicences":
            return httpx.Response(200, json={"items": [{"type": "居民身份证", "number": "1"}]})
        if p == "/credit":
            return httpx.Response(200, json={"dishonest": True, "checked_at": "x"})
        return httpx.Response(500)

    c = client_with(handler)
    assert c.has_blob("a" * 64) and not c.has_blob("b" * 64)
    assert c.put_blob("b" * 64, b"\x89PNG\r\n\x1a\n....") == 201
    assert c.catalog() == (CATALOG, '"v1"') and c.catalog('"v1"') is None
    assert c.calendar(2027)["year"] == 2027 and c.calendar(2031) is None
    assert c.status_feed("5") == ([{"case_no": "C1"}], "6")
    assert c.elicences("person", "x")[0]["type"] == "居民身份证"
    assert c.credit("x")["dishonest"] is True


def test_local_limits_are_refused_before_sending():
    c = client_with(lambda r: pytest.fail("must not be sent"))
    with pytest.raises(Refused):
        c.put_blob("a" * 64, b"\0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(Refused):
        c.post_event("C1", {"payload": {"x": "很" * (400 * 1024)}})


def test_query_strings_never_reach_the_log(caplog):
    c = client_with(lambda r: httpx.Response(200, json={"items": []}))
    with caplog.at_level(logging.DEBUG):
        c.elicences("person", "140802198505170127")
    assert caplog.records, "httpx logs its requests"
    assert "140802198505170127" not in caplog.text


def test_content_types_and_blob_references():
    assert sniff_content_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_content_type(b"%PDF-1.7") == "application/pdf"
    assert sniff_content_type(b"hello") == "application/octet-stream"
    body = {"payload": {"materials": [{"blobs": ["a", "b"]}, {"blobs": ["a"]}], "notice_blob": None,
                        "signature_blob": "s", "tolerance": {"commitment_blob": "c"}}}
    assert referenced_blobs(body) == ["a", "b", "s", "c"]


# -- retry policy ------------------------------------------------------------------------------------

def test_backoff_is_exponential_jittered_and_capped():
    p = RetryPolicy(base=2, factor=2, cap=60, floor=0.5)
    rng = random.Random(1)
    for attempt, window in ((1, 2), (2, 4), (3, 8), (10, 60), (500, 60)):
        delays = [p.delay(attempt, rng) for _ in range(200)]
        assert all(0.5 <= d <= window for d in delays)
        assert max(delays) > window * 0.8  # jitter spreads over the window
    assert p.after(3, 7.0) == 7.0 and p.after(3, 10 ** 9) == p.max_retry_after


def test_retry_after_header_forms():
    now = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# -- secrets -------------------------------------------------------------------------------------------

def test_secret_from_the_environment_first(monkeypatch):
    monkeypatch.setenv(sec.ENV_VAR, "from-env")
    assert sec.get_client_secret("140802-001-01") == "from-env"


def test_secret_in_the_keyring(monkeypatch):
    monkeypatch.delenv(sec.ENV_VAR, raising=False)
    with pytest.raises(sec.SecretUnavailable) as info:
        sec.get_client_secret("140802-001-99")
    assert "同步配置" in info.value.message
    sec.set_client_secret("140802-001-99", "  abc  ")
    assert keyring.get_password(sec.SERVICE, "140802-001-99") == "abc"
    assert sec.get_client_secret("140802-001-99") == "abc" and sec.has_client_secret("140802-001-99")


def test_no_keyring_is_said_clearly_and_nothing_falls_back(monkeypatch, tmp_path):
    from keyring.backends import fail

    monkeypatch.delenv(sec.ENV_VAR, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(sec.SecretUnavailable) as info:
            sec.set_client_secret("140802-001-01", "abc")
        assert "没有可用的系统密钥环" in info.value.message and sec.ENV_VAR in info.value.message
        with pytest.raises(sec.SecretUnavailable):
            sec.get_client_secret("140802-001-01")
    finally:
        keyring.set_keyring(previous)


def test_plaintext_keyrings_are_refused(monkeypatch):
    from keyring.backend import KeyringBackend

    class Plain(KeyringBackend):
        priority = 1

        def get_password(self, s, u):
            return "x"

        def set_password(self, s, u, p):
            raise AssertionError("must not be written")

        def delete_password(self, s, u):
            pass

    Plain.__module__ = "keyrings.alt.file"
    monkeypatch.delenv(sec.ENV_VAR, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(Plain())
    try:
        with pytest.raises(sec.SecretUnavailable) as info:
            sec.set_client_secret("140802-001-01", "abc")
        assert "明文" in info.value.message
    finally:
        keyring.set_keyring(previous)
