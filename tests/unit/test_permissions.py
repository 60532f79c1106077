"""The role matrix as data, the session guard, and the matrix table in docs/security.md."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counter.auth import LoginSession, SessionGuard
from counter.clock import CST
from counter.identity import ROLES, Actor
from counter.permissions import (MATRIX, Permissions, actions_for, allowed, matrix_markdown,
                                 role_problem, rule)
from counter.users import User
from tests.conftest import ROOT

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
CLERK = Actor("c0012", "clerk", "140802-001", "07")
SUPER = Actor("s0003", "supervisor", "140802-001", "07")


def session_of(actor: Actor, *roles: str) -> LoginSession:
    user = User(actor.user_id, "某人", frozenset(roles or {actor.role}))
    return LoginSession(user=user, actor=actor, started_at=T0)


def test_matrix_roles_and_labels_are_valid():
    for action, r in MATRIX.items():
        assert r.roles and r.roles <= ROLES.keys(), action
        assert r.label and not r.label.endswith("。"), action
        assert action.count(".") == 1 and action == action.lower(), action


def test_key_rules_of_the_issue():
    assert allowed("supervisor", "tolerance.approve")
    assert not allowed("clerk", "tolerance.approve")
    assert not allowed("admin", "case.accept")
    assert allowed("bank_staff", "case.accept")
    assert actions_for("admin")[:3] == ["sync.view_refused", "sync.resend", "audit.verify"]
    assert all(allowed(r, "user.change_own_password") for r in ROLES if r != "sync")
    assert actions_for("sync") == ["sync.run"]  # the service account: the sync permission only
    assert {a for a in MATRIX if a.startswith("user.")} - {"user.change_own_password"} == {
        a for a in actions_for("admin") if a.startswith("user.")} - {"user.change_own_password"}


def test_role_problem_names_role_and_action():
    assert role_problem(CLERK, "case.accept") is None
    assert role_problem(CLERK, "case.void") == "当前角色（综窗人员）无权作废办件。"
    with pytest.raises(ValueError):
        rule("nothing.here")


def test_a_guard_that_does_not_enforce_lets_everyone_pass():
    g = SessionGuard()
    assert g.problem(CLERK, "case.accept", T0) is None
    assert Permissions(g).problem(None, CLERK, "case.accept", T0) is None
    assert Permissions(g).problem(None, CLERK, "case.void", T0) is not None


def test_guard_states():
    g = SessionGuard(enforce=True)
    assert g.problem(CLERK, "case.accept", T0) == "尚未登录，请先登录。"
    s = session_of(CLERK)
    g.begin(s)
    assert g.problem(CLERK, "case.accept", T0) is None
    g.lock()
    assert g.locked and g.problem(CLERK, "case.accept", T0) == "屏幕已锁定，请输入密码解锁后再操作。"
    g.unlock()
    assert g.problem(SUPER, "tolerance.approve", T0) == "操作人员与当前登录用户不符，请重新登录。"
    g.vouch(SUPER, T0 + timedelta(minutes=5))
    assert g.problem(SUPER, "tolerance.approve", T0) is None
    assert g.problem(SUPER, "tolerance.approve", T0 + timedelta(minutes=5)) is not None
    g.end()
    assert g.current is None and g.problem(CLERK, "case.accept", T0) == "尚未登录，请先登录。"


def test_guard_temporary_password_allows_only_changing_it():
    g = SessionGuard(enforce=True)
    g.begin(session_of(CLERK), must_change=True)
    assert "修改临时密码" in g.problem(CLERK, "case.accept", T0)
    assert g.problem(CLERK, "user.change_own_password", T0) is None
    g.password_changed()
    assert g.problem(CLERK, "case.accept", T0) is None


def test_guard_refuses_roles_the_user_does_not_hold():
    g = SessionGuard(enforce=True)
    g.begin(session_of(CLERK, "clerk"))
    as_admin = Actor("c0012", "admin", "140802-001", "07")
    assert g.problem(as_admin, "user.view", T0) == "当前用户没有「系统管理员」角色。"


def test_lock_without_session_is_a_no_op():
    g = SessionGuard(enforce=True)
    g.lock()
    assert not g.locked


def test_docs_hold_the_current_matrix():
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert matrix_markdown() in text, "regenerate the table with counter.permissions.matrix_markdown()"
