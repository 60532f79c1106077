"""Identity documents at the decision (证件类型与号码): a number of another type is refused
with the reason and nothing is stored; each type is accepted with its own number."""

from __future__ import annotations

import pytest

from counter.errors import InvalidInput
from tests.store.test_cases_service import clerk, cx, refused, template  # noqa: F401 (fixtures)
from tests.unit.cases.helpers import CARD, DESK, filled
from tests.unit.test_ids import FOREIGNER, HONG_KONG, MAINLAND, TAIWAN


def with_document(cx, id_type: str, number: str, **kw):
    intake = filled(cx, **kw)
    intake.form["applicant.id_type"] = id_type
    intake.form["applicant.id_number"] = number
    cx.intake.save(intake, DESK)
    return intake


@pytest.mark.parametrize("id_type, number, named", [
    ("111", TAIWAN, "这是台湾居民居住证号码"),
    ("111", HONG_KONG, "这是港澳居民居住证号码"),
    ("111", FOREIGNER, "这是外国人永久居留身份证号码"),
    ("237", MAINLAND, "这是居民身份证号码"),
    ("238", HONG_KONG, "这是港澳居民居住证号码"),
    ("553", MAINLAND, "这是居民身份证号码"),
    ("414", MAINLAND, "这是居民身份证号码"),
])
def test_a_number_of_another_type_is_refused_and_nothing_is_stored(cx, clerk, id_type,  # noqa: F811
                                                                   number, named):
    intake = with_document(cx, id_type, number)
    e = refused(cx, lambda: cx.cases.accept(intake.id, clerk), InvalidInput)
    [line] = [p for p in e.problems if p.startswith("申请人证件号码：")]
    assert named in line and "证件类型选为" in line
    assert number not in str(e) and number not in " ".join(e.problems)


def test_notify_with_a_mismatched_number_is_refused_too(cx, clerk):  # noqa: F811
    intake = with_document(cx, "111", TAIWAN, materials="missing")
    e = refused(cx, lambda: cx.cases.notify(intake.id, clerk), InvalidInput)
    assert "有效的证件号码" in e.message


@pytest.mark.parametrize("id_type, number", [
    ("237", HONG_KONG), ("238", TAIWAN), ("553", FOREIGNER), ("516", "H12345678"),
    ("511", "12345678"),
])
def test_each_type_is_accepted_with_its_own_number(cx, clerk, id_type, number):  # noqa: F811
    intake = with_document(cx, id_type, number)
    result = cx.cases.accept(intake.id, clerk)
    case = cx.cases.get(result.case.case_no, clerk)
    assert (case.applicant.id_type, case.applicant.id_number) == (id_type, number)


def test_an_agent_collecting_the_result_is_checked_by_the_type_too(cx, clerk):  # noqa: F811
    from tests.store.test_cases_service import approved_case

    case = approved_case(cx, clerk)
    wrong = {"name": "约翰", "id_type": "111", "id_number": FOREIGNER}
    e = refused(cx, lambda: cx.cases.pickup(case.case_no, clerk, wrong), InvalidInput)
    assert "这是外国人永久居留身份证号码" in str(e) and FOREIGNER not in str(e)
    done = cx.cases.pickup(case.case_no, clerk, {**wrong, "id_type": "553"})
    assert (done.picked_up.id_type, done.picked_up.id_number) == ("553", FOREIGNER)
