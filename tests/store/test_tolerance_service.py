"""Tolerance (容缺受理) at the service layer, on a real SQLite store: request, approval queue,
approve / refuse, deadlines across the 2026 National Day, supplement, termination — with
their events, their audit entries, the role matrix and every refusal changing nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from counter import audit
from counter.cases.model import CaseState
from counter.clock import CST, FixedClock
from counter.credit import CreditResult, CreditStatus
from counter.errors import CalendarUnknown, CounterError
from counter.intake.intake import MaterialStatus
from counter.permissions import HALL_ONLY, PermissionDenied
from counter.ports import CreditChecker
from counter.services.tolerance import (DISHONEST_AT_APPROVAL_MESSAGE, DISHONEST_MESSAGE,
                                        SELF_APPROVAL_MESSAGE, WITHOUT_CREDIT_CHECK_NOTE,
                                        images_pdf)
from counter.tolerance import DeadlineState, RequestStatus
from tests.capture import images
from tests.store.access import ADMIN, BANK, CLERK, SUPERVISOR, access_context, audit_rows
from tests.unit.cases.helpers import CARD, T0, drafter, filled, make_template
from tests.store.pg import both_stores

#: 食品经营许可: tolerance true, M-FOOD-RULES tolerable (3 WD), promised 5 WD, hall only.
FOOD = "11140802MB1937209W4000101003000"
RULES = "M-FOOD-RULES"
#: 开餐馆一件事: 个体工商户设立登记 (no tolerance) + 食品经营许可.
RESTAURANT = "P-KCG"
TABLES = ("drafts", "cases", "case_materials", "case_history", "outbox", "tolerance_requests",
          "documents")
PEOPLE = {"clerk": CLERK, "supervisor": SUPERVISOR, "bank_staff": BANK, "admin": ADMIN}


class FakeCredit(CreditChecker):
    """A credit lookup answering from a dict: subject id → status (default clear)."""

    def __init__(self, answers: dict[str, CreditStatus] | None = None) -> None:
        self.answers = dict(answers or {})
        self.asked: list[str] = []
        self.default = CreditStatus.CLEAR  # for subjects not in ``answers``

    def check(self, id_type, subject_id):
        self.asked.append(subject_id)
        status = self.answers.get(subject_id, self.default)
        if status is CreditStatus.UNCHECKED:
            return CreditResult.unchecked("平台连接超时")
        return CreditResult(status, datetime(2026, 11, 20, 9, 30, tzinfo=CST))


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("tolerance"))


@pytest.fixture
def clock():
    return FixedClock(T0)


@pytest.fixture
def credit():
    return FakeCredit()


@pytest.fixture
def cx(template, tmp_path, clock, credit, store_url):
    c = access_context(template, tmp_path / "data", clock, db_url=store_url, credit=credit)
    yield c
    c.close()


def login(cx, role):
    uid, _name, pw = PEOPLE[role]
    return cx.users.login(uid, pw)


def confirm_supervisor(cx):
    """The supervisor enters 工号 + 密码 at the clerk's counter (当面确认)."""
    return cx.users.confirm(SUPERVISOR[0], SUPERVISOR[2])


def counts(cx) -> dict[str, int]:
    with cx.uow(read_only=True) as u:
        return {t: u.session.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in TABLES}


def food_intake(cx, *, seed: int = 3, key: str = FOOD, kind: str = "item"):
    """A complete intake of 食品经营许可 but for the food-safety rules (M-FOOD-RULES)."""
    intake = filled(cx, kind, key, seed=seed)
    intake.materials[RULES].status = MaterialStatus.MISSING
    intake.materials[RULES].copies_received = 0
    cx.intake.save(intake, drafter(cx))
    return intake


def page(cx, seed: int = 1) -> str:
    """A captured page (a real JPEG) in the store's blob folder."""
    return cx.blobs.put(images.encode(images.text_page((300, 420), seed=seed, lines=4)))


def tol(cx):
    return cx.tolerance


def request(cx, actor, intake=None, materials=(RULES,), **kw):
    intake = intake or food_intake(cx)
    kw.setdefault("commitment_pages", [page(cx)])
    return tol(cx).request(intake, actor, list(materials), kw.pop("reason", "制度文本正在修订，承诺三日内补交"), **kw)


def events(cx, case_no):
    with cx.uow(read_only=True) as u:
        rows = u.session.execute(text("SELECT seq, type, actor, payload FROM outbox "
                                      "WHERE case_no = :n ORDER BY seq"), {"n": case_no}).all()
    return [(r.seq, r.type, json.loads(r.actor), json.loads(r.payload)) for r in rows]


