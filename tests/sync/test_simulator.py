"""The simulated platform speaks the contract: every endpoint and every documented status."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date

import httpx
import pytest

from counter.ids import make_id_number
from sync.simulator import FaultConfig, Progression
from tests.sync.helpers import CARD, CLIENT_ID, SECRET, SITE


_DEFAULT_TLS = __import__("ssl").create_default_context()  # built once: httpx would per client


def api(sim, token: str | None = None, **kw) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    verify = _DEFAULT_TLS
    if sim.ca_file is not None:
        import ssl

        verify = ssl.create_default_context(cafile=str(sim.ca_file))
    return httpx.Client(base_url=sim.base_url + "/api/v1", headers=headers, verify=verify,
                        timeout=5, **kw)


def token(sim, client_id: str = CLIENT_ID) -> str:
    with api(sim) as c:
        r = c.post("/token", json={"client_id": client_id, "client_secret": SECRET})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    return body["access_token"]


@pytest.fixture
def sim(start_sim):
    return start_sim(progression=Progression(0, 0, deny_rate=0.0))


@pytest.fixture
def c(sim):
    with api(sim, token(sim)) as client:
        yield client


def put(c, data: bytes, ctype: str = "image/jpeg") -> httpx.Response:
    return c.put(f"/blobs/{hashlib.sha256(data).hexdigest()}", content=data,
                 headers={"Content-Type": ctype})


def accepted(case_no: str = "C1", *, seq: int = 1, blobs=(), code: str = CARD,
             id_number: str | None = None, site: str = SITE) -> dict:
    person = id_number or make_id_number("140802", date(1985, 5, 17), 12)
    return {"event_id": str(uuid.uuid4()), "seq": seq, "type": "accepted",
            "occurred_at": "2026-11-20T09:30:00+08:00",
            "actor": {"user_id": "c0012", "role": "clerk", "site": site, "counter": "01"},
            "payload": {"items": [{"code": code, "name": "社会保障卡申领"}],
                        "applicant": {"type": "person", "name": "王芳", "id_type": "111",
                                      "id_number": person},
                        "contact": {"name": "王芳", "mobile": "13800138000"}, "form": {},
                        "answers": {},
                        "materials": [{"material": "M-ID-CARD", "status": "received",
                                       "copies": 1, "original": "check", "blobs": list(blobs)}],
                        "accepted_at": "2026-11-20T09:30:00+08:00",
                        "promised_at": "2026-12-04T17:30:00+08:00",
                        "query_password_hash": "x"}}


def rated(seq: int, level: int = 5) -> dict:
    return {"event_id": str(uuid.uuid4()), "seq": seq, "type": "rated",
            "occurred_at": "2026-11-20T10:00:00+08:00",
            "actor": {"user_id": "c0012", "role": "clerk", "site": SITE, "counter": "01"},
            "payload": {"level": level}}


def error_body(r: httpx.Response) -> dict:
    body = r.json()
    assert set(body) >= {"code", "message", "details"}
    assert isinstance(body["details"], list)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), "message is Chinese"
    return body


# -- auth ---------------------------------------------------------------------------------------

def test_token_needs_a_valid_client_and_secret(sim):
    with api(sim) as c:
        assert c.post("/token", json={"client_id": CLIENT_ID, "client_secret": "wrong"}).status_code == 401
        assert c.post("/token", json={"client_id": "nonsense", "client_secret": SECRET}).status_code == 401
        r = c.post("/token", content=b"{not json", headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and error_body(r)["code"] == "malformed_json"
        r = c.get("/catalog")
        assert r.status_code == 401 and error_body(r)["code"] == "invalid_token"
        r = c.get("/catalog", headers={"Authorization": "Bearer forged"})
        assert r.status_code == 401


def test_expired_tokens_are_refused(sim, c):
    assert c.get("/catalog").status_code == 200
    sim.expire_tokens()
    assert c.get("/catalog").status_code == 401


# -- catalog, calendar, lookups ------------------------------------------------------------------

def test_catalog_with_etag(sim, c):
    r = c.get("/catalog")
    assert r.status_code == 200 and r.headers["ETag"].startswith('"')
    assert json.loads(r.content)["format"] == "counter-catalog"
    assert c.get("/catalog", headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    doc = json.loads(r.content)
    doc["catalog_version"] = "2099.01.01"
    sim.publish_catalog(json.dumps(doc, ensure_ascii=False).encode())
    r2 = c.get("/catalog", headers={"If-None-Match": r.headers["ETag"]})
    assert r2.status_code == 200 and r2.headers["ETag"] != r.headers["ETag"]


def test_calendar_published_builtin_and_unknown(sim, c):
    assert c.get("/calendar/2026").json()["year"] == 2026
    r = c.get("/calendar/2031")
    assert r.status_code == 404 and error_body(r)["code"] == "not_published"
    sim.publish_calendar({"year": 2031, "overrides": [{"date": "2031-10-01", "workday": False,
                                                       "name": "国庆节"}]})
    assert c.get("/calendar/2031").json()["overrides"][0]["name"] == "国庆节"
    assert c.get("/calendar/20x1").status_code == 400


def test_lookups(sim, c):
    person = make_id_number("140802", date(1990, 1, 2), 3)
    r = c.get("/elicences", params={"holder_type": "person", "holder_id": person})
    items = r.json()["items"]
    assert r.status_code == 200 and items[0]["type"] == "居民身份证"
    assert set(items[0]) == {"type", "number", "holder_name", "issuer", "valid_until"}
    assert c.get("/elicences", params={"holder_type": "alien"}).status_code == 400
    r = c.get("/credit", params={"subject_id": person})
    assert r.status_code == 200 and r.json()["dishonest"] is False
    sim.mark_dishonest(person)
    assert c.get("/credit", params={"subject_id": person}).json()["dishonest"] is True
    assert c.get("/credit").status_code == 400


# -- blobs ----------------------------------------------------------------------------------------

def test_blobs_head_and_put(c):
    data = b"\xff\xd8\xff" + b"page" * 100
    digest = hashlib.sha256(data).hexdigest()
    assert c.head(f"/blobs/{digest}").status_code == 404
    assert put(c, data).status_code == 201
    assert put(c, data).status_code == 200  # idempotent
    assert c.head(f"/blobs/{digest}").status_code == 200
    r = c.put(f"/blobs/{'0' * 64}", content=data, headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 422 and error_body(r)["code"] == "hash_mismatch"
    r = put(c, b"plain text", "text/plain")
    assert r.status_code == 422 and error_body(r)["code"] == "unsupported_media_type"


def test_blobs_above_20_mib_are_too_large(c):
    data = b"\0" * (20 * 1024 * 1024 + 1)
    r = put(c, data, "application/pdf")
    assert r.status_code == 413 and error_body(r)["code"] == "too_large"


# -- events ---------------------------------------------------------------------------------------

def test_event_stored_then_replayed(sim, c):
    ev = accepted()
    r = c.post("/cases/C1/events", json=ev)
    assert r.status_code == 201 and r.json()["received_at"].endswith("+08:00")
    again = c.post("/cases/C1/events", json=ev)
    assert again.status_code == 200 and again.json() == r.json()
    assert [e.seq for e in sim.store.events("C1")] == [1]


def test_changed_body_under_the_same_event_id_is_a_conflict(c):
    ev = accepted()
    assert c.post("/cases/C1/events", json=ev).status_code == 201
    ev["payload"]["contact"]["mobile"] = "13900139000"
    r = c.post("/cases/C1/events", json=ev)
    assert r.status_code == 409 and error_body(r)["code"] == "event_conflict"
    other = accepted()  # a different event for a seq already taken
    r = c.post("/cases/C1/events", json=other)
    assert r.status_code == 409 and r.json()["code"] == "event_conflict"


def test_seq_gap_names_the_expected_seq(c):
    r = c.post("/cases/C1/events", json=rated(3))
    body = error_body(r)
    assert r.status_code == 409 and body["code"] == "seq_gap" and body["expected_seq"] == 1
    assert c.post("/cases/C1/events", json=accepted()).status_code == 201
    r = c.post("/cases/C1/events", json=rated(3))
    assert r.json()["expected_seq"] == 2
    assert c.post("/cases/C1/events", json=rated(2)).status_code == 201
    assert c.post("/cases/C1/events", json=rated(3)).status_code == 201


def test_blob_missing_until_uploaded(c):
    data = b"\xff\xd8\xff" + b"x" * 50
    ev = accepted(blobs=[hashlib.sha256(data).hexdigest()])
    r = c.post("/cases/C1/events", json=ev)
    body = error_body(r)
    assert r.status_code == 422 and body["code"] == "blob_missing"
    assert body["details"][0]["path"] == "payload.materials[0].blobs[0]"
    put(c, data)
    assert c.post("/cases/C1/events", json=ev).status_code == 201


@pytest.mark.parametrize("change, code, path", [
    (lambda e: e["payload"]["items"][0].update(code="NO-SUCH-ITEM"), "unknown_item",
     "payload.items[0].code"),
    (lambda e: e["payload"]["applicant"].update(id_number="140802198505170121"), "bad_id_number",
     "payload.applicant.id_number"),
    (lambda e: e["payload"].pop("promised_at"), "invalid_event", "payload.promised_at"),
    (lambda e: e.update(occurred_at="2026-11-20 09:30"), "invalid_event", "occurred_at"),
    (lambda e: e.update(type="rated", payload={"level": 5}), "invalid_event", "type"),
    (lambda e: e["payload"]["materials"][0].update(blobs=["ABC"]), "invalid_event",
     "payload.materials[0].blobs[0]"),
])
def test_invalid_events_are_422_with_the_path(c, change, code, path):
    ev = accepted()
    change(ev)
    r = c.post("/cases/C1/events", json=ev)
    body = error_body(r)
    assert r.status_code == 422 and body["code"] == code
    assert path in [d["path"] for d in body["details"]]
    assert "140802198505170121" not in r.text  # never echoes a personal value


def test_malformed_forbidden_and_too_large(sim, c):
    r = c.post("/cases/C1/events", content=b"{oops", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and error_body(r)["code"] == "malformed_json"
    r = c.post("/cases/C1/events", json=accepted(site="140802-002"))
    assert r.status_code == 403 and error_body(r)["code"] == "forbidden"
    big = accepted()
    big["payload"]["form"]["notes"] = "很" * (400 * 1024)
    r = c.post("/cases/C1/events", json=big)
    assert r.status_code == 413 and error_body(r)["code"] == "too_large"
    with api(sim, token(sim, "140802-002-01")) as other:  # another site's case
        assert c.post("/cases/C9/events", json=accepted()).status_code == 201
        ev = accepted(site="140802-002")
        assert other.post("/cases/C9/events", json=ev).status_code == 403


# -- status feed and progression -------------------------------------------------------------------

def test_feed_pages_and_progression(sim, c):
    for i in range(3):
        assert c.post(f"/cases/C{i}/events", json=accepted(f"C{i}")).status_code == 201
    first = c.get("/status-feed", params={"limit": 4}).json()
    assert [i["status"] for i in first["items"]] == ["received", "in_review", "approved", "received"]
    assert first["items"][2]["result"]["decision"] == "approved"
    rest = c.get("/status-feed", params={"after": first["next"], "limit": 100}).json()
    assert len(rest["items"]) == 5
    empty = c.get("/status-feed", params={"after": rest["next"]}).json()
    assert empty == {"items": [], "next": rest["next"]}
    r = c.get("/status-feed", params={"limit": 101})
    assert r.status_code == 400 and r.json()["details"][0]["path"] == "limit"
    assert c.get("/status-feed", params={"after": "zz"}).status_code == 400


def test_progression_follows_the_delays(start_sim):
    now = [1_800_000_000.0]
    sim = start_sim(progression=Progression(5, 10, deny_rate=1.0), clock=lambda: now[0])
    with api(sim, token(sim)) as c:
        c.post("/cases/C1/events", json=accepted())
        assert [s for s, _ in sim.store.feed_entries("C1")] == ["received"]
        now[0] += 6
        sim.tick()
        assert [s for s, _ in sim.store.feed_entries("C1")] == ["received", "in_review"]
        now[0] += 10
        items = c.get("/status-feed").json()["items"]
        assert [i["status"] for i in items] == ["received", "in_review", "denied"]


def test_the_store_survives_a_restart(tmp_path, start_sim):
    sim = start_sim(data_dir=tmp_path / "keep")
    with api(sim, token(sim)) as c:
        c.post("/cases/C1/events", json=accepted())
    sim.stop()
    again = start_sim(data_dir=tmp_path / "keep")
    assert [e.seq for e in again.store.events("C1")] == [1]


# -- faults and TLS --------------------------------------------------------------------------------

def test_injected_status_faults_carry_retry_after(start_sim):
    sim = start_sim(faults=FaultConfig(rate=1.0, kinds=("503",), retry_after=7, after_share=0))
    with api(sim) as c:
        r = c.post("/token", json={"client_id": CLIENT_ID, "client_secret": SECRET})
    assert r.status_code == 503 and r.headers["Retry-After"] == "7"
    assert error_body(r)["code"] == "unavailable"


def test_a_fault_after_processing_keeps_what_was_stored(start_sim):
    sim = start_sim(faults=FaultConfig(rate=0.0, kinds=("drop",), after_share=1.0))
    tok = token(sim)
    sim.set_fault_rate(1.0)
    ev = accepted()
    with api(sim, tok) as c, pytest.raises(httpx.TransportError):
        c.post("/cases/C1/events", json=ev)
    sim.set_fault_rate(0.0)
    assert [e.event_id for e in sim.store.events("C1")] == [ev["event_id"]]
    with api(sim, tok) as c:
        assert c.post("/cases/C1/events", json=ev).status_code == 200


def test_timeouts_and_seeded_draws(start_sim):
    sim = start_sim(faults=FaultConfig(rate=1.0, kinds=("timeout",), timeout_sleep=0.5,
                                       after_share=0))
    with api(sim) as c, pytest.raises(httpx.TimeoutException):
        c.post("/token", json={"client_id": CLIENT_ID, "client_secret": SECRET},
               timeout=0.2)
    from sync.simulator.faults import FaultPlan

    draws = lambda: [FaultPlan(FaultConfig(rate=0.3, seed=9)).draw() for _ in range(1)]  # noqa: E731
    a = FaultPlan(FaultConfig(rate=0.3, seed=9))
    b = FaultPlan(FaultConfig(rate=0.3, seed=9))
    assert [a.draw() for _ in range(200)] == [b.draw() for _ in range(200)]
    assert draws()  # a list of one draw


def test_tls_with_the_simulators_ca(start_sim):
    sim = start_sim(tls=True)
    assert sim.base_url.startswith("https://127.0.0.1:")
    assert token(sim)
    with httpx.Client(base_url=sim.base_url + "/api/v1") as plain, pytest.raises(httpx.ConnectError):
        plain.post("/token", json={})  # not trusted without the CA file
