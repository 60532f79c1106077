"""The role matrix at the service layer: for each action and role, allowed or refused — and
every refusal recorded in the audit trail."""

from __future__ import annotations

import json

import pytest

from counter import audit
from counter.clock import FixedClock
from counter.errors import CounterError
from counter.identity import ROLES, SiteProfile
from counter.permissions import MATRIX, PermissionDenied, allowed
from counter.services.cases import DECIDING_ROLES
from tests.store.access import ADMIN, BANK, CLERK, SUPERVISOR, TEMP, access_context, audit_rows
from tests.unit.cases.helpers import CARD, SEAL, T0, filled, make_template

PEOPLE = {"admin": ADMIN, "clerk": CLERK, "supervisor": SUPERVISOR, "bank_staff": BANK}


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0))
    yield c
    c.close()


def login(cx, role):
    uid, _name, pw = PEOPLE[role]
    return cx.services["users"].login(uid, pw)


def last(cx):
    return audit_rows(cx)[-1]


# -- the matrix itself, through Permissions.require --------------------------------------------


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_action_for_every_role(cx, role):
    """require() in a unit of work: allowed actions pass, the others are refused and audited."""
    actor = login(cx, role).actor
    perm = cx.services["permissions"]
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
            cx.services["permissions"].require(u.session, clerk, "user.view")
    assert (last(cx).action, last(cx).result) == ("user.view", "refused")


def test_a_refusal_rolls_back_what_the_call_did_before(cx):
    from counter.store.models import SettingRow

    clerk = login(cx, "clerk").actor
    with cx.uow() as u:
        u.session.add(SettingRow(key="half-way", value="x"))
        u.session.flush()
        with pytest.raises(PermissionDenied):
            cx.services["permissions"].require(u.session, clerk, "site.update")
    with cx.uow(read_only=True) as u:
        assert u.session.get(SettingRow, "half-way") is None
    assert last(cx).action == "site.update"


def test_unknown_actions_are_programming_errors(cx):
    clerk = login(cx, "clerk").actor
    with cx.uow() as u, pytest.raises(ValueError, match="not in the role matrix"):
        cx.services["permissions"].require(u.session, clerk, "case.teleport")


# -- the matrix through the real services ------------------------------------------------------


def _user_calls(cx):
    users = cx.services["users"]
    settings = cx.services["settings"]
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
        "audit.verify": lambda a: cx.services["audit"].verify_as(a),
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
        s = cx.services["users"].login(uid, pw)
        cx.services["users"].change_password(s, pw, "Renewed#" + uid[::-1])
        assert (last(cx).action, last(cx).user_id) == ("user.change_own_password", uid)


# -- counter work: the cases service -----------------------------------------------------------


def test_the_cases_service_decides_with_the_matrix_roles():
    for action in ("case.accept", "case.notify", "case.reject", "case.pickup"):
        assert MATRIX[action].roles == DECIDING_ROLES


@pytest.mark.parametrize("role", sorted(ROLES))
def test_accept_for_every_role(cx, role):
    actor = login(cx, role).actor
    intake = filled(cx, "item", CARD)  # a bank_point item: bank staff may take it
    if allowed(role, "case.accept"):
        case = cx.cases.accept(intake.id, actor).case
        assert case.decided_by == actor
    else:
        with pytest.raises(CounterError, match="无权"):
            cx.cases.accept(intake.id, actor)
        assert (last(cx).action, last(cx).result, last(cx).role) == ("case.accept", "refused",
                                                                     role)
        assert cx.cases.count() == 0


def test_bank_staff_accepting_a_hall_only_item_is_refused_and_recorded(cx):
    staff = login(cx, "bank_staff").actor
    with pytest.raises(CounterError, match="请到政务服务大厅办理"):
        cx.cases.accept(filled(cx, "item", SEAL).id, staff)
    entry = last(cx)
    assert (entry.action, entry.result, entry.user_id) == ("case.accept", "refused", "b0101")
    assert "请到政务服务大厅办理" in json.loads(entry.detail)["reason"]


def test_permissions_refuse_hall_only_items_at_a_bank_point(cx):
    from counter.permissions import site_offers

    catalog = cx.catalog.active()
    card, seal = catalog.item(CARD), catalog.item(SEAL)
    hall = cx.site.get()
    point = SiteProfile(region_code=hall.region_code, kind="bank_point")
    assert site_offers(hall, seal) and site_offers(point, card) and not site_offers(point, seal)
    clerk = login(cx, "clerk").actor
    perm = cx.services["permissions"]
    with cx.uow() as u:
        perm.require_items(u.session, clerk, "case.accept", hall, [seal])
        perm.require_items(u.session, clerk, "case.accept", point, [card])
    with cx.uow() as u, pytest.raises(PermissionDenied, match="请到政务服务大厅办理"):
        perm.require_items(u.session, clerk, "case.accept", point, [card, seal], case_no="X2")
    assert (last(cx).action, last(cx).result, last(cx).case_no) == ("case.accept", "refused",
                                                                     "X2")


@pytest.mark.xfail(strict=True, reason="CaseService does not consult Permissions yet: wire "
                   "Permissions.require into CaseService (issue 7), then remove this marker")
def test_a_locked_session_cannot_accept(cx):
    users = cx.services["users"]
    session = login(cx, "clerk")
    intake = filled(cx, "item", CARD)
    users.lock(session)
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        cx.cases.accept(intake.id, session.actor)