def last_audit(cx):
    return audit_rows(cx)[-1]


def chain_intact(cx) -> bool:
    with cx.uow(read_only=True) as u:
        return audit.verify(u.session) is None


# -- the happy path ---------------------------------------------------------------------------------


@both_stores
def test_request_then_approval_at_the_same_counter_accepts_with_tolerance(cx, credit):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    signed = page(cx)
    req = tol(cx).request(intake, clerk, [RULES], "制度文本正在修订", commitment_pages=[signed])
    assert req.status is RequestStatus.PENDING
    assert req.credit.status is CreditStatus.CLEAR and req.credit_label == "信用核查通过"
    assert [m.material for m in req.materials] == [RULES] and req.materials[0].deadline is None
    assert credit.asked == [intake.applicant(tol(cx).spec(intake))["id_number"]]
    assert (last_audit(cx).action, last_audit(cx).result) == ("tolerance.request", "ok")

    supervisor = confirm_supervisor(cx)
    assert [r.id for r in tol(cx).pending(supervisor)] == [req.id]
    result = tol(cx).approve(req.id, supervisor)
    case = result.case
    assert case.state is CaseState.AWAITING_SUPPLEMENT
    assert case.series == "S" and len(result.query_password) == 10
    assert case.decided_by.user_id == CLERK[0]
    assert case.accepted_at == T0
    assert case.promised_at == datetime(2026, 11, 27, 23, 59, 59, tzinfo=CST)  # 5 WD from Fri
    ledger = {e.material: e for e in case.materials}
    assert ledger[RULES].status == "tolerated" and ledger[RULES].copies == 0
    assert all(e.status in ("received", "not_applicable") for m, e in ledger.items() if m != RULES)
    assert case.history[0].action == "accept_tolerance"
    deadline = datetime(2026, 11, 25, 23, 59, 59, tzinfo=CST)  # 3 WD: Mon, Tue, Wed
    assert result.request.status is RequestStatus.APPROVED
    assert result.request.deadline == deadline and result.request.case_no == case.case_no
    assert result.request.materials[0].deadline == deadline
    assert result.request.commitment_blob == signed

    [(seq, kind, actor, payload)] = events(cx, case.case_no)
    assert (seq, kind, actor["user_id"], actor["role"]) == (1, "accepted", CLERK[0], "clerk")
    assert payload["tolerance"] == {"materials": [RULES], "deadline": "2026-11-25T23:59:59+08:00",
                                    "approved_by": SUPERVISOR[0], "commitment_blob": signed}
    status = {m["material"]: m["status"] for m in payload["materials"]}
    assert status[RULES] == "tolerated"
    entry = last_audit(cx)
    assert (entry.action, entry.user_id, entry.role, entry.case_no) == (
        "tolerance.approve", SUPERVISOR[0], "supervisor", case.case_no)
    detail = json.loads(entry.detail)
    assert detail["requested_by"] == CLERK[0] and detail["materials"] == 1
    assert tol(cx).pending(supervisor) == []
    with cx.uow(read_only=True) as u:
        assert u.session.execute(text("SELECT status, case_no FROM drafts WHERE id = :i"),
                                 {"i": intake.id}).one() == ("decided", case.case_no)
    assert chain_intact(cx)


@both_stores
def test_the_queue_is_shared_by_counters_of_the_store(cx, tmp_path, clock, store_url):
    """A second context on the same store (another counter; on PostgreSQL another counter of
    the hall) sees the pending request and its supervisor approves it there."""
    from tests.helpers.context import build_context
    from counter.security import fast_hasher

    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    other = build_context(tmp_path / "data", clock=clock, db_url=store_url, hasher=fast_hasher())
    try:
        other.permissions.guard.enforce(True)
        session = other.users.login(SUPERVISOR[0], SUPERVISOR[2])
        queue = other.tolerance.pending(session.actor)
        assert [r.id for r in queue] == [req.id]
        assert queue[0].requested_by.user_id == CLERK[0] and queue[0].name == "食品经营许可"
        result = other.tolerance.approve(req.id, session.actor)
    finally:
        other.close()
    assert tol(cx).get(req.id, drafter(cx)).status is RequestStatus.APPROVED
    case = cx.cases.get(result.case.case_no, drafter(cx))
    assert case.state is CaseState.AWAITING_SUPPLEMENT


