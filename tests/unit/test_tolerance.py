"""Tolerance rules (counter/tolerance.py) and the credit port, without a store."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter.catalog.loader import load_catalog, read_catalog_file
from counter.clock import CST
from counter.credit import CreditResult, CreditStatus, OfflineCreditChecker
from counter.intake.intake import Intake, MaterialStatus
from counter.intake.merge import IntakeSpec
from counter.limit import Limit, LimitUnit
from counter.tolerance import (DeadlineState, ToleratedMaterial, deadline_state, final_deadline,
                               other_missing, selection_problems, tolerable_materials,
                               with_deadlines, workdays_left)
from counter.workdays import WorkCalendar
from tests.conftest import SAMPLE_CATALOG

FOOD = "11140802MB1937209W4000101003000"
CARD = "11140802MB1941531L4000220013000"
NOW = datetime(2026, 9, 30, 10, 0, tzinfo=CST)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(read_catalog_file(SAMPLE_CATALOG))


def intake_for(spec: IntakeSpec, *, missing=("M-FOOD-RULES",)) -> Intake:
    intake = Intake.new(spec, NOW)
    for m, state in intake.checklist(spec):
        state.status = (MaterialStatus.MISSING if m.id in missing else MaterialStatus.RECEIVED)
    return intake


def cal() -> WorkCalendar:
    return WorkCalendar()


# -- which materials ------------------------------------------------------------------------------


def test_only_tolerable_materials_of_tolerant_items(catalog):
    spec = IntakeSpec.for_item(catalog, FOOD)
    intake = intake_for(spec, missing=("M-FOOD-RULES", "M-ID-CARD"))
    assert [m.id for m in tolerable_materials(spec, intake)] == ["M-FOOD-RULES"]
    assert selection_problems(spec, intake, ["M-FOOD-RULES"]) == []
    problems = selection_problems(spec, intake, ["M-ID-CARD", "M-VENDING", "M-FOOD-RULES"])
    assert problems[0].endswith("为必要材料，不属于可容缺后补的材料")
    assert "在当前情形下不需要提交" in problems[1]
    assert len(problems) == 2
    assert selection_problems(spec, intake, []) == ["请选择要容缺的材料"]
    assert [m.id for m in other_missing(spec, intake, ["M-FOOD-RULES"])] == ["M-ID-CARD"]


def test_a_received_material_needs_no_tolerance(catalog):
    spec = IntakeSpec.for_item(catalog, FOOD)
    intake = intake_for(spec, missing=())
    assert tolerable_materials(spec, intake) == []
    assert "无需容缺" in selection_problems(spec, intake, ["M-FOOD-RULES"])[0]


def test_an_item_without_tolerance(catalog):
    spec = IntakeSpec.for_item(catalog, CARD)
    intake = intake_for(spec, missing=("M-ID-CARD",))
    assert selection_problems(spec, intake, ["M-ID-CARD"]) == ["“社会保障卡申领”不接受容缺受理"]


def test_a_package_tolerates_what_serves_only_tolerant_items(catalog):
    spec = IntakeSpec.for_package(catalog, "P-KCG")
    intake = intake_for(spec)
    assert [m.id for m in tolerable_materials(spec, intake)] == ["M-FOOD-RULES"]


# -- deadlines -------------------------------------------------------------------------------------


def rules(limit=3) -> ToleratedMaterial:
    return ToleratedMaterial("M-FOOD-RULES", "食品安全管理制度", Limit(limit, LimitUnit.WD))


def test_deadlines_over_national_day_2026():
    """Oct 1–7 are holidays, Sat Oct 10 a make-up working day."""
    [m] = with_deadlines(cal(), NOW, [rules(3)])
    assert m.deadline == datetime(2026, 10, 10, 23, 59, 59, tzinfo=CST)
    longer = with_deadlines(cal(), NOW, [rules(3), ToleratedMaterial(
        "M-X", "其他", Limit(5, LimitUnit.WD))])
    assert final_deadline(longer) == datetime(2026, 10, 13, 23, 59, 59, tzinfo=CST)
    assert ToleratedMaterial.from_json(m.to_json()) == m


@pytest.mark.parametrize("now, state, left", [
    (datetime(2026, 9, 30, 10, 0), DeadlineState.NORMAL, 3),
    (datetime(2026, 10, 3, 10, 0), DeadlineState.NORMAL, 3),      # holiday
    (datetime(2026, 10, 8, 10, 0), DeadlineState.NORMAL, 2),
    (datetime(2026, 10, 9, 8, 0), DeadlineState.DUE_SOON, 1),
    (datetime(2026, 10, 10, 23, 59, 59), DeadlineState.DUE_SOON, 0),  # make-up Saturday
    (datetime(2026, 10, 11, 0, 0, 0), DeadlineState.OVERDUE, 0),
    (datetime(2026, 10, 12, 9, 0), DeadlineState.OVERDUE, -1),
])
def test_state_from_the_clock(now, state, left):
    deadline = datetime(2026, 10, 10, 23, 59, 59, tzinfo=CST)
    now = now.replace(tzinfo=CST)
    assert deadline_state(cal(), deadline, now) is state
    assert workdays_left(cal(), deadline, now) == left


def test_make_up_sunday_september_20():
    [m] = with_deadlines(cal(), datetime(2026, 9, 18, 16, 0, tzinfo=CST), [rules(1)])
    assert m.deadline == datetime(2026, 9, 20, 23, 59, 59, tzinfo=CST)
    saturday = datetime(2026, 9, 19, 9, 0, tzinfo=CST)
    assert deadline_state(cal(), m.deadline, saturday) is DeadlineState.DUE_SOON


def test_an_unknown_year_leaves_the_state_normal_until_overdue():
    deadline = datetime(2100, 3, 1, 23, 59, 59, tzinfo=CST)  # beyond any computable year
    assert workdays_left(cal(), deadline, NOW) is None
    assert deadline_state(cal(), deadline, NOW) is DeadlineState.NORMAL
    # a year not published yet is counted provisionally
    assert workdays_left(cal(), datetime(2031, 3, 3, 23, 59, 59, tzinfo=CST), NOW) > 1000


# -- credit ----------------------------------------------------------------------------------------


def test_credit_labels():
    assert CreditResult(CreditStatus.CLEAR).label == "信用核查通过"
    assert CreditResult.unchecked().label == "未能核查信用（离线）"
    assert CreditResult.unchecked("平台连接超时").label == "未能核查信用（离线）：平台连接超时"
    offline = OfflineCreditChecker().check("111", "X")
    assert offline.status is CreditStatus.UNCHECKED and offline.checked_at is None
