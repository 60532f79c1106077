"""Query passwords (查询密码) and the outbox payloads of contracts/platform-api.md."""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime

import pytest

from counter import outbox
from counter.cases.model import Applicant, Case, CaseState, LedgerEntry
from counter.cases.password import ALPHABET, check_password, grouped, new_password, password_hash
from counter.clock import CST
from counter.identity import Actor

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
ACTOR = Actor("c0012", "clerk", "140802-001", "07")


def test_password_is_ten_unambiguous_characters_and_varies():
    pws = {new_password() for _ in range(200)}
    assert all(len(p) == 10 and set(p) <= set(ALPHABET) for p in pws)
    assert len(pws) == 200
    assert len(ALPHABET) == 32 and not set(ALPHABET) & set("01IOl")
    assert set("".join(pws)) == set(ALPHABET)  # every symbol drawn (2,000 draws of 32)


def test_password_hash_is_salted_argon2id():
    pw = new_password()
    a, b = password_hash(pw), password_hash(pw)
    assert a.startswith("$argon2id$v=19$m=8192,t=1,p=1$") and a != b  # own salt each time
    assert pw not in a and len(a) <= 80  # fits cases.query_password_hash (String(80))
    assert check_password("14080200107261120S00042Z", pw, a)
    assert check_password("14080200107261120S00042Z", pw, b)


def test_typed_password_forgives_case_spaces_and_hyphens_not_other_characters():
    pw = "7KQ4MXW2PA"
    stored = password_hash(pw)
    assert grouped(pw) == "7KQ4M XW2PA"
    for typed in (pw, grouped(pw), "7kq4m xw2pa", " 7KQ4M-XW2PA ", "7kq4mXW2pa"):
        assert check_password("any", typed, stored), typed
    for typed in ("7KQ4MXW2PB", "7KQ4MXW2P", "7KQ4MXW2PAA", "", "7KQ4MXWZPA"):
        assert not check_password("any", typed, stored), typed


def test_legacy_sha256_hash_still_verifies():
    """Cases accepted before Argon2id (6 digits, sha256 salted with the case number)."""
    case_no = "14080200107261120S00042Z"
    legacy = "sha256:" + hashlib.sha256(f"{case_no}:012345".encode()).hexdigest()
    assert check_password(case_no, "012345", legacy)
    assert check_password(case_no, " 012345 ", legacy)
    assert not check_password(case_no, "012346", legacy)
    assert not check_password("14080200107261120S00043X", "012345", legacy)


@pytest.mark.parametrize("stored", [None, "", "md5:abc", "$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB",
                                    "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$"])
def test_missing_unknown_or_damaged_hash_never_matches(stored):
    assert not check_password("14080200107261120S00042Z", "012345", stored)


def _case(kind="item", **kw) -> Case:
    base = dict(
        case_no="14080200107261120S00042Z", state=CaseState.ACCEPTED, kind=kind,
        key="P-KCG" if kind == "package" else "A1", name="开餐馆一件事",
        items=[("A1", "事项一"), ("A2", "事项二")], catalog_version="2026.11.01",
        applicant=Applicant("person", "张三", "111", "140802198503140114"),
        contact={"name": "张三", "mobile": "13800138000"}, form={"applicant.name": "张三"},
        answers={"q_agent": "self"},
        materials=[LedgerEntry("M-1", "申请书", "received", "required", 1, "check", ("ab" * 32,),
                               ("A1",)),
                   LedgerEntry("M-2", "照片", "not_applicable", "optional", 0, "none", (), ("A2",))],
        decided_at=NOW, decided_by=ACTOR, accepted_at=NOW,
        promised_at=datetime(2026, 11, 27, 23, 59, 59, tzinfo=CST))
    base.update(kw)
    return Case(**base)


def test_accepted_payload_has_the_contract_keys():
    p = outbox.accepted_payload(_case(), "sha256:xx")
    assert set(p) == {"items", "applicant", "contact", "form", "answers", "materials",
                      "accepted_at", "promised_at", "query_password_hash"}
    assert p["items"] == [{"code": "A1", "name": "事项一"}, {"code": "A2", "name": "事项二"}]
    assert p["applicant"] == {"type": "person", "name": "张三", "id_type": "111",
                              "id_number": "140802198503140114"}
    assert p["materials"][0] == {"material": "M-1", "status": "received", "copies": 1,
                                 "original": "check", "blobs": ["ab" * 32]}
    assert p["accepted_at"] == "2026-11-20T09:30:00+08:00"
    assert p["promised_at"] == "2026-11-27T23:59:59+08:00"
    outbox.check_payload("accepted", p)


def test_accepted_payload_of_a_package_names_it():
    p = outbox.accepted_payload(_case("package"), "sha256:xx")
    assert p["package_id"] == "P-KCG"
    outbox.check_payload("accepted", p)


def test_notified_and_rejected_payloads():
    n = outbox.notified_payload(_case(state=CaseState.NOTIFIED, missing=["M-1"]))
    assert n == {"items": [{"code": "A1", "name": "事项一"}, {"code": "A2", "name": "事项二"}],
                 "applicant": n["applicant"], "missing": ["M-1"], "notice_blob": None}
    r = outbox.rejected_payload(_case(state=CaseState.REJECTED, reason_code="REJ-01",
                                      reason_text="说明"))
    assert set(r) == {"items", "applicant", "reason_code", "reason_text", "notice_blob"}
    assert r["notice_blob"] is None
    outbox.check_payload("notified", n)
    outbox.check_payload("rejected", r)


def test_other_builders():
    p = outbox.picked_up_payload("李四", "111", "140802199007020222")
    assert p == {"picked_up_by": {"name": "李四", "id_type": "111",
                                  "id_number": "140802199007020222"}}
    outbox.check_payload("picked_up", p)
    outbox.check_payload("supplemented", outbox.supplemented_payload([("M-1", ["ab"])]))
    outbox.check_payload("terminated", outbox.terminated_payload("逾期", ACTOR))
    outbox.check_payload("voided", outbox.voided_payload("录入错误", ACTOR))
    outbox.check_payload("rated", outbox.rated_payload(5))
    with pytest.raises(ValueError):
        outbox.rated_payload(6)


def test_check_payload_refuses_missing_and_unknown_keys():
    with pytest.raises(ValueError):
        outbox.check_payload("notified", {"items": []})
    with pytest.raises(ValueError):
        outbox.check_payload("picked_up", {"picked_up_by": {}, "extra": 1})
    with pytest.raises(ValueError):
        outbox.check_payload("nonsense", {})


def test_supply_hands_out_each_pair_once_and_prepares_the_next():
    from concurrent.futures import ThreadPoolExecutor

    from counter.cases.password import PasswordSupply

    supply = PasswordSupply()
    with ThreadPoolExecutor(4) as pool:
        pairs = list(pool.map(lambda _: supply.take(), range(12)))
    assert len({pw for pw, _ in pairs}) == 12  # never the same pair twice
    assert all(check_password("x", pw, h) and h.startswith("$argon2id$") for pw, h in pairs)
    for t in [t for t in threading.enumerate() if t.name == "query-password"]:
        t.join(5)
    assert supply._ready is not None  # the next one is made ahead, between applicants
    ready = supply._ready
    assert supply.take() == ready