def test_a_package_tolerates_a_material_serving_only_a_tolerant_item(cx):
    """开餐馆一件事: 个体工商户设立登记 takes no tolerance, but 食品经营许可's rules serve only it."""
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx, kind="package", key=RESTAURANT)
    assert [m.material for m in tol(cx).tolerable(intake)] == [RULES]
    req = request(cx, clerk, intake)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert result.case.kind == "package"
    assert result.case.state is CaseState.AWAITING_SUPPLEMENT


def test_several_signed_pages_become_one_pdf_blob(cx):
    from tests.printing.pdftext import page_count

    clerk = login(cx, "clerk").actor
    pages = [page(cx, 1), page(cx, 2)]
    req = request(cx, clerk, commitment_pages=pages)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    blob = result.request.commitment_blob
    pdf = cx.blobs.get(blob)
    assert pdf.startswith(b"%PDF-") and page_count(pdf) == 2
    assert images_pdf([cx.blobs.get(p) for p in pages]) == pdf  # deterministic
    payload = events(cx, result.case.case_no)[0][3]
    assert payload["tolerance"]["commitment_blob"] == blob


# -- credit ------------------------------------------------------------------------------------------


def test_a_dishonest_applicant_is_refused_and_nothing_is_stored(cx, credit):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    number = intake.applicant(tol(cx).spec(intake))["id_number"]
    credit.answers[number] = CreditStatus.DISHONEST
    before = counts(cx)
    with pytest.raises(CounterError) as err:
        request(cx, clerk, intake)
    assert err.value.message == DISHONEST_MESSAGE
    assert counts(cx) == before
    entry = last_audit(cx)
    assert (entry.action, entry.result) == ("tolerance.request", "refused")
    assert json.loads(entry.detail)["credit"] == "dishonest"
    assert number not in entry.detail  # no personal data in the audit trail


def test_an_offline_lookup_lets_the_request_through_marked_for_the_supervisor(cx, credit):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    credit.answers[intake.applicant(tol(cx).spec(intake))["id_number"]] = CreditStatus.UNCHECKED
    req = request(cx, clerk, intake)
    assert req.credit.status is CreditStatus.UNCHECKED
    [queued] = tol(cx).pending(confirm_supervisor(cx))
    assert queued.credit_label.startswith("未能核查信用（离线）")
    assert "平台连接超时" in queued.credit_label


def test_without_a_platform_the_default_checker_reports_offline(template, tmp_path, clock):
    c = access_context(template, tmp_path / "d2", clock)  # no checker: OfflineCreditChecker
    try:
        clerk = login(c, "clerk").actor
        req = request(c, clerk)
        assert req.credit.status is CreditStatus.UNCHECKED
        assert "未能核查信用（离线）" in req.credit_label
    finally:
        c.close()


def test_a_failing_checker_counts_as_unchecked(cx, credit):
    def boom(*_a):
        raise ConnectionError("reset")

    credit.check = boom
    req = request(cx, login(cx, "clerk").actor)
    assert req.credit.status is CreditStatus.UNCHECKED


# -- bad input: refused with a clear reason, recorded, nothing changed ------------------------------


def refused(cx, call, message_part: str, action: str):
    """Run ``call``, expect a refusal whose message contains ``message_part``, recorded in the
    audit trail as ``action``/refused, with no other row changed."""
    before = counts(cx)
    audits = len(audit_rows(cx))
    with pytest.raises(CounterError) as err:
        call()
    assert message_part in str(err.value), str(err.value)
    assert counts(cx) == before
    rows = audit_rows(cx)
    assert len(rows) == audits + 1
    assert (rows[-1].action, rows[-1].result) == (action, "refused")
    assert json.loads(rows[-1].detail)["reason"] == err.value.message
    assert chain_intact(cx)
    return err.value


def test_a_required_material_cannot_be_tolerated(cx):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    intake.materials["M-ID-CARD"].status = MaterialStatus.MISSING
    exc = refused(cx, lambda: request(cx, clerk, intake, materials=["M-ID-CARD", RULES]),
                  "为必要材料，不属于可容缺后补的材料", "tolerance.request")
    assert exc.message == "不能容缺受理："
    assert len(exc.problems) == 1 and exc.problems[0].endswith("为必要材料，不属于可容缺后补的材料")


def test_an_item_without_tolerance_is_refused(cx):
    clerk = login(cx, "clerk").actor
    intake = filled(cx, "item", CARD, seed=2)
    intake.materials["M-ID-CARD"].status = MaterialStatus.MISSING
    refused(cx, lambda: request(cx, clerk, intake, materials=["M-ID-CARD"]),
            "不接受容缺受理", "tolerance.request")


