"""Scanner-gun codes routed by content (counter/capture/codes.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import quote

import pytest

from counter.capture.codes import UNRECOGNISED, CodeKind, apply_to_intake, classify
from counter.cases.numbering import format_case_no
from counter.catalog.model import Material
from counter.clock import CST
from counter.ids import make_id_number, make_uscc
from counter.intake.intake import Intake, MaterialState, MaterialStatus

CASE_NO = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 42)
ID_NUMBER = make_id_number("140802", date(1985, 3, 14), 11)
USCC = make_uscc("140802", 7)
MATERIALS = {
    "M-ID": Material("M-ID", "申请人身份证件", "certificate", "paper", e_licence_type="居民身份证"),
    "M-LICENCE": Material("M-LICENCE", "营业执照副本", "certificate", "paper",
                          e_licence_type="营业执照"),
    "M-FORM": Material("M-FORM", "申请书", "form", "paper"),
}


@pytest.fixture
def intake():
    now = datetime(2026, 11, 21, 9, 0, tzinfo=CST)
    return Intake(id="d", kind="item", key="X", catalog_version="v", answers={}, form={},
                  materials={m: MaterialState(m) for m in MATERIALS}, created_at=now,
                  updated_at=now)


def licence_json(**extra) -> str:
    return json.dumps({"kind": "e_licence", "type": "营业执照", "number": "NO-2026-0001",
                       "holder_id": USCC, "holder_name": "某某商行", **extra}, ensure_ascii=False)


def test_case_number():
    code = classify(f"  {CASE_NO.lower()} ")
    assert code.kind is CodeKind.CASE_NO and code.value == CASE_NO
    applied = apply_to_intake(code, None)
    assert applied.open_case == CASE_NO and not applied.changed


def test_case_number_with_a_wrong_check_is_not_one():
    wrong = CASE_NO[:-1] + ("0" if CASE_NO[-1] != "0" else "1")
    assert classify(wrong).kind is CodeKind.UNKNOWN


@pytest.mark.parametrize("text, ticket, day", [
    ("A023", "A023", None), ("b1234", "B1234", None), ("A0023", "A0023", None),
    ("VIP007", "VIP007", None), ("vip0007", "VIP0007", None), (" C101 ", "C101", None),
    ("Q-20261121-A023", "A023", "2026-11-21"), ("q-20261121-vip007", "VIP007", "2026-11-21"),
])
def test_queue_tickets(text, ticket, day, intake):
    code = classify(text)
    assert code.kind is CodeKind.QUEUE_TICKET and code.value == ticket
    assert code.fields.get("date") == day
    applied = apply_to_intake(code, intake)
    assert applied.changed and intake.queue_ticket == ticket
    assert not apply_to_intake(code, intake).changed  # the same ticket again


def test_bad_dated_ticket():
    assert classify("Q-20261341-A023").kind is CodeKind.UNKNOWN


@pytest.mark.parametrize("text", [
    "B12", "A02", "AB123", "A12345", "VIP12", "VIP12345", "VI007", "123", "1234", "A-023",
    "A 023", "Ａ023", "A٠٢٣", "", "   ",
])
def test_not_tickets(text):
    from counter.capture.codes import is_bare_ticket

    assert not is_bare_ticket(text)
    assert classify(text).kind is CodeKind.UNKNOWN
    assert classify(f"Q-20261121-{text}").kind is CodeKind.UNKNOWN


@pytest.mark.parametrize("text, bare", [
    ("A023", True), ("a0023", True), ("VIP007", True), ("Q-20261121-A023", False),
])
def test_bare_ticket_is_what_the_scanner_may_take_short(text, bare):
    from counter.capture.codes import is_bare_ticket

    assert is_bare_ticket(text) is bare
    assert classify(text).kind is CodeKind.QUEUE_TICKET


def test_another_ticket_replaces_the_one_attached_and_says_so(intake):
    assert apply_to_intake(classify("A023"), intake).message == "已关联排队号 A023。"
    applied = apply_to_intake(classify("Q-20261121-B101"), intake)
    assert applied.changed and intake.queue_ticket == "B101"
    assert applied.message == "排队号已由 A023 更换为 B101。"
    applied = apply_to_intake(classify("b101"), intake)
    assert not applied.changed and applied.message == "排队号 B101 已关联到本次受理。"
    before = intake.to_json()
    assert not apply_to_intake(classify("B12"), intake).changed  # not a ticket: kept
    assert intake.queue_ticket == "B101" and intake.to_json() == before


def test_e_licence_json_marks_matching_material_exempt(intake):
    code = classify(licence_json())
    assert code.kind is CodeKind.E_LICENCE and code.value == "NO-2026-0001"
    assert code.fields["type"] == "营业执照"
    applied = apply_to_intake(code, intake, materials=MATERIALS, selected_material="M-FORM")
    state = intake.materials["M-LICENCE"]
    assert applied.changed and applied.material_id == "M-LICENCE"
    assert state.status is MaterialStatus.E_LICENCE and state.e_licence_number == "NO-2026-0001"
    assert applied.form_values == {"enterprise.uscc": USCC, "enterprise.name": "某某商行"}
    assert "营业执照副本" in applied.message
    assert not apply_to_intake(code, intake, materials=MATERIALS).changed


def test_e_licence_url(intake):
    url = (f"https://dzzz.example.gov.cn/verify?type={quote('居民身份证')}&number=ID-77"
           f"&holder_id={ID_NUMBER}")
    code = classify(url)
    assert code.kind is CodeKind.E_LICENCE and code.value == "ID-77"
    applied = apply_to_intake(code, intake, materials=MATERIALS)
    assert applied.material_id == "M-ID"
    assert applied.form_values == {"applicant.id_number": ID_NUMBER}


def test_e_licence_without_matching_material_uses_selected_or_says_so(intake):
    code = classify(licence_json(type="结婚证"))
    applied = apply_to_intake(code, intake, materials=MATERIALS)
    assert not applied.changed and "结婚证" in applied.message
    assert all(s.status is MaterialStatus.MISSING for s in intake.materials.values())
    applied = apply_to_intake(code, intake, materials=MATERIALS, selected_material="M-FORM")
    assert applied.changed and intake.materials["M-FORM"].status is MaterialStatus.E_LICENCE


def test_id_qr_json_and_bare_number(intake):
    code = classify(json.dumps({"kind": "id", "id_number": ID_NUMBER.lower(), "name": "张伟"},
                               ensure_ascii=False))
    assert code.kind is CodeKind.ID_QR and code.value == ID_NUMBER
    applied = apply_to_intake(code, intake)
    assert not applied.changed
    assert applied.form_values == {"applicant.id_number": ID_NUMBER, "applicant.name": "张伟"}
    bare = classify(ID_NUMBER)
    assert bare.kind is CodeKind.ID_QR and bare.form_values() == {"applicant.id_number": ID_NUMBER}
    assert ID_NUMBER not in repr(bare)


@pytest.mark.parametrize("text", [
    "", "   ", "hello", "12345", "{not json", "[1, 2]", '{"kind": "e_licence", "type": "x"}',
    '{"kind": "id", "id_number": "110101199001011234"}', "https://example.com/?type=a&number=b",
    "110101199001011230", "AB123", "x" * 5000,
])
def test_anything_else_is_unrecognised_and_changes_nothing(text, intake):
    code = classify(text)
    assert code.kind is CodeKind.UNKNOWN and code.message == UNRECOGNISED
    before = intake.to_json()
    applied = apply_to_intake(code, intake, materials=MATERIALS, selected_material="M-ID")
    assert not applied.changed and applied.message == UNRECOGNISED
    assert intake.to_json() == before


def test_codes_need_a_draft():
    applied = apply_to_intake(classify("A001"), None)
    assert not applied.changed and "开始受理" in applied.message
    assert apply_to_intake(classify("VIP007"), None).message == "请先开始受理，再扫描此条码。"
