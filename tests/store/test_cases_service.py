"""Case services (办件服务) on a real SQLite store: decisions, refusals, lookups, pickup,
platform statuses, rights."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from counter import audit, outbox
from counter.cases.model import CaseState
from counter.cases.numbering import parse_case_no
from counter.cases.password import ALPHABET, check_password
from counter.clock import CST
from counter.errors import CalendarUnknown, CounterError, InvalidInput, NotFound
from counter.store.models import CaseRow, DraftRow, OutboxRow
from tests.unit.cases.helpers import (CARD, DESK, DIBAO, RESTAURANT, SEAL, T0,
                                      context_from_template, counts, filled, make_template,
                                      snapshot)
from tests.store.pg import both_stores

pytestmark = both_stores  # SQLite and PostgreSQL (hall mode)

CONTRACT_KEYS = {
    "accepted": {"items", "applicant", "contact", "form", "answers", "materials", "accepted_at",
                 "promised_at", "query_password_hash"},
    "notified": {"items", "applicant", "missing", "notice_blob"},
    "rejected": {"items", "applicant", "reason_code", "reason_text", "notice_blob"},
}


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path, store_url):
    c = context_from_template(template, tmp_path / "data", db_url=store_url)
    yield c
    c.close()


@pytest.fixture
def clerk(cx):
    return cx.site.get().actor("c0012")


def events(cx, case_no):
    with cx.uow(read_only=True) as u:
        rows = u.session.scalars(select(OutboxRow).where(OutboxRow.case_no == case_no)
                                 .order_by(OutboxRow.seq)).all()
        return [outbox.event_body(r) | {"state": r.state} for r in rows]


def only_event(cx, case_no, type_):
    [ev] = events(cx, case_no)
    assert ev["seq"] == 1 and ev["type"] == type_ and ev["state"] == "pending"
    assert set(ev["payload"]) - {"package_id"} == CONTRACT_KEYS[type_]
    return ev


def test_accept_writes_everything_in_one_go(cx, clerk):
    intake = filled(cx)
    before = counts(cx)
    result = cx.cases.accept(intake.id, clerk)
    case = result.case
    after = counts(cx)
    n_mat = len(case.materials)
    assert {t: after[t] - before[t] for t in after} == {
        "drafts": 0, "cases": 1, "case_items": 1, "case_materials": n_mat, "case_history": 1,
        "case_serials": 1, "audit_log": 1, "audit_head": 1, "outbox": 1}

    parsed = parse_case_no(case.case_no)
    assert parsed.series == "S" and parsed.serial == 1 and parsed.day == T0.date()
    assert case.case_no.startswith("14080200101261120S")
    assert case.state is CaseState.ACCEPTED and case.accepted_at == T0
    assert case.promised_at == cx.calendar.add(T0, cx.catalog.active().item(CARD).promised_limit)
    assert case.promised_at == datetime(2026, 12, 4, 23, 59, 59, tzinfo=CST)  # 10 WD
    assert len(result.query_password) == 10 and set(result.query_password) <= set(ALPHABET)
    assert case.query_password == result.query_password
    assert all(m.status == "received" for m in case.materials)

    ev = only_event(cx, case.case_no, "accepted")
    assert ev["actor"] == clerk.to_json()
    assert ev["occurred_at"] == "2026-11-20T09:30:00+08:00"
    p = ev["payload"]
    assert check_password(case.case_no, result.query_password, p["query_password_hash"])
    assert p["query_password_hash"].startswith("$argon2id$")  # salted, slow (docs/sync.md)
    assert p["applicant"] == case.applicant.to_json()
    assert p["items"] == [{"code": CARD, "name": "社会保障卡申领"}]
    assert {m["material"] for m in p["materials"]} == {m.material for m in case.materials}
    assert p["contact"]["mobile"] == case.form["contact.mobile"]

    stored = cx.cases.get(case.case_no.lower(), DESK)
    assert stored.query_password is None
    assert stored.form == case.form and stored.materials == case.materials
    assert [h.action for h in stored.history] == ["accept"]
    with cx.uow(read_only=True) as u:
        row = u.session.get(CaseRow, case.case_no)
        assert check_password(case.case_no, result.query_password, row.query_password_hash)
        assert result.query_password not in json.dumps([row.form, row.contact, row.answers])
        draft = u.session.get(DraftRow, intake.id)
        assert (draft.status, draft.case_no) == ("decided", case.case_no)
        assert audit.verify(u.session) is None


def test_accept_an_unsaved_intake_object(cx, clerk):
    intake = filled(cx, save=False)
    case = cx.cases.accept(intake, clerk).case
    with cx.uow(read_only=True) as u:
        assert u.session.get(DraftRow, intake.id).status == "decided"
    assert cx.intake.unfinished(DESK) == []
    with pytest.raises(InvalidInput, match="已办结"):
        cx.cases.accept(intake, clerk)
    assert cx.cases.get(case.case_no, DESK).state is CaseState.ACCEPTED


def test_accept_a_package(cx, clerk):
    case = cx.cases.accept(filled(cx, "package", RESTAURANT).id, clerk).case
    assert case.kind == "package" and len(case.items) == 2
    ev = only_event(cx, case.case_no, "accepted")
    assert ev["payload"]["package_id"] == RESTAURANT
    assert [i["code"] for i in ev["payload"]["items"]] == [c for c, _ in case.items]
    assert case.promised_at == datetime(2026, 11, 27, 23, 59, 59, tzinfo=CST)  # 5 WD


def test_accept_an_organisation(cx, clerk):
    case = cx.cases.accept(filled(cx, "item", SEAL).id, clerk).case
    assert case.applicant.type == "organisation" and case.applicant.id_type == "001"
    assert case.applicant.id_number == case.form["enterprise.uscc"]


def test_serials_count_per_series(cx, clerk):
    a1 = cx.cases.accept(filled(cx, seed=1).id, clerk).case
    n1 = cx.cases.notify(filled(cx, seed=2, materials="missing").id, clerk)
    a2 = cx.cases.accept(filled(cx, seed=3).id, clerk).case
    r1 = cx.cases.reject(filled(cx, seed=4).id, clerk, "REJ-03", "不符合条件")
    got = [(parse_case_no(c.case_no).series, parse_case_no(c.case_no).serial)
           for c in (a1, n1, a2, r1)]
    assert got == [("S", 1), ("G", 1), ("S", 2), ("B", 1)]


def test_form_values_are_stored_normalised_and_stale_ones_dropped(cx, clerk):
    intake = filled(cx)
    intake.form["contact.mobile"] = "+86 " + intake.form["contact.mobile"][:3] + " " + \
        intake.form["contact.mobile"][3:]
    intake.form["applicant.id_number"] = " " + intake.form["applicant.id_number"].lower() + " "
    intake.form["agent.name"] = "不相关的代理人"  # q_agent == self: the field does not apply
    intake.answers["q_unknown"] = "x"
    case = cx.cases.accept(intake, clerk).case
    assert case.form["contact.mobile"].isdigit() and len(case.form["contact.mobile"]) == 11
    assert case.form["applicant.id_number"] == case.form["applicant.id_number"].strip().upper()
    assert "agent.name" not in case.form and "q_unknown" not in case.answers


def test_notify_records_the_complete_missing_list(cx, clerk):
    intake = filled(cx, materials="missing", seed=5)
    spec = cx.intake.spec(intake)
    missing = [m.id for m in intake.missing(spec)]
    case = cx.cases.notify(intake.id, clerk)
    assert case.state is CaseState.NOTIFIED and parse_case_no(case.case_no).series == "G"
    assert case.missing == missing and case.accepted_at is None and case.promised_at is None
    assert {m.material for m in case.materials if m.status == "missing"} == set(missing)
    ev = only_event(cx, case.case_no, "notified")
    # no renderer is wired here (pure store): nothing archived, notice_blob null — with one,
    # see tests/store/test_decision_documents.py
    assert ev["payload"]["missing"] == missing and ev["payload"]["notice_blob"] is None
    assert cx.cases.get(case.case_no, DESK).missing == missing


def test_reject_with_a_catalog_reason(cx, clerk):
    case = cx.cases.reject(filled(cx).id, clerk, "REJ-03", "  申请人不具备申请资格。 ")
    assert case.state is CaseState.REJECTED and parse_case_no(case.case_no).series == "B"
    assert (case.reason_code, case.reason_text) == ("REJ-03", "申请人不具备申请资格。")
    ev = only_event(cx, case.case_no, "rejected")
    assert ev["payload"]["reason_code"] == "REJ-03"


# -- refusals change nothing -----------------------------------------------------------------

def refused(cx, call, exc=CounterError):
    before = snapshot(cx)
    with pytest.raises(exc) as e:
        call()
    assert snapshot(cx) == before
    return e.value


def test_accept_with_missing_materials_is_refused_with_the_list(cx, clerk):
    intake = filled(cx, materials="missing")
    names = [m.name for m in intake.missing(cx.intake.spec(intake))]
    e = refused(cx, lambda: cx.cases.accept(intake.id, clerk), InvalidInput)
    assert e.problems == names and "不齐全" in e.message


def test_invalid_form_is_refused_with_every_problem(cx, clerk):
    intake = filled(cx)
    intake.form["applicant.id_number"] = intake.form["applicant.id_number"][:-1] + (
        "0" if intake.form["applicant.id_number"][-1] != "0" else "1")
    intake.form["contact.mobile"] = "12345"
    del intake.form["card.bank"]
    cx.intake.save(intake, DESK)
    e = refused(cx, lambda: cx.cases.accept(intake.id, clerk), InvalidInput)
    assert len(e.problems) == 3
    assert any("社会保障卡合作银行" in p and "必填" in p for p in e.problems)
    text = str(e)
    assert intake.form["applicant.id_number"] not in text and "12345" not in text


def test_calendar_unknown_is_refused_and_takes_no_number(cx, clerk):
    # a year not published yet is provisional (tests/store/test_calendar_adjust.py); one
    # beyond 2099 cannot be computed at all
    cx.clock.set(datetime(2099, 12, 21, 10, 0, tzinfo=CST))  # 20 WD reach into 2100
    intake = filled(cx, "item", DIBAO)
    e = refused(cx, lambda: cx.cases.accept(intake.id, clerk), CalendarUnknown)
    assert "2100" in e.message
    cx.clock.set(datetime(2099, 12, 21, 10, 5, tzinfo=CST))
    case = cx.cases.accept(filled(cx, "item", SEAL, seed=9).id, clerk).case  # same day
    assert parse_case_no(case.case_no).serial == 1


def test_a_decision_that_fails_late_leaves_no_gap(cx, clerk, monkeypatch):
    intake = filled(cx)

    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outbox, "append_event", broken)
    refused(cx, lambda: cx.cases.accept(intake.id, clerk), RuntimeError)
    monkeypatch.undo()
    case = cx.cases.accept(intake.id, clerk).case
    assert parse_case_no(case.case_no).serial == 1


def test_notify_refusals(cx, clerk):
    complete = filled(cx)
    refused(cx, lambda: cx.cases.notify(complete.id, clerk), InvalidInput)
    open_question = filled(cx, materials="missing", seed=2)
    open_question.answers.pop("q_agent")
    cx.intake.save(open_question, DESK)
    e = refused(cx, lambda: cx.cases.notify(open_question.id, clerk), InvalidInput)
    assert e.problems and e.problems[0].startswith("请回答")
    anonymous = filled(cx, materials="missing", seed=3)
    del anonymous.form["applicant.id_number"]
    cx.intake.save(anonymous, DESK)
    refused(cx, lambda: cx.cases.notify(anonymous.id, clerk), InvalidInput)


@pytest.mark.parametrize("code,text", [("TR-01", "说明"), ("NOPE", "说明"), ("REJ-01", "   ")])
def test_reject_refusals(cx, clerk, code, text):
    intake = filled(cx)
    refused(cx, lambda: cx.cases.reject(intake.id, clerk, code, text), InvalidInput)


def test_unknown_or_discarded_drafts_are_refused(cx, clerk):
    refused(cx, lambda: cx.cases.accept("no-such-draft", clerk), NotFound)
    intake = filled(cx)
    cx.intake.discard(intake.id, DESK)
    refused(cx, lambda: cx.cases.accept(intake.id, clerk), InvalidInput)


# -- rights ----------------------------------------------------------------------------------

def test_admin_may_not_decide_and_the_refusal_is_audited(cx):
    admin = cx.site.get().actor("a0001", "admin")
    intake = filled(cx)
    before = counts(cx)
    with pytest.raises(CounterError, match="无权"):
        cx.cases.accept(intake.id, admin)
    after = counts(cx)
    assert {t for t in after if after[t] != before[t]} == {"audit_log", "audit_head"}
    with cx.uow(read_only=True) as u:
        from counter.store.models import AuditRow
        row = u.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
        assert (row.user_id, row.role, row.result, row.action) == (
            "a0001", "admin", "refused", "case.accept")
        assert audit.verify(u.session) is None


def test_bank_staff_only_for_bank_point_items(cx):
    staff = cx.site.get().actor("b0001", "bank_staff")
    seal = filled(cx, "item", SEAL)
    with pytest.raises(CounterError, match="请到政务服务大厅办理"):
        cx.cases.accept(seal.id, staff)
    assert cx.cases.accept(filled(cx, seed=2).id, staff).case.decided_by == staff


def test_a_bank_point_site_takes_only_bank_point_items(cx):
    cx.site.update(kind="bank_point")
    clerk = cx.site.get().actor("c0001")
    with pytest.raises(CounterError, match="请到政务服务大厅办理"):
        cx.cases.notify(filled(cx, "item", SEAL, materials="missing").id, clerk)
    assert cx.cases.count() == 0


def test_the_site_profile_makes_the_number(cx):
    cx.site.update(site_code="023", counter_code="45")
    clerk = cx.site.get().actor("c0001")
    case = cx.cases.accept(filled(cx).id, clerk).case
    assert case.case_no.startswith("14080202345261120S00001")
    assert clerk.site == "140802-023" and clerk.counter == "45"


# -- lookups ----------------------------------------------------------------------------------

def test_get_unknown_or_invalid_numbers(cx, clerk):
    case = cx.cases.accept(filled(cx).id, clerk).case
    other = case.case_no[:-6] + "00099"
    from counter.cases.numbering import check_char
    other = other + check_char(other)
    with pytest.raises(NotFound, match=f"未找到办件 {other}"):
        cx.cases.get(other, DESK)
    with pytest.raises(NotFound, match="校验位不符"):
        cx.cases.get(case.case_no[:-1] + ("A" if case.case_no[-1] != "A" else "B"), DESK)
    with pytest.raises(NotFound, match="不是办件编号") as e:
        cx.cases.get(case.applicant.id_number, DESK)
    assert case.applicant.id_number not in str(e.value)


def test_find_by_number_id_and_name(cx, clerk):
    first = filled(cx, seed=11)
    a = cx.cases.accept(first.id, clerk).case
    cx.clock.advance(minutes=10)
    again = filled(cx, seed=12, materials="missing")
    for key in ("applicant.name", "applicant.id_number", "applicant.gender"):
        again.form[key] = first.form[key]
    cx.intake.save(again, DESK)
    b = cx.cases.notify(again.id, clerk)
    cx.clock.advance(minutes=10)
    c = cx.cases.accept(filled(cx, seed=13).id, clerk).case

    spaced = " ".join([a.case_no[:11].lower(), a.case_no[11:]])
    assert [s.case_no for s in cx.cases.find(spaced, DESK)] == [a.case_no]
    by_id = cx.cases.find(a.applicant.id_number.lower(), DESK)
    assert [s.case_no for s in by_id] == [b.case_no, a.case_no]
    by_name = cx.cases.find(a.applicant.name, DESK)
    assert [s.case_no for s in by_name] == [b.case_no, a.case_no]
    assert by_name[0].state is CaseState.NOTIFIED and by_name[0].applicant_name == a.applicant.name
    prefix = cx.cases.find(c.applicant.name[:1], DESK)
    assert c.case_no in [s.case_no for s in prefix]
    assert all(s.applicant_name.startswith(c.applicant.name[:1]) for s in prefix)
    assert cx.cases.find("不存在的人", DESK) == [] and cx.cases.find("  ", DESK) == []
    assert cx.cases.find("100%", DESK) == []
    with pytest.raises(InvalidInput, match="校验位不符"):
        cx.cases.find(a.case_no[:-1] + ("A" if a.case_no[-1] != "A" else "B"), DESK)
    assert len(cx.cases.find(a.applicant.name, DESK, limit=1)) == 1


def test_history_and_count(cx, clerk):
    case = cx.cases.accept(filled(cx).id, clerk).case
    assert [h.action for h in cx.cases.history(case.case_no, DESK)] == ["accept"]
    assert cx.cases.count() == 1
    with pytest.raises(NotFound):
        cx.cases.history(case.case_no[:-6] + "000990", DESK)


# -- after the decision -----------------------------------------------------------------------

def approved_case(cx, clerk, **kw):
    case = cx.cases.accept(filled(cx, **kw).id, clerk).case
    cx.cases.apply_status(case.case_no, "received", T0 + timedelta(minutes=1))
    cx.cases.apply_status(case.case_no, "in_review", T0 + timedelta(hours=1), "审查中")
    return cx.cases.apply_status(case.case_no, "approved", T0 + timedelta(days=1), "准予许可",
                                 {"licence_no": "L-1"}).case


def test_platform_statuses_move_the_case(cx, clerk):
    case = approved_case(cx, clerk)
    assert case.state is CaseState.APPROVED and case.result == {"licence_no": "L-1"}
    assert case.status_message == "准予许可"
    assert [h.action for h in case.history] == ["accept", "platform.received",
                                                "platform.in_review", "platform.approved"]
    assert case.history[1].actor is None
    assert len(events(cx, case.case_no)) == 1  # the platform is not told what it told us
    again = cx.cases.apply_status(case.case_no, "approved", T0 + timedelta(days=1))
    assert not again.changed  # a repeated feed entry is reported as already applied
    assert len(again.case.history) == 4  # and changes nothing


def test_platform_status_refusals(cx, clerk):
    notified = cx.cases.notify(filled(cx, materials="missing").id, clerk)
    accepted = cx.cases.accept(filled(cx, seed=2).id, clerk).case
    refused(cx, lambda: cx.cases.apply_status(notified.case_no, "in_review", T0))
    refused(cx, lambda: cx.cases.apply_status(notified.case_no, "received", T0))
    refused(cx, lambda: cx.cases.apply_status(accepted.case_no, "granted", T0), InvalidInput)
    refused(cx, lambda: cx.cases.apply_status(accepted.case_no, "approved",
                                              datetime(2026, 11, 21)), InvalidInput)
    cx.cases.apply_status(accepted.case_no, "completed", "2026-11-21T10:00:00+08:00")
    refused(cx, lambda: cx.cases.apply_status(accepted.case_no, "in_review", T0))


def test_pickup_by_the_applicant(cx, clerk):
    case = approved_case(cx, clerk)
    cx.clock.advance(days=3)
    done = cx.cases.pickup(case.case_no, clerk)
    assert done.state is CaseState.CLOSED
    assert done.picked_up.by_applicant and done.picked_up.name == case.applicant.name
    assert done.picked_up.at == cx.clock.now() and done.picked_up.actor == clerk
    evs = events(cx, case.case_no)
    assert [(e["seq"], e["type"]) for e in evs] == [(1, "accepted"), (2, "picked_up")]
    assert evs[1]["payload"] == {"picked_up_by": {"name": case.applicant.name, "id_type": "111",
                                                  "id_number": case.applicant.id_number}}
    refused(cx, lambda: cx.cases.pickup(case.case_no, clerk))  # closed: nothing to hand out


def test_pickup_by_an_agent(cx, clerk):
    from counter.idcard import training_cards

    case = approved_case(cx, clerk)
    card = training_cards()[1]
    done = cx.cases.pickup(case.case_no, clerk, {"name": card.name, "id_type": "111",
                                                 "id_number": card.id_number.lower()})
    assert not done.picked_up.by_applicant and done.picked_up.id_number == card.id_number
    assert events(cx, case.case_no)[-1]["payload"]["picked_up_by"]["name"] == card.name


@pytest.mark.parametrize("agent", [
    {"name": "李四", "id_type": "111", "id_number": "140802199007020223"},  # bad checksum
    {"name": "", "id_type": "111", "id_number": "140802199007020222"},
    {"name": "李四", "id_type": "001", "id_number": "140802199007020222"},
    {"name": "李四", "id_type": "414", "id_number": "E1234-567"},
])
def test_pickup_by_an_agent_with_invalid_identity_is_refused(cx, clerk, agent):
    case = approved_case(cx, clerk)
    e = refused(cx, lambda: cx.cases.pickup(case.case_no, clerk, agent), InvalidInput)
    assert agent["id_number"] not in str(e)


def test_pickup_before_the_result_is_refused(cx, clerk):
    case = cx.cases.accept(filled(cx).id, clerk).case
    refused(cx, lambda: cx.cases.pickup(case.case_no, clerk))
    refused(cx, lambda: cx.cases.pickup(case.case_no[:-1] + "0", clerk), NotFound)


# -- prefill (免填写) -------------------------------------------------------------------------

def test_prefill_from_the_latest_case_of_the_same_applicant(cx, clerk):
    case = cx.cases.accept(filled(cx).id, clerk).case
    values = cx.intake.prefill_for(case.applicant.id_number.lower(), DESK)
    assert values["applicant.name"] == case.applicant.name
    assert values["contact.mobile"] == case.form["contact.mobile"]
    assert "card.bank" not in values  # item-specific
    assert all(k.split(".")[0] in ("applicant", "contact", "hukou", "bank") for k in values)
    assert cx.intake.prefill_for(case.applicant.id_number, DESK, keys=["applicant.name"]) == {
        "applicant.name": case.applicant.name}
    assert cx.intake.prefill_for(case.applicant.id_number, DESK, applicant_type="organisation") is None
    assert cx.intake.prefill_for("110101199003070000", DESK) is None
    assert cx.intake.prefill_for("", DESK) is None


def test_prefill_for_an_organisation(cx, clerk):
    case = cx.cases.accept(filled(cx, "item", SEAL).id, clerk).case
    values = cx.intake.prefill_for(case.applicant.id_number, DESK, applicant_type="organisation")
    assert values["enterprise.uscc"] == case.applicant.id_number
    assert not any(k.startswith("applicant.") for k in values)  # the person handling it
    assert cx.intake.prefill_for(case.applicant.id_number, DESK) is None


def test_the_audit_chain_holds_after_many_decisions(cx, clerk):
    for seed in range(4):
        cx.cases.accept(filled(cx, seed=seed).id, clerk)
    cx.cases.notify(filled(cx, seed=9, materials="missing").id, clerk)
    with cx.uow(read_only=True) as u:
        assert audit.verify(u.session) is None
        details = [r for (r,) in u.session.execute(select(CaseRow.applicant_id_number))]
        from counter.store.models import AuditRow
        text = json.dumps([(a.detail, a.user_id) for a in u.session.scalars(select(AuditRow))],
                          ensure_ascii=False)
    assert not any(number in text for number in details)  # no personal data in the audit log


# -- issue 11: legal deadline, reasons scoped to the item type, the competent authority named --


def test_accept_records_the_legal_deadline_beside_the_promised_one(cx, clerk):
    case = cx.cases.accept(filled(cx).id, clerk).case  # 社会保障卡申领: 10 WD promised, 20 WD legal
    assert case.legal_at is not None and case.legal_at > case.promised_at
    assert case.legal_at.astimezone(CST).date().isoformat() == "2026-12-18"
    assert cx.cases.get(case.case_no, clerk).legal_at == case.legal_at


def test_a_reject_reason_must_fit_the_item_type(cx, clerk):
    intake = filled(cx)  # 公共服务: the 行政许可 grounds do not apply
    refused(cx, lambda: cx.cases.reject(intake.id, clerk, "REJ-01", "申请事项无需许可。"),
            InvalidInput)
    assert cx.cases.reject(intake.id, clerk, "REJ-03", "申请人不属于服务对象。").reason_code == "REJ-03"


def test_not_competent_names_the_authority_to_apply_to(cx, clerk):
    intake = filled(cx)
    for vague in ("请向有关部门申请。", "不属于本部门职责，请向其他部门申请。"):
        refused(cx, lambda: cx.cases.reject(intake.id, clerk, "REJ-06", vague), InvalidInput)
    case = cx.cases.reject(intake.id, clerk, "REJ-06", "应向运城市人力资源和社会保障局申请。")
    assert case.reason_code == "REJ-06"