def test_another_missing_material_is_refused(cx):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    intake.materials["M-FOOD-APP"].status = MaterialStatus.MISSING
    exc = refused(cx, lambda: request(cx, clerk, intake), "除容缺材料外，申请材料不齐全",
                  "tolerance.request")
    assert len(exc.problems) == 1


def test_no_signed_commitment_and_no_reason_are_refused(cx):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    refused(cx, lambda: request(cx, clerk, intake, commitment_pages=[]),
            "由申请人签字后采集签字页", "tolerance.request")
    refused(cx, lambda: request(cx, clerk, intake, reason="  "), "请填写申请容缺受理的理由",
            "tolerance.request")


def test_bank_staff_may_not_take_a_hall_only_item(cx):
    login(cx, "clerk")
    intake = food_intake(cx)  # a draft a clerk started (bank staff could not start it)
    bank = login(cx, "bank_staff").actor
    exc = refused(cx, lambda: request(cx, bank, intake), HALL_ONLY, "tolerance.request")
    assert isinstance(exc, PermissionDenied)


def test_a_call_on_a_locked_session_is_refused(cx):
    session = login(cx, "clerk")
    intake = food_intake(cx)
    cx.users.lock(session)
    exc = refused(cx, lambda: request(cx, session.actor, intake), "屏幕已锁定",
                  "tolerance.request")
    assert isinstance(exc, PermissionDenied)


def test_self_approval_is_refused(cx):
    supervisor = login(cx, "supervisor").actor  # a supervisor may request too …
    req = request(cx, supervisor)
    refused(cx, lambda: tol(cx).approve(req.id, supervisor), SELF_APPROVAL_MESSAGE,
            "tolerance.approve")
    refused(cx, lambda: tol(cx).refuse(req.id, supervisor, "TR-01"), SELF_APPROVAL_MESSAGE,
            "tolerance.refuse")
    assert tol(cx).get(req.id, drafter(cx)).is_pending  # … but someone else decides


@both_stores
def test_a_second_request_for_the_same_intake_is_refused(cx):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    request(cx, clerk, intake)
    refused(cx, lambda: request(cx, clerk, intake), "请勿重复提交", "tolerance.request")


def test_refusal_with_a_catalog_reason_leaves_the_draft_open(cx):
    clerk = login(cx, "clerk").actor
    intake = food_intake(cx)
    req = request(cx, clerk, intake)
    supervisor = confirm_supervisor(cx)
    refused(cx, lambda: tol(cx).refuse(req.id, supervisor, "R-01"), "不同意容缺理由",
            "tolerance.refuse")
    out = tol(cx).refuse(req.id, supervisor, "TR-03", "申请人不愿签署")
    assert out.status is RequestStatus.REFUSED and out.refuse_code == "TR-03"
    assert out.decided_by.user_id == SUPERVISOR[0]
    assert counts(cx)["cases"] == 0
    entry = last_audit(cx)
    assert (entry.action, entry.result, json.loads(entry.detail)["reason_code"]) == (
        "tolerance.refuse", "ok", "TR-03")
    refused(cx, lambda: tol(cx).approve(req.id, supervisor), "不同意容缺", "tolerance.approve")
    # the clerk tells the applicant what is missing instead
    case = cx.cases.notify(intake.id, clerk)
    assert case.missing == [RULES]


# -- the credit re-check at approval (审批时再次核查信用) ----------------------------------------------


def test_offline_at_request_then_dishonest_at_approval_is_refused(cx, credit):
    credit.default = CreditStatus.UNCHECKED  # the platform does not answer at the request …
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    assert req.credit.status is CreditStatus.UNCHECKED
    credit.default = CreditStatus.DISHONEST  # … and says dishonest at the approval
    supervisor = confirm_supervisor(cx)
    refused(cx, lambda: tol(cx).approve(req.id, supervisor), "存在失信记录", "tolerance.approve")
    entry = last_audit(cx)
    detail = json.loads(entry.detail)
    assert detail["reason"] == DISHONEST_AT_APPROVAL_MESSAGE
    assert (detail["credit"], detail["credit_at_approval"]) == ("unchecked", "dishonest")
    assert entry.user_id == SUPERVISOR[0] and entry.case_no is None
    assert not any(ch.isdigit() for ch in DISHONEST_AT_APPROVAL_MESSAGE)  # no ID number
    after = tol(cx).get(req.id, drafter(cx))
    assert after.is_pending and after.credit.status is CreditStatus.UNCHECKED
    assert len(credit.asked) == 2
    # the supervisor refuses it with a catalog reason instead
    assert tol(cx).refuse(req.id, supervisor, "TR-01").status is RequestStatus.REFUSED


