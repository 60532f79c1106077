"""The role matrix at the service layer: for each action and role, allowed or refused — and
every refusal recorded in the audit trail."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from counter import audit
from counter.cases.model import CaseState
from counter.clock import FixedClock
from counter.identity import ROLES, SiteProfile
from counter.permissions import MATRIX, PermissionDenied, allowed
from counter.services.cases import DECIDING_ROLES
from tests.conftest import SAMPLE_CATALOG
from tests.store.access import ADMIN, BANK, CLERK, SUPERVISOR, TEMP, access_context, audit_rows
from tests.unit.cases.helpers import CARD, SEAL, T0, counts, filled, make_template

PEOPLE = {"admin": ADMIN, "clerk": CLERK, "supervisor": SUPERVISOR, "bank_staff": BANK}


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0))
    yield c
    c.close()


SYNC = ("sync01", "同步服务", "Sync#Desk2026")


def login(cx, role):
    users = cx.users
    if role == "sync":  # the service account (users create-service), on the command line
        admin = users.login(ADMIN[0], ADMIN[2])
        users.create_service_account(admin.actor, *SYNC)
        users.logout(admin)
        return users.login(SYNC[0], SYNC[2], channel="cli")
    uid, _name, pw = PEOPLE[role]
    return users.login(uid, pw)


def last(cx):
    return audit_rows(cx)[-1]


# -- the matrix itself, through Permissions.require --------------------------------------------


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_action_for_every_role(cx, role):
    """require() in a unit of work: allowed actions pass, the others are refused and audited."""
    actor = login(cx, role).actor
    perm = cx.permissions
    for action, rule in MATRIX.items():
        before = len(audit_rows(cx))
        with cx.uow() as u:
            if role in rule.roles:
                perm.require(u.session, actor, action)
            else:
                with pytest.raises(PermissionDenied) as err:
                    perm.require(u.session, actor, action, case_no="X1")
                assert err.value.action == action
                assert err.value.message == f"当前角色（{ROLES[role]}）无权{rule.label}。"
        rows = audit_rows(cx)
        if role in rule.roles:
            assert len(rows) == before, action
        else:
            entry = rows[-1]
            assert len(rows) == before + 1, action
            assert (entry.action, entry.result, entry.user_id, entry.role, entry.case_no) == (
                action, "refused", actor.user_id, role, "X1")
    with cx.uow(read_only=True) as u:
        assert audit.verify(u.session) is None


def test_refusal_in_a_read_only_unit_of_work_is_recorded_too(cx):
    clerk = login(cx, "clerk").actor
    with cx.uow(read_only=True) as u:
        with pytest.raises(PermissionDenied):
            cx.permissions.require(u.session, clerk, "user.view")
    assert (last(cx).action, last(cx).result) == ("user.view", "refused")


def test_a_refusal_rolls_back_what_the_call_did_before(cx):
    from counter.store.models import SettingRow

    clerk = login(cx, "clerk").actor
    with cx.uow() as u:
        u.session.add(SettingRow(key="half-way", value="x"))
        u.session.flush()
        with pytest.raises(PermissionDenied):
            cx.permissions.require(u.session, clerk, "site.update")
    with cx.uow(read_only=True) as u:
        assert u.session.get(SettingRow, "half-way") is None
    assert last(cx).action == "site.update"


def test_unknown_actions_are_programming_errors(cx):
    clerk = login(cx, "clerk").actor
    with cx.uow() as u, pytest.raises(ValueError, match="not in the role matrix"):
        cx.permissions.require(u.session, clerk, "case.teleport")


# -- the matrix through the real services ------------------------------------------------------


def _user_calls(cx):
    users = cx.users
    settings = cx.settings
    profile = SiteProfile(region_code="140802", site_name="某某区政务服务中心")
    return {
        "user.view": lambda a: users.list_users(a),
        "user.create": lambda a: users.create_user(a, "n0001", "新人", ["clerk"], TEMP),
        "user.disable": lambda a: users.disable(a, "b0101"),
        "user.enable": lambda a: users.enable(a, "b0101"),
        "user.reset_password": lambda a: users.reset_password(a, "b0101", TEMP),
        "user.set_roles": lambda a: users.set_roles(a, "b0101", ["bank_staff", "clerk"]),
        "site.update": lambda a: settings.save_profile(a, profile),
        "settings.update": lambda a: settings.set_idle_minutes(a, 7),
        "audit.verify": lambda a: cx.audit.verify_as(a),
    }


@pytest.mark.parametrize("role", sorted(ROLES))
def test_administration_services_follow_the_matrix(cx, role):
    actor = login(cx, role).actor
    for action, call in _user_calls(cx).items():
        if allowed(role, action):
            call(actor)
            if action != "user.view":  # reads are audited only when refused
                assert (last(cx).action, last(cx).result) == (action, "ok")
        else:
            with pytest.raises(PermissionDenied, match="无权"):
                call(actor)
            assert (last(cx).action, last(cx).result, last(cx).role) == (action, "refused", role)


def test_change_own_password_is_for_everyone(cx):
    for role, (uid, _n, pw) in PEOPLE.items():
        s = cx.users.login(uid, pw)
        cx.users.change_password(s, pw, "Renewed#" + uid[::-1])
        assert (last(cx).action, last(cx).user_id) == ("user.change_own_password", uid)


# -- counter work: the services wired to the matrix ------------------------------------------


def test_the_cases_service_decides_with_the_matrix_roles():
    for action in ("case.accept", "case.notify", "case.reject", "case.pickup"):
        assert MATRIX[action].roles == DECIDING_ROLES


def drafted(cx, key=CARD, **kw):
    """A filled draft kept by the clerk (then whoever the test logs in acts on it)."""
    login(cx, "clerk")
    return filled(cx, "item", key, **kw)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_accept_for_every_role(cx, role):
    intake = drafted(cx)  # a bank_point item: bank staff may take it
    actor = login(cx, role).actor
    if allowed(role, "case.accept"):
        case = cx.cases.accept(intake.id, actor).case
        assert case.decided_by == actor
    else:
        with pytest.raises(PermissionDenied, match="无权"):
            cx.cases.accept(intake.id, actor)
        assert (last(cx).action, last(cx).result, last(cx).role) == ("case.accept", "refused",
                                                                     role)
        assert cx.cases.count() == 0


@pytest.fixture
def desk(cx):
    """What the counter holds before the test logs someone in: a draft, an accepted case
    approved by the platform (ready for pickup) with an issued receipt, and a refused event."""
    clerk = login(cx, "clerk").actor
    case = cx.cases.accept(filled(cx, "item", CARD).id, clerk).case
    for status in ("received", "in_review", "approved"):
        cx.cases.apply_status(case.case_no, status, T0)
    doc = cx.documents.issue(case.case_no, "receipt", b"%PDF-1.4 receipt", clerk,
                             snapshot=b"{}")
    with cx.uow() as u:
        u.session.execute(text("UPDATE outbox SET state = 'refused' WHERE case_no = :n"),
                          {"n": case.case_no})
        u.commit()
        event_id = u.session.scalar(text("SELECT event_id FROM outbox WHERE case_no = :n"),
                                    {"n": case.case_no})
    other = filled(cx, "item", CARD, seed=2)
    page = cx.blobs.put(b"\xff\xd8 a scanned page")
    return SimpleNamespace(case=case, draft=filled(cx, "item", CARD, seed=3, materials="missing"),
                           other=other, event_id=event_id, doc=doc, page=page)


def _counter_calls(cx, desk):
    """One real service call per wired action (actor → result)."""
    no = desk.case.case_no
    from counter.provisional import provisional_holidays

    year = {"year": 2031, "overrides": [{"date": d.isoformat(), "workday": False, "name": n}
                                        for d, n in provisional_holidays(2031)]}
    reprint = lambda snap, n, at: b"%PDF-1.4 reprint"  # noqa: E731
    tolerance = cx.tolerance
    return {
        "draft.edit": lambda a: cx.intake.start("item", CARD, a),
        "draft.save": lambda a: cx.intake.save(desk.draft, a),
        "draft.list": lambda a: cx.intake.unfinished(a),
        "draft.discard": lambda a: cx.intake.discard(desk.other.id, a),
        "case.view": lambda a: cx.cases.get(no, a),
        "case.find": lambda a: cx.cases.find(desk.case.applicant.id_number, a),
        "case.history": lambda a: cx.cases.history(no, a),
        "case.prefill": lambda a: cx.intake.prefill_for(desk.case.applicant.id_number, a),
        "case.notify": lambda a: cx.cases.notify(desk.draft.id, a),
        "case.pickup": lambda a: cx.cases.pickup(no, a),
        "document.issue": lambda a: cx.documents.issue(no, "receipt", b"%PDF-1.4 again", a,
                                                       snapshot=b"{}"),
        "document.reprint": lambda a: cx.documents.reprint(no, "receipt", a, reprint),
        "document.view": lambda a: cx.documents.of_case(no, a),
        "document.latest": lambda a: cx.documents.latest(no, "receipt", a),
        "document.original": lambda a: cx.documents.original(no, "receipt", a),
        "document.pdf": lambda a: cx.documents.pdf(desk.doc, a),
        "document.snapshot": lambda a: cx.documents.snapshot(desk.doc, a),
        "tolerance.view": lambda a: tolerance.of_case(no, a),
        "tolerance.of_draft": lambda a: tolerance.of_draft(desk.draft.id, a),
        "tolerance.deadline_state": lambda a: tolerance.deadline_state(no, a),
        "tolerance.queue": lambda a: tolerance.pending(a),
        "deadlines.view": lambda a: tolerance.deadlines(a),
        "page.view": lambda a: cx.capture.page_bytes(desk.page, actor=a),
        "catalog.import": lambda a: cx.catalog.import_file(SAMPLE_CATALOG, actor=a),
        "calendar.import": lambda a: cx.calendar.import_year(year, source="admin", actor=a),
        "platform.configure": lambda a: cx.sync.set_config("https://zwfw.example.gov.cn", actor=a),
        "sync.view_refused": lambda a: cx.sync.refused(a),
        "sync.case_sync": lambda a: cx.sync.case_sync(no, a),
        "sync.case_syncs": lambda a: cx.sync.case_syncs([no, "NOPE"], a),
        "sync.reconcile": lambda a: cx.sync.reconcile(T0.date(), a),
        "sync.resend": lambda a: cx.sync.resend(desk.event_id, a),
    }


#: the call's name → the action of the matrix it is checked against
CHECKED_AS = {"draft.save": "draft.edit", "draft.list": "draft.edit",
              "draft.discard": "draft.edit", "case.find": "case.view",
              "case.history": "case.view", "case.prefill": "case.view",
              "document.latest": "document.view", "document.original": "document.view",
              "document.pdf": "document.view", "document.snapshot": "document.view",
              "tolerance.of_draft": "tolerance.view",
              "tolerance.deadline_state": "tolerance.view",
              "sync.case_sync": "case.view", "sync.case_syncs": "case.view"}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_counter_services_follow_the_matrix(cx, desk, role):
    """Every wired service refuses the roles the matrix does not allow — and records it."""
    actor = login(cx, role).actor
    for name, call in _counter_calls(cx, desk).items():
        action = CHECKED_AS.get(name, name)
        before = len(audit_rows(cx))
        if allowed(role, action):
            call(actor)
            assert all(r.result == "ok" for r in audit_rows(cx)[before:]), name
        else:
            with pytest.raises(PermissionDenied, match="无权") as err:
                call(actor)
            assert err.value.action == action
            entry = last(cx)
            assert len(audit_rows(cx)) == before + 1, name
            assert (entry.action, entry.result, entry.user_id, entry.role) == (
                action, "refused", actor.user_id, role), name
    with cx.uow(read_only=True) as u:
        assert audit.verify(u.session) is None


#: the reads among the calls: audited only when refused (docs/security.md, "Reads")
READS = ("case.view", "case.find", "case.history", "case.prefill", "draft.list",
         "document.view", "document.latest", "document.original", "document.pdf",
         "document.snapshot", "tolerance.view", "tolerance.of_draft",
         "tolerance.deadline_state", "tolerance.queue", "deadlines.view", "page.view",
         "sync.view_refused", "sync.case_sync", "sync.case_syncs")  # 日结 is audited


def test_reads_that_succeed_write_no_audit_entry(cx, desk):
    actor = login(cx, "supervisor").actor
    calls = _counter_calls(cx, desk)
    for name in READS:
        before = len(audit_rows(cx))
        calls[name](actor)
        assert len(audit_rows(cx)) == before, name


def test_a_locked_session_cannot_accept(cx):
    intake = drafted(cx)
    session = cx.users.login(CLERK[0], CLERK[2])
    cx.users.lock(session)
    before = counts(cx)
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        cx.cases.accept(intake.id, session.actor)
    entry = last(cx)
    assert (entry.action, entry.result, entry.user_id) == ("case.accept", "refused", CLERK[0])
    assert "屏幕已锁定" in json.loads(entry.detail)["reason"]
    after = counts(cx)
    assert after.pop("audit_log") == before.pop("audit_log") + 1  # the refusal, nothing else
    assert after == before
    cx.users.unlock(session, CLERK[2])
    assert cx.cases.accept(intake.id, session.actor).case.state is CaseState.ACCEPTED


def test_every_wired_call_of_a_locked_session_is_refused_and_recorded(cx, desk):
    session = login(cx, "supervisor")
    cx.users.lock(session)
    for name, call in _counter_calls(cx, desk).items():
        before = len(audit_rows(cx))
        with pytest.raises(PermissionDenied, match="屏幕已锁定"):
            call(session.actor)
        assert len(audit_rows(cx)) == before + 1, name
        assert (last(cx).result, last(cx).action) == ("refused", CHECKED_AS.get(name, name))


def test_nobody_logged_in_and_a_foreign_actor_are_refused(cx, desk):
    clerk = login(cx, "clerk").actor
    supervisor = cx.site.get().actor(SUPERVISOR[0], "supervisor")  # not logged in here
    with pytest.raises(PermissionDenied, match="操作人员与当前登录用户不符"):
        cx.cases.get(desk.case.case_no, supervisor)
    cx.users.guard.end()
    with pytest.raises(PermissionDenied, match="尚未登录"):
        cx.cases.find(desk.case.case_no, clerk)
    assert (last(cx).action, last(cx).result) == ("case.view", "refused")


def test_a_disabled_account_is_refused_at_its_next_call(cx, desk):
    session = login(cx, "clerk")
    assert cx.cases.get(desk.case.case_no, session.actor).case_no == desk.case.case_no
    with cx.uow() as u:  # an administrator at another counter sharing the store disables it
        u.session.execute(text("UPDATE users SET active = 0 WHERE user_id = :u"),
                          {"u": CLERK[0]})
        u.commit()
    with pytest.raises(PermissionDenied, match="停用"):
        cx.intake.save(desk.draft, session.actor)


def test_the_sync_service_account_syncs_only(cx, desk):
    """A ``sync`` account (users create-service): sync.run, no applicant data, no window."""
    from counter.services.users import AuthenticationFailed

    admin = login(cx, "admin").actor
    cx.users.create_service_account(admin, "sync01", "同步服务", "Sync#Desk2026")
    with pytest.raises(PermissionDenied, match="不能登录窗口"):
        cx.users.login("sync01", "Sync#Desk2026")
    assert (last(cx).action, last(cx).user_id, last(cx).result) == ("login", "sync01", "refused")
    session = cx.users.login("sync01", "Sync#Desk2026", channel="cli")
    sync = session.actor
    assert sync.role == "sync" and not session.user.must_change
    cx.users.require(sync, "sync.run")
    with pytest.raises(PermissionDenied, match="无权查询办件"):
        cx.cases.get(desk.case.case_no, sync)
    with pytest.raises(PermissionDenied, match="无权日结对账"):
        cx.sync.reconcile(T0.date(), sync)
    assert (last(cx).action, last(cx).user_id, last(cx).result) == (
        "sync.reconcile", "sync01", "refused")
    with pytest.raises(AuthenticationFailed):
        cx.users.login("sync01", "wrong-Pass#1", channel="cli")


def test_a_service_account_holds_no_other_role(cx):
    admin = login(cx, "admin").actor
    with pytest.raises(Exception, match="不能兼任其他角色"):
        cx.users.create_user(admin, "sync02", "同步", ["sync", "clerk"], TEMP)
    # made at 管理 → 用户 too: its password is final (nobody changes it at a window)
    users = cx.users
    assert not users.create_user(admin, "sync03", "同步", ["sync"], TEMP).must_change
    assert not users.reset_password(admin, "sync03", "Sync#Other2026").must_change
    assert users.reset_password(admin, CLERK[0], "Clerk#Other2026").must_change


def test_a_reconciliation_is_audited_with_who_did_it(cx, desk):
    supervisor = login(cx, "supervisor").actor
    assert cx.sync.reconcile(T0.date(), supervisor).decisions
    assert (last(cx).action, last(cx).user_id, last(cx).role) == (
        "sync.reconcile", supervisor.user_id, "supervisor")
    assert json.loads(last(cx).detail)["date"] == T0.date().isoformat()


# -- bank points (政银合作服务点) ----------------------------------------------------------------


def test_bank_staff_accepting_a_hall_only_item_is_refused_and_recorded(cx):
    intake = drafted(cx, SEAL)  # a hall-only item a clerk started
    staff = login(cx, "bank_staff").actor
    before = counts(cx)
    with pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        cx.cases.accept(intake.id, staff)
    entry = last(cx)
    assert (entry.action, entry.result, entry.user_id) == ("case.accept", "refused", "b0101")
    assert "请到政务服务大厅办理" in json.loads(entry.detail)["reason"]
    assert counts(cx)["cases"] == before["cases"] == 0


def test_bank_staff_cannot_even_start_a_hall_only_item(cx):
    staff = login(cx, "bank_staff").actor
    with pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        cx.intake.start("item", SEAL, staff)
    assert (last(cx).action, last(cx).result, last(cx).user_id) == ("draft.edit", "refused",
                                                                     "b0101")
    assert cx.intake.start("item", CARD, staff).key == CARD


def test_a_bank_point_takes_only_its_items_whoever_works_there(cx):
    intake = drafted(cx, SEAL)  # started while the site was a hall
    hall = cx.site.get()
    cx.site.set(SiteProfile(region_code=hall.region_code, kind="bank_point"))
    clerk = login(cx, "clerk").actor
    with pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        cx.intake.start("item", SEAL, clerk)
    with pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        cx.cases.accept(intake.id, clerk)
    assert (last(cx).action, last(cx).result) == ("case.accept", "refused")


def test_permissions_refuse_hall_only_items_at_a_bank_point(cx):
    from counter.permissions import site_offers

    catalog = cx.catalog.active()
    card, seal = catalog.item(CARD), catalog.item(SEAL)
    hall = cx.site.get()
    point = SiteProfile(region_code=hall.region_code, kind="bank_point")
    assert site_offers(hall, seal) and site_offers(point, card) and not site_offers(point, seal)
    clerk = login(cx, "clerk").actor
    perm = cx.permissions
    with cx.uow() as u:
        perm.require_items(u.session, clerk, "case.accept", hall, [seal])
        perm.require_items(u.session, clerk, "case.accept", point, [card])
    with cx.uow() as u, pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        perm.require_items(u.session, clerk, "case.accept", point, [card, seal], case_no="X2")
    assert (last(cx).action, last(cx).result, last(cx).case_no) == ("case.accept", "refused",
                                                                     "X2")


@pytest.mark.parametrize("role, refused_list, case_line, reconcile", [
    ("clerk", False, True, True), ("bank_staff", False, True, True),
    ("supervisor", True, True, True), ("admin", True, False, False)])
def test_sync_reads_by_role(cx, desk, role, refused_list, case_line, reconcile):
    """The hall-wide refused list (the platform's words, which may name an applicant) is for
    those who resend; a case's sync line is case reading; 日结 is every counter's (a bank point
    has no supervisor); the status indicator's counts stay open. Refusals are recorded, reads
    that succeed are not — but for 日结, each of which is audited (who closed the day)."""
    actor = login(cx, role).actor
    calls = {"sync.view_refused": (refused_list, lambda: cx.sync.refused(actor)),
             "case.view": (case_line, lambda: cx.sync.case_sync(desk.case.case_no, actor)),
             "sync.reconcile": (reconcile, lambda: cx.sync.reconcile(T0.date(), actor))}
    for action, (ok, call) in calls.items():
        before = len(audit_rows(cx))
        if ok:
            call()
            audited = action == "sync.reconcile"
            assert len(audit_rows(cx)) == before + audited, action
        else:
            with pytest.raises(PermissionDenied, match="无权"):
                call()
            assert len(audit_rows(cx)) == before + 1
            assert (last(cx).action, last(cx).result, last(cx).role) == (action, "refused", role)
    before = len(audit_rows(cx))
    assert cx.sync.status().refused == 1  # open: counts only
    assert len(audit_rows(cx)) == before
