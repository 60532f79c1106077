"""Tolerance cases stay consistent (容缺办件状态一致): the platform's status applied and flagged
while the tolerated material is owed, 补正 in every state before pickup, 出件 refused until the
material is in — unless a supervisor overrides it, recorded."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter.cases.model import TOLERANCE_OWED, CaseState
from counter.errors import InvalidInput
from counter.permissions import PermissionDenied
from counter.services.cases import PickupOverride, ToleranceOwed
from counter.tolerance import DeadlineState, RequestStatus
from tests.store.access import CLERK, SUPERVISOR, audit_rows
from tests.store.test_tolerance_service import (  # noqa: F401 - fixtures
    RULES, chain_intact, clock, confirm_supervisor, counts, credit, cx, events, login, page,
    refused, request, template, tol)
from tests.unit.cases.helpers import T0, drafter

#: The name of M-FOOD-RULES in the sample catalog (what the refusal names).
RULES_NAME = "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单"

#: Feed statuses, in order, that bring an awaiting case to each state (the last one is it).
PATHS = {
    CaseState.IN_REVIEW: ["received", "in_review"],
    CaseState.CORRECTION_REQUIRED: ["correction_required"],
    CaseState.APPROVED: ["approved"],                    # 即办件: no review step
    CaseState.DENIED: ["in_review", "denied"],
    CaseState.COMPLETED: ["completed"],
}


def tolerance_case(cx):
    """A case accepted with tolerance (M-FOOD-RULES owed) by the clerk, approved by the
    supervisor; the clerk is logged in afterwards."""
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert result.case.state is CaseState.AWAITING_SUPPLEMENT
    return clerk, result.case.case_no


def feed(cx, case_no, statuses):
    update = None
    for n, status in enumerate(statuses, start=1):
        update = cx.cases.apply_status(case_no, status, T0 + timedelta(hours=n),
                                       f"平台：{status}")
        assert update.changed, status
    return update.case if update else None


def status_audits(cx, case_no):
    return [r for r in audit_rows(cx) if r.case_no == case_no
            and r.action.startswith("case.status.")]


# -- the platform's status feed ------------------------------------------------------------------


@pytest.mark.parametrize("target", list(PATHS), ids=lambda s: s.value)
def test_a_platform_status_moves_a_case_with_material_owed_and_flags_it(cx, target):
    _clerk, case_no = tolerance_case(cx)
    case = feed(cx, case_no, PATHS[target])
    assert case.state is target  # applied, never dropped
    assert [m.material for m in case.tolerance_owed] == [RULES]
    moved = [h for h in case.history if h.action.startswith("platform.")
             and h.action != "platform.received"]
    assert moved and all(TOLERANCE_OWED in h.note for h in moved)
    assert moved[-1].note == f"平台：{target.value}（{TOLERANCE_OWED}）"
    audits = [r for r in status_audits(cx, case_no) if r.action != "case.status.received"]
    assert [json.loads(r.detail) for r in audits] == [{"tolerance_owed": 1}] * len(audits)
    report = tol(cx).deadlines(confirm_supervisor(cx))
    [entry] = report.entries
    assert (entry.case_no, entry.case_state, entry.flagged, entry.flag) == (
        case_no, target, True, TOLERANCE_OWED)
    assert chain_intact(cx)


def test_a_case_awaiting_supplement_is_listed_but_not_flagged_as_moved(cx):
    _clerk, case_no = tolerance_case(cx)
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert (entry.case_state, entry.flagged, entry.flag) == (
        CaseState.AWAITING_SUPPLEMENT, False, "")
    case = cx.cases.get(case_no, drafter(cx))
    assert [m.material for m in case.tolerance_owed] == [RULES]  # still owed: shown on screen


def test_a_case_without_tolerance_is_not_flagged(cx):
    from tests.unit.cases.helpers import filled

    clerk = login(cx, "clerk").actor
    case = cx.cases.accept(filled(cx, "item", seed=5), clerk).case
    moved = feed(cx, case.case_no, ["in_review", "approved"])
    assert moved.tolerance_owed == ()
    assert all(TOLERANCE_OWED not in h.note for h in moved.history)
    assert all(json.loads(r.detail or "{}") == {} for r in status_audits(cx, case.case_no))


# -- 补正 in every state before pickup ---------------------------------------------------------------


@pytest.mark.parametrize("target", [CaseState.AWAITING_SUPPLEMENT, *PATHS],
                         ids=lambda s: s.value)
def test_supplement_in_every_state_before_pickup_clears_the_flag(cx, clock, target):
    clerk, case_no = tolerance_case(cx)
    feed(cx, case_no, PATHS.get(target, []))
    clock.advance(days=3)
    out = tol(cx).supplement(case_no, clerk, {RULES: [page(cx, 21)]})
    assert out.complete
    # the platform's state stays; only a case awaiting supplement goes back to 已受理
    expected = CaseState.ACCEPTED if target is CaseState.AWAITING_SUPPLEMENT else target
    assert out.case.state is expected
    assert out.case.tolerance_owed == ()
    assert tol(cx).of_case(case_no, drafter(cx)).status is RequestStatus.FULFILLED
    assert tol(cx).deadlines(confirm_supervisor(cx)).entries == ()
    assert events(cx, case_no)[-1][1] == "supplemented"
    if target.result_ready:
        login(cx, "clerk")
        assert cx.cases.pickup(case_no, clerk).state is CaseState.CLOSED


def test_no_supplement_once_terminated(cx, clock):
    """Terminating still works after the platform moved the case on (never stuck), and
    nothing can be supplied afterwards."""
    clerk, case_no = tolerance_case(cx)
    feed(cx, case_no, ["in_review"])
    clock.advance(days=10)
    supervisor = confirm_supervisor(cx)
    assert [e.state for e in tol(cx).deadlines(supervisor).entries] == [DeadlineState.OVERDUE]
    assert tol(cx).deadlines(supervisor).entries[0].terminable
    case = tol(cx).terminate(case_no, supervisor, "逾期未补交规章制度目录清单")
    assert case.state is CaseState.TERMINATED and case.tolerance_owed == ()
    refused(cx, lambda: tol(cx).supplement(case_no, clerk, {RULES: []}), "已终止",
            "case.supplement")


# -- 出件 waits for the material; a supervisor may override --------------------------------------------


def approved_with_material_owed(cx):
    clerk, case_no = tolerance_case(cx)
    feed(cx, case_no, ["in_review", "approved"])
    login(cx, "clerk")
    return clerk, case_no


def test_pickup_is_refused_while_tolerated_material_is_owed(cx):
    clerk, case_no = approved_with_material_owed(cx)
    err = refused(cx, lambda: cx.cases.pickup(case_no, clerk), "出件前须补齐容缺材料：",
                  "case.pickup")
    assert isinstance(err, ToleranceOwed) and err.materials == [RULES_NAME]
    assert RULES_NAME in err.message
    assert cx.cases.get(case_no, clerk).state is CaseState.APPROVED
    assert [t for _s, t, _a, _p in events(cx, case_no)] == ["accepted"]
    out = tol(cx).supplement(case_no, clerk, {RULES: [page(cx, 31)]})
    assert out.complete and out.case.state is CaseState.APPROVED
    case = cx.cases.pickup(case_no, clerk)
    assert case.state is CaseState.CLOSED
    assert "先行出件" not in case.history[-1].note


def test_a_supervisor_override_hands_out_and_is_recorded(cx, clock):
    clerk, case_no = approved_with_material_owed(cx)
    supervisor = confirm_supervisor(cx)
    reason = "申请人急需许可证办理银行贷款，已当面承诺三日内补交"
    case = cx.cases.pickup(case_no, clerk, override=PickupOverride(supervisor, reason))
    assert case.state is CaseState.CLOSED
    step = case.history[-1]
    assert (step.action, step.actor.user_id) == ("pickup", CLERK[0])
    assert step.note == (f"本人领取；{TOLERANCE_OWED}（{RULES_NAME}），经 {SUPERVISOR[0]} "
                         f"批准先行出件：{reason}")
    override, pickup = audit_rows(cx)[-2:]
    assert (override.action, override.user_id, override.role, override.case_no,
            override.result) == ("case.pickup_override", SUPERVISOR[0], "supervisor", case_no,
                                 "ok")
    assert json.loads(override.detail) == {"clerk": CLERK[0], "materials": [RULES]}
    assert reason not in override.detail  # free words stay out of the audit trail
    assert (pickup.action, pickup.user_id) == ("case.pickup", CLERK[0])
    assert json.loads(pickup.detail) == {"by_applicant": True, "override_by": SUPERVISOR[0]}
    # the contract allows no extra payload keys: the event is the plain picked_up
    seq, kind, actor, payload = events(cx, case_no)[-1]
    assert (kind, actor["user_id"]) == ("picked_up", CLERK[0])
    assert set(payload) == {"picked_up_by"}
    # the applicant still owes the material: flagged, listed, and still supplied later
    assert [m.material for m in case.tolerance_owed] == [RULES]
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert (entry.case_state, entry.flagged, entry.terminable) == (CaseState.CLOSED, True, False)
    clock.advance(days=2)
    out = tol(cx).supplement(case_no, clerk, {RULES: [page(cx, 41)]})
    assert out.complete and out.case.state is CaseState.CLOSED and out.case.tolerance_owed == ()
    assert chain_intact(cx)


def test_the_override_is_refused_for_a_clerk(cx):
    clerk, case_no = approved_with_material_owed(cx)
    before = counts(cx)
    with pytest.raises(PermissionDenied, match="无权") as err:
        cx.cases.pickup(case_no, clerk, override=PickupOverride(clerk, "我自己批准"))
    assert err.value.action == "case.pickup_override"
    entry = audit_rows(cx)[-1]
    assert (entry.action, entry.result, entry.user_id, entry.role) == (
        "case.pickup_override", "refused", CLERK[0], "clerk")
    assert counts(cx) == before
    assert cx.cases.get(case_no, clerk).state is CaseState.APPROVED


def test_the_override_needs_a_reason_and_another_person(cx):
    clerk, case_no = approved_with_material_owed(cx)
    supervisor = confirm_supervisor(cx)
    exc = refused(cx, lambda: cx.cases.pickup(case_no, clerk,
                                              override=PickupOverride(supervisor, "  ")),
                  "请填写先行出件的理由", "case.pickup_override")
    assert isinstance(exc, InvalidInput)
    # a supervisor handing out may not approve their own pickup
    boss = login(cx, "supervisor").actor
    refused(cx, lambda: cx.cases.pickup(case_no, boss, override=PickupOverride(boss, "急需")),
            "不能批准本人办理的出件", "case.pickup_override")
    assert cx.cases.get(case_no, boss).state is CaseState.APPROVED


def test_an_override_without_anything_owed_changes_nothing_of_a_plain_pickup(cx):
    clerk, case_no = approved_with_material_owed(cx)
    tol(cx).supplement(case_no, clerk, {RULES: []})
    case = cx.cases.pickup(case_no, clerk,
                           override=PickupOverride(confirm_supervisor(cx), "不需要"))
    assert case.history[-1].note == "本人领取"
    assert audit_rows(cx)[-1].action == "case.pickup"
    assert audit_rows(cx)[-2].action != "case.pickup_override"