def test_offline_at_request_and_at_approval_is_approved_and_says_so(cx, credit):
    credit.default = CreditStatus.UNCHECKED
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))  # the supervisor's confirmation
    assert result.case.state is CaseState.AWAITING_SUPPLEMENT
    assert len(credit.asked) == 2  # looked up again at the approval
    assert result.request.credit.status is CreditStatus.UNCHECKED
    assert result.request.credit.note == WITHOUT_CREDIT_CHECK_NOTE
    assert WITHOUT_CREDIT_CHECK_NOTE in result.request.credit_label
    assert WITHOUT_CREDIT_CHECK_NOTE in result.case.history[0].note
    entry = last_audit(cx)
    detail = json.loads(entry.detail)
    assert (entry.action, entry.result) == ("tolerance.approve", "ok")
    assert (detail["credit"], detail["credit_at_approval"]) == ("unchecked", "unchecked")
    assert tol(cx).of_case(result.case.case_no, drafter(cx)).credit.note == \
        WITHOUT_CREDIT_CHECK_NOTE
    assert chain_intact(cx)


def test_offline_at_request_and_clear_at_approval_records_the_check(cx, credit):
    credit.default = CreditStatus.UNCHECKED
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    credit.default = CreditStatus.CLEAR
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert result.request.credit.status is CreditStatus.CLEAR
    assert result.request.credit.checked_at is not None
    assert WITHOUT_CREDIT_CHECK_NOTE not in result.case.history[0].note
    detail = json.loads(last_audit(cx).detail)
    assert (detail["credit"], detail["credit_at_approval"]) == ("unchecked", "clear")


def test_a_request_checked_clear_is_not_looked_up_again(cx, credit):
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    credit.default = CreditStatus.DISHONEST  # would refuse, but nobody asks again
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert len(credit.asked) == 1
    detail = json.loads(last_audit(cx).detail)
    assert (detail["credit"], detail["credit_at_approval"]) == ("clear", "clear")
    assert result.case.state is CaseState.AWAITING_SUPPLEMENT


def test_a_self_approval_is_refused_before_the_credit_lookup(cx, credit):
    credit.default = CreditStatus.UNCHECKED
    supervisor = login(cx, "supervisor").actor
    req = request(cx, supervisor)
    refused(cx, lambda: tol(cx).approve(req.id, supervisor), SELF_APPROVAL_MESSAGE,
            "tolerance.approve")
    assert len(credit.asked) == 1  # the request's lookup only


# -- the role matrix at the service layer ------------------------------------------------------------


def _call(cx, action, actor, req_id, case_no, intake):
    t = tol(cx)
    return {
        "request": lambda: request(cx, actor, intake),
        "queue": lambda: t.pending(actor),
        "approve": lambda: t.approve(req_id, actor),
        "refuse": lambda: t.refuse(req_id, actor, "TR-01"),
        "deadlines": lambda: t.deadlines(actor),
        "view": lambda: t.get(req_id, actor),
        "of_case": lambda: t.of_case(case_no, actor),
        "of_draft": lambda: t.of_draft(intake.id, actor),
        "supplement": lambda: t.supplement(case_no, actor, {RULES: [page(cx, 9)]}),
        "terminate": lambda: t.terminate(case_no, actor, "逾期未补交"),
    }[action]()


ALLOWED = {"request": {"clerk", "supervisor"},  # bank staff: the item is hall-only
           "queue": {"supervisor"}, "approve": {"supervisor"}, "refuse": {"supervisor"},
           "deadlines": {"supervisor"}, "supplement": {"clerk", "supervisor"},
           "terminate": {"supervisor"},
           # reads (tolerance.view): counter staff; audited only when refused
           "view": {"clerk", "bank_staff", "supervisor"},
           "of_case": {"clerk", "bank_staff", "supervisor"},
           "of_draft": {"clerk", "bank_staff", "supervisor"}}
READS = ("queue", "deadlines", "view", "of_case", "of_draft")


