"""The simulated platform speaks the additions of contract 1.1: the new event types and
payloads, hall records and their updates, and the document check (``/verify``)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from sync.simulator import Progression
from tests.sync.helpers import CARD, SITE
from tests.sync.test_simulator import accepted, api, error_body, put, token

ACTOR = {"user_id": "c0012", "role": "clerk", "site": SITE, "counter": "01"}
T = "2026-11-20T10:00:00+08:00"


@pytest.fixture
def sim(start_sim):
    return start_sim(progression=Progression(0, 0, deny_rate=0.0))


@pytest.fixture
def c(sim):
    with api(sim, token(sim)) as client:
        yield client


def event(seq: int, kind: str, payload: dict, actor: dict | None = None) -> dict:
    return {"event_id": str(uuid.uuid4()), "seq": seq, "type": kind, "occurred_at": T,
            "actor": actor or ACTOR, "payload": payload}


def rated_1_1(**change) -> dict:
    payload = {"level": 2, "channel": "device", "clerk": "c0012", "items": [CARD],
               "reasons": ["R01"], "comment": "等候时间较长"}
    payload.update(change)
    return payload


def followed_up(rating_event_id: str, **change) -> dict:
    payload = {"rating_event_id": rating_event_id, "verified": True,
               "measures": "增开窗口，优化取号分流", "callback_result": "satisfied",
               "closed_at": "2026-11-25T16:00:00+08:00"}
    payload.update(change)
    return payload


def clock(**change) -> dict:
    payload = {"action": "pause", "cause": "special_procedure", "procedure": "专家评审",
               "at": T, "expected_days": 10}
    payload.update(change)
    return payload


def mailed(**change) -> dict:
    payload = {"carrier": "EMS", "tracking_no": "1199887766554",
               "address": {"province": "山西省", "city": "运城市", "county": "盐湖区",
                           "detail": "解放北路 1 号"},
               "recipient": {"name": "王芳", "mobile": "13800138000"}}
    payload.update(change)
    return payload


def started(c, case_no: str = "C1") -> None:
    assert c.post(f"/cases/{case_no}/events", json=accepted(case_no)).status_code == 201


def assert_invalid(r, path: str, code: str = "invalid_event") -> None:
    body = error_body(r)
    assert r.status_code == 422 and body["code"] == code, r.text
    assert path in [d["path"] for d in body["details"]], body["details"]


# -- the new event types ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind, payload", [
    ("rated", rated_1_1()),
    ("rated", rated_1_1(level=5, reasons=[], comment="很" * 500)),
    ("voided", {"reason_text": "录入错误，重新受理", "approved_by": "s0001"}),
    ("clock", clock()),
    ("clock", {"action": "resume", "cause": "supplement", "at": T}),
    ("mailed", mailed()),
])
def test_new_event_types_are_stored(sim, c, kind, payload):
    started(c)
    r = c.post("/cases/C1/events", json=event(2, kind, payload))
    assert r.status_code == 201, r.text
    assert [e.type for e in sim.store.events("C1")] == ["accepted", kind]


@pytest.mark.parametrize("kind, payload, path", [
    ("rated", rated_1_1(level=6), "payload.level"),
    ("rated", rated_1_1(level=True), "payload.level"),
    ("rated", rated_1_1(channel="phone"), "payload.channel"),
    ("rated", rated_1_1(clerk=""), "payload.clerk"),
    ("rated", rated_1_1(items=[]), "payload.items"),
    ("rated", rated_1_1(reasons="R01"), "payload.reasons"),
    ("rated", rated_1_1(comment="很" * 501), "payload.comment"),
    ("rated", {"level": 3, "channel": "qr"}, "payload.clerk"),  # a 1.1 key: all of them
    ("voided", {"reason_text": " ", "approved_by": "s0001"}, "payload.reason_text"),
    ("voided", {"reason_text": "录入错误"}, "payload.approved_by"),
    ("clock", clock(action="stop"), "payload.action"),
    ("clock", clock(cause="holiday"), "payload.cause"),
    ("clock", {"action": "pause", "cause": "special_procedure", "at": T}, "payload.procedure"),
    ("clock", clock(at="2026-11-20 10:00"), "payload.at"),
    ("clock", clock(expected_days=-1), "payload.expected_days"),
    ("clock", clock(expected_days="10"), "payload.expected_days"),
    ("mailed", mailed(tracking_no="#1"), "payload.tracking_no"),
    ("mailed", mailed(carrier=""), "payload.carrier"),
    ("mailed", mailed(address={"province": "山西省", "city": "运城市", "detail": "x"}),
     "payload.address.county"),
    ("mailed", mailed(recipient={"name": "王芳", "mobile": "12800138000"}),
     "payload.recipient.mobile"),
    ("mailed", mailed(recipient={"name": "王芳", "mobile": "1380013800"}),
     "payload.recipient.mobile"),
    ("mailed", {"carrier": "EMS", "tracking_no": "1199887766554", "address": {}},
     "payload.recipient"),
])
def test_invalid_new_payloads_are_422_with_the_path(c, kind, payload, path):
    started(c)
    r = c.post("/cases/C1/events", json=event(2, kind, payload))
    assert_invalid(r, path)
    assert "12800138000" not in r.text  # never echoes a personal value


def test_rated_items_must_be_catalog_codes(c):
    started(c)
    r = c.post("/cases/C1/events", json=event(2, "rated", rated_1_1(items=["NO-SUCH-ITEM"])))
    assert_invalid(r, "payload.items[0]", code="unknown_item")


def test_a_1_0_rating_only_while_accepted(start_sim):
    sim = start_sim(progression=Progression(0, 0, deny_rate=0.0), accept_1_0_ratings=False)
    with api(sim, token(sim)) as c:
        started(c)
        r = c.post("/cases/C1/events", json=event(2, "rated", {"level": 5}))
        assert_invalid(r, "payload.channel")
        assert c.post("/cases/C1/events", json=event(2, "rated", rated_1_1())).status_code == 201


def test_rating_followed_up_names_a_stored_rating_of_the_case(c):
    started(c)
    started(c, "C2")
    rating = event(2, "rated", rated_1_1(level=1))
    assert c.post("/cases/C1/events", json=rating).status_code == 201
    r = c.post("/cases/C1/events", json=event(3, "rating_followed_up", followed_up(str(uuid.uuid4()))))
    assert_invalid(r, "payload.rating_event_id")
    r = c.post("/cases/C2/events", json=event(2, "rating_followed_up", followed_up(rating["event_id"])))
    assert_invalid(r, "payload.rating_event_id")  # another case's rating
    for change, path in [({"verified": "yes"}, "payload.verified"),
                         ({"measures": ""}, "payload.measures"),
                         ({"callback_result": "ok"}, "payload.callback_result"),
                         ({"closed_at": "tomorrow"}, "payload.closed_at")]:
        r = c.post("/cases/C1/events",
                   json=event(3, "rating_followed_up", followed_up(rating["event_id"], **change)))
        assert_invalid(r, path)
    ok = event(3, "rating_followed_up", followed_up(rating["event_id"], verified=False,
                                                    callback_result="unreachable"))
    assert c.post("/cases/C1/events", json=ok).status_code == 201


# -- hall records ----------------------------------------------------------------------------------

def record(record_id: str = "Z-1404-0001", kind: str = "unresolved", **change) -> dict:
    payload = ({"summary": "跨部门事项无法一次办结", "items": [CARD], "case_no": "C1",
                "assigned_to": "s0001", "due_at": "2026-11-27T17:30:00+08:00"}
               if kind == "unresolved" else
               {"topic": "社保卡补办需要哪些材料", "items": [CARD], "answer": "携带身份证原件",
                "follow_up": "材料清单短信发送"})
    payload.update(change)
    return {"record_id": record_id, "kind": kind, "occurred_at": T, "actor": ACTOR,
            "payload": payload}


def update(record_id: str = "Z-1404-0001", status: str = "in_progress", note: str = "已联系牵头部门",
           **extra) -> dict:
    payload = {"status": status, "note": note, **extra}
    return {"record_id": record_id, "occurred_at": T, "actor": ACTOR, "payload": payload}


@pytest.mark.parametrize("kind", ["consultation", "unresolved"])
def test_hall_record_stored_replayed_and_conflicting(sim, c, kind):
    body = record(kind=kind)
    r = c.post("/hall-records/Z-1404-0001", json=body)
    assert r.status_code == 201 and r.json()["record_id"] == "Z-1404-0001"
    assert r.json()["received_at"].endswith("+08:00")
    again = c.post("/hall-records/Z-1404-0001", json=body)
    assert again.status_code == 200 and again.json() == r.json()
    changed = record(kind=kind, items=[])
    r = c.post("/hall-records/Z-1404-0001", json=changed)
    assert r.status_code == 409 and error_body(r)["code"] == "event_conflict"
    assert sim.store.hall_record("Z-1404-0001").kind == kind
    assert sim.answers["POST hall-records 201"] == 1


@pytest.mark.parametrize("body, path", [
    (record(kind="advice"), "kind"),
    (record(summary=""), "payload.summary"),
    (record(due_at="2026-11-27"), "payload.due_at"),
    ({k: v for k, v in record().items() if k != "actor"}, "actor"),
    (record(record_id="Z-other"), "record_id"),
    (record(kind="consultation", answer=" "), "payload.answer"),
    (record(kind="consultation", follow_up="很" * 501), "payload.follow_up"),
    (record(kind="consultation", items="CARD"), "payload.items"),
])
def test_invalid_hall_records_are_422_with_the_path(c, body, path):
    assert_invalid(c.post("/hall-records/Z-1404-0001", json=body), path)


def test_hall_records_need_a_token_a_known_item_and_the_site(sim, c):
    with api(sim) as anonymous:
        assert anonymous.post("/hall-records/Z-1", json=record("Z-1")).status_code == 401
    r = c.post("/hall-records/Z-1", json=record("Z-1", items=["NO-SUCH-ITEM"]))
    assert_invalid(r, "payload.items[0]", code="unknown_item")
    other = record("Z-1")
    other["actor"] = {**ACTOR, "site": "140802-002"}
    assert c.post("/hall-records/Z-1", json=other).status_code == 403
    r = c.post("/hall-records/Z-1", content=b"{oops", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_hall_record_updates_are_contiguous_and_idempotent(sim, c):
    assert c.post("/hall-records/Z-1/updates/1", json=update("Z-1")).status_code == 404
    assert c.post("/hall-records/Z-1", json=record("Z-1")).status_code == 201
    r = c.post("/hall-records/Z-1/updates/2", json=update("Z-1"))
    body = error_body(r)
    assert r.status_code == 409 and body["code"] == "seq_gap" and body["expected_seq"] == 1
    first = update("Z-1")
    r = c.post("/hall-records/Z-1/updates/1", json=first)
    assert r.status_code == 201 and (r.json()["record_id"], r.json()["n"]) == ("Z-1", 1)
    assert c.post("/hall-records/Z-1/updates/1", json=first).status_code == 200
    r = c.post("/hall-records/Z-1/updates/1", json=update("Z-1", note="另一内容"))
    assert r.status_code == 409 and error_body(r)["code"] == "event_conflict"
    assert_invalid(c.post("/hall-records/Z-1/updates/2", json=update("Z-1", status="closed")),
                   "payload.closed_at")
    assert_invalid(c.post("/hall-records/Z-1/updates/2", json=update("Z-1", status="done")),
                   "payload.status")
    closing = update("Z-1", status="closed", note="已办结并回访",
                     closed_at="2026-11-26T11:00:00+08:00")
    assert c.post("/hall-records/Z-1/updates/2", json=closing).status_code == 201
    assert [n for n, _ in sim.store.hall_updates("Z-1")] == [1, 2]
    assert c.post("/hall-records/Z-1/updates/0", json=update("Z-1")).status_code == 400


# -- document check ------------------------------------------------------------------------------

def verify(sim, case_no: str, doc: str):
    with api(sim) as anonymous:  # no token: anyone holding the printed document
        return anonymous.get(f"/verify/{case_no}", params={"doc": doc})


def test_verify_a_document_referenced_by_the_cases_events(sim, c):
    notice = b"%PDF-1.7 notice"
    signature = b"\x89PNG signature"
    for data, ctype in ((notice, "application/pdf"), (signature, "image/png")):
        assert put(c, data, ctype).status_code == 201
    notified = event(1, "notified", {"items": [{"code": CARD, "name": "社会保障卡申领"}],
                                     "applicant": accepted()["payload"]["applicant"],
                                     "missing": ["M-PHOTO"],
                                     "notice_blob": hashlib.sha256(notice).hexdigest()})
    assert c.post("/cases/N1/events", json=notified).status_code == 201
    r = verify(sim, "N1", hashlib.sha256(notice).hexdigest())
    assert r.status_code == 200
    assert r.json() == {"case_no": "N1", "kind": "notice", "issued_at": T, "valid": True}
    started(c)
    picked = event(2, "picked_up", {"picked_up_by": {"name": "王芳", "id_type": "999",
                                                     "id_number": "X1"},
                                    "signature_blob": hashlib.sha256(signature).hexdigest()})
    assert c.post("/cases/C1/events", json=picked).status_code == 201
    assert verify(sim, "C1", hashlib.sha256(signature).hexdigest()).json()["kind"] == "pickup"
    void = event(3, "voided", {"reason_text": "录入错误", "approved_by": "s0001"})
    assert c.post("/cases/C1/events", json=void).status_code == 201
    r = verify(sim, "C1", hashlib.sha256(signature).hexdigest()).json()
    assert r["valid"] is False and r["kind"] == "pickup"  # the case was voided


def test_verify_unknown_documents_and_cases_alike(sim, c):
    started(c)
    unknown = hashlib.sha256(b"forged").hexdigest()
    for case_no in ("C1", "NO-SUCH-CASE"):
        r = verify(sim, case_no, unknown)
        assert r.status_code == 200
        assert r.json() == {"case_no": case_no, "kind": None, "issued_at": None, "valid": False}
    notice = hashlib.sha256(b"%PDF another case").hexdigest()
    assert verify(sim, "C1", notice).json()["valid"] is False


@pytest.mark.parametrize("doc", ["", "abc", "A" * 64, "g" * 64])
def test_verify_a_malformed_digest_is_400(sim, doc):
    r = verify(sim, "C1", doc)
    assert r.status_code == 400 and error_body(r)["details"][0]["path"] == "doc"