@pytest.mark.parametrize("role", ["clerk", "bank_staff", "supervisor", "admin"])
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_role_matrix(cx, clock, role, action):
    # a pending request by the clerk, and an overdue case accepted with tolerance
    clerk = login(cx, "clerk").actor
    pending = request(cx, clerk)
    other = request(cx, clerk, food_intake(cx, seed=5))
    case_no = tol(cx).approve(other.id, confirm_supervisor(cx)).case.case_no
    clock.advance(days=10)
    fresh = food_intake(cx, seed=7)
    actor = login(cx, role).actor
    if role in ALLOWED[action]:
        _call(cx, action, actor, pending.id, case_no, fresh)
        assert (last_audit(cx).result == "ok") or action in READS
    else:
        before = counts(cx)
        with pytest.raises(PermissionDenied):
            _call(cx, action, actor, pending.id, case_no, fresh)
        assert counts(cx) == before
        assert (last_audit(cx).result, last_audit(cx).user_id) == ("refused", actor.user_id)


# -- supplement and termination ------------------------------------------------------------------------


def approved_case(cx):
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    return clerk, tol(cx).approve(req.id, confirm_supervisor(cx))


@both_stores
def test_supplement_closes_the_commitment(cx, clock):
    clerk, result = approved_case(cx)
    case_no = result.case.case_no
    assert tol(cx).deadlines(confirm_supervisor(cx)).counts[DeadlineState.NORMAL] == 1
    clock.advance(days=3)  # Monday
    refused(cx, lambda: tol(cx).supplement(case_no, clerk, {"M-ID-CARD": [page(cx, 4)]}),
            "不是本办件的容缺材料", "case.supplement")
    pages = [page(cx, 5), page(cx, 6)]
    out = tol(cx).supplement(case_no, clerk, {RULES: pages})
    assert out.complete and not out.overdue
    assert out.case.state is CaseState.ACCEPTED
    [entry] = out.supplemented
    assert (entry.material, entry.status, list(entry.pages), entry.copies) == (
        RULES, "received", pages, 1)
    assert out.case.history[-1].action == "supplement"
    assert "已全部补齐" in out.case.history[-1].note
    evs = events(cx, case_no)
    assert [(s, t) for s, t, _a, _p in evs] == [(1, "accepted"), (2, "supplemented")]
    assert evs[1][3] == {"materials": [{"material": RULES, "blobs": pages}]}
    assert evs[1][2]["user_id"] == CLERK[0]
    a = last_audit(cx)
    assert (a.action, a.case_no, json.loads(a.detail)["remaining"]) == (
        "case.supplement", case_no, 0)
    assert tol(cx).of_case(case_no, drafter(cx)).status is RequestStatus.FULFILLED
    assert tol(cx).deadlines(confirm_supervisor(cx)).entries == ()
    refused(cx, lambda: tol(cx).supplement(case_no, clerk, {RULES: pages}), "已补齐",
            "case.supplement")
    assert chain_intact(cx)


@both_stores
def test_termination_only_once_overdue(cx, clock):
    _clerk, result = approved_case(cx)
    case_no = result.case.case_no
    supervisor = confirm_supervisor(cx)
    refused(cx, lambda: tol(cx).terminate(case_no, supervisor, "逾期未补交"), "尚未届满",
            "case.terminate")
    clock.set(datetime(2026, 11, 25, 23, 59, 59, tzinfo=CST))  # the last second
    report = tol(cx).deadlines(confirm_supervisor(cx))
    assert [e.state for e in report.entries] == [DeadlineState.DUE_SOON]
    clock.advance(seconds=1)
    supervisor = confirm_supervisor(cx)
    report = tol(cx).deadlines(supervisor)
    assert report.counts == {DeadlineState.NORMAL: 0, DeadlineState.DUE_SOON: 0,
                             DeadlineState.OVERDUE: 1}
    [entry] = report.entries
    assert entry.case_no == case_no and [m.material for m in entry.materials] == [RULES]
    refused(cx, lambda: tol(cx).terminate(case_no, supervisor, "  "), "请填写终止办理的理由",
            "case.terminate")
    case = tol(cx).terminate(case_no, supervisor, "申请人逾期未补交食品安全管理制度")
    assert case.state is CaseState.TERMINATED
    assert case.history[-1].action == "terminate"
    evs = events(cx, case_no)
    assert [(s, t) for s, t, _a, _p in evs] == [(1, "accepted"), (2, "terminated")]
    assert evs[1][3] == {"reason_text": "申请人逾期未补交食品安全管理制度",
                         "approved_by": SUPERVISOR[0]}
    assert evs[1][2]["role"] == "supervisor"
    assert tol(cx).of_case(case_no, drafter(cx)).status is RequestStatus.TERMINATED
    assert tol(cx).deadlines(supervisor).entries == ()
    refused(cx, lambda: tol(cx).supplement(case_no, _clerk, {RULES: [page(cx, 7)]}),
            "已终止", "case.supplement")


def test_a_late_supplement_is_still_taken_until_terminated(cx, clock):
    clerk, result = approved_case(cx)
    clock.advance(days=20)
    out = tol(cx).supplement(result.case.case_no, clerk, {RULES: []})  # on paper
    assert out.overdue and out.complete
    assert "逾期补交" in out.case.history[-1].note
    assert events(cx, result.case.case_no)[-1][3] == {"materials": [{"material": RULES,
                                                                      "blobs": []}]}


# -- the deadline clock across the 2026 National Day --------------------------------------------------


def test_deadlines_across_national_day_with_make_up_working_days(cx, clock):
    """Accepted Wed 30 Sep 2026: Oct 1–7 are holidays and Sat Oct 10 is a make-up working
    day, so 3 working days end on Oct 10 and the 5-day promise on Tue Oct 13."""
    clock.set(datetime(2026, 9, 30, 10, 0, tzinfo=CST))
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert result.request.deadline == datetime(2026, 10, 10, 23, 59, 59, tzinfo=CST)
    assert result.case.promised_at == datetime(2026, 10, 13, 23, 59, 59, tzinfo=CST)
    expected = [((9, 30), DeadlineState.NORMAL, 3),     # Oct 8, 9 and 10 ahead
                ((10, 5), DeadlineState.NORMAL, 3),     # inside the holiday: still three
                ((10, 8), DeadlineState.NORMAL, 2),
                ((10, 9), DeadlineState.DUE_SOON, 1),
                ((10, 10), DeadlineState.DUE_SOON, 0)]  # the make-up Saturday is the last day
    for (month, day), state, left in expected:
        clock.set(datetime(2026, month, day, 9, 0, tzinfo=CST))
        report = tol(cx).deadlines(confirm_supervisor(cx))
        [entry] = report.entries
        assert (entry.state, entry.workdays_left) == (state, left), (month, day)
        assert report.counts[state] == 1
    clock.set(datetime(2026, 10, 11, 0, 0, 1, tzinfo=CST))
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert entry.state is DeadlineState.OVERDUE


def test_a_one_day_limit_ends_on_the_make_up_sunday(cx, clock):
    """企业设立登记's lease proof (1 WD) tolerated on Fri 18 Sep 2026: the next working day is
    the make-up Sunday, Sep 20."""
    clock.set(datetime(2026, 9, 18, 15, 0, tzinfo=CST))
    clerk = login(cx, "clerk").actor
    company = "11140802MB1937209W4000101001000"
    intake = filled(cx, "item", company, seed=4)
    intake.set_answer("q_premises", "leased")
    intake.sync_materials(tol(cx).spec(intake))
    from counter.cases.demo import receive_all

    receive_all(intake, tol(cx).spec(intake))
    intake.materials["M-LEASE"].status = MaterialStatus.MISSING
    req = request(cx, clerk, intake, materials=["M-LEASE"])
    [m] = tol(cx).preview(intake, ["M-LEASE"])
    assert m.deadline == datetime(2026, 9, 20, 23, 59, 59, tzinfo=CST)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    assert result.request.deadline == datetime(2026, 9, 20, 23, 59, 59, tzinfo=CST)
    clock.set(datetime(2026, 9, 19, 12, 0, tzinfo=CST))  # Saturday rest day
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert (entry.state, entry.workdays_left) == (DeadlineState.DUE_SOON, 1)


def test_an_unknown_calendar_year_refuses_the_approval(cx, clock):
    from counter.workdays import PROVISIONAL_YEARS

    last = max(PROVISIONAL_YEARS)  # the last year the calendar can compute
    clock.set(datetime(last, 12, 31, 10, 0, tzinfo=CST))
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    supervisor = confirm_supervisor(cx)
    exc = refused(cx, lambda: tol(cx).approve(req.id, supervisor), "节假日日历未更新",
                  "tolerance.approve")
    assert isinstance(exc, CalendarUnknown)
    assert tol(cx).get(req.id, drafter(cx)).is_pending


@both_stores
def test_withdraw(cx):
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    out = tol(cx).withdraw(req.id, clerk)
    assert out.status is RequestStatus.WITHDRAWN
    assert tol(cx).pending(confirm_supervisor(cx)) == []
    assert out.decided_by.user_id == CLERK[0]
    assert timedelta(0) == out.decided_at - out.requested_at


# -- several tolerated materials: per-material deadlines, partial supplements ------------------------


def two_tolerable_catalog(cx) -> None:
    """The sample catalog with 食品经营许可's layout plan (catering) tolerable for 5 WD."""
    from counter.app import SAMPLE_CATALOG

    doc = json.loads(SAMPLE_CATALOG.read_text("utf-8"))
    doc["catalog_version"] = doc["catalog_version"] + "-t2"
    item = next(i for i in doc["items"] if i["code"] == FOOD)
    for m in item["materials"]:
        if m["material"] == "M-FOOD-LAYOUT" and m["necessity"] == "required":
            m["necessity"] = "tolerable"
            m["supplement_limit"] = {"value": 5, "unit": "WD"}
    cx.catalog.import_document(json.dumps(doc, ensure_ascii=False).encode("utf-8"),
                               source="test")


def test_partial_supplements_keep_the_commitment_open(cx, clock):
    from counter.cases.demo import receive_all

    two_tolerable_catalog(cx)
    clerk = login(cx, "clerk").actor
    intake = filled(cx, "item", FOOD, seed=6)
    intake.set_answer("q_food_main", "catering")
    spec = tol(cx).spec(intake)
    intake.sync_materials(spec)
    receive_all(intake, spec)
    for mid in (RULES, "M-FOOD-LAYOUT"):
        intake.materials[mid].status = MaterialStatus.MISSING
    assert {m.material for m in tol(cx).tolerable(intake)} == {RULES, "M-FOOD-LAYOUT"}
    req = request(cx, clerk, intake, materials=[RULES, "M-FOOD-LAYOUT"])
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    deadlines = {m.material: m.deadline for m in result.request.materials}
    assert deadlines == {RULES: datetime(2026, 11, 25, 23, 59, 59, tzinfo=CST),
                         "M-FOOD-LAYOUT": datetime(2026, 11, 27, 23, 59, 59, tzinfo=CST)}
    assert result.request.deadline == deadlines["M-FOOD-LAYOUT"]  # the latest
    payload = events(cx, result.case.case_no)[0][3]
    assert sorted(payload["tolerance"]["materials"]) == sorted([RULES, "M-FOOD-LAYOUT"])
    case_no = result.case.case_no

    first = tol(cx).supplement(case_no, clerk, {RULES: [page(cx, 11)]})
    assert not first.complete and [m.material for m in first.remaining] == ["M-FOOD-LAYOUT"]
    assert first.case.state is CaseState.AWAITING_SUPPLEMENT
    assert "尚缺 1 项" in first.case.history[-1].note
    assert tol(cx).of_case(case_no, drafter(cx)).status is RequestStatus.APPROVED
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert [m.material for m in entry.materials] == ["M-FOOD-LAYOUT"]

    second = tol(cx).supplement(case_no, clerk, {"M-FOOD-LAYOUT": [page(cx, 12)]})
    assert second.complete and second.case.state is CaseState.ACCEPTED
    assert [(s, t) for s, t, _a, _p in events(cx, case_no)] == [
        (1, "accepted"), (2, "supplemented"), (3, "supplemented")]
    assert chain_intact(cx)


@both_stores
def test_a_published_year_moves_a_provisional_supplement_deadline(cx, clock):
    """A commitment approved on 29 December 2026 (3 WD: 30, 31 December and a provisional
    4 January) is recomputed when 2027 arrives with 元旦 1–5 January."""
    from counter.provisional import provisional_holidays

    clock.set(datetime(2026, 12, 29, 10, 0, tzinfo=CST))
    clerk = login(cx, "clerk").actor
    req = request(cx, clerk)
    result = tol(cx).approve(req.id, confirm_supervisor(cx))
    old = result.request.deadline
    assert cx.calendar.is_provisional(old)
    official = [{"date": d.isoformat(), "workday": False, "name": n}
                for d, n in provisional_holidays(2027)]
    official += [{"date": f"2027-01-0{d}", "workday": False, "name": "元旦"} for d in (4, 5)]
    imported = cx.calendar.import_year({"year": 2027, "overrides": official}, source="platform")
    supplement = [a for a in imported.adjusted if a.what == "supplement"]
    assert [(a.case_no, a.old) for a in supplement] == [(result.case.case_no, old.date())]
    now = tol(cx).get(req.id, drafter(cx))
    assert now.deadline == datetime(2027, 1, 6, 23, 59, 59, tzinfo=CST) == max(
        m.deadline for m in now.materials)
    assert supplement[0].new == date(2027, 1, 6)
    [entry] = tol(cx).deadlines(confirm_supervisor(cx)).entries
    assert entry.deadline == now.deadline
