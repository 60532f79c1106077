"""Users, login, lockout, the screen lock and administration on a real SQLite store."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counter import audit
from counter.auth import LoginSession
from counter.clock import FixedClock
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import SiteProfile
from counter.permissions import PermissionDenied
from counter.security import PasswordHasher, WeakPassword, fast_hasher
from counter.services.users import (LOGIN_FAILED, AccountDisabled, AccountLocked,
                                    AuthenticationFailed, UserRow)
from tests.store.access import (ADMIN, BANK, CLERK, SUPERVISOR, TEMP, access_context,
                                 audit_rows)
from tests.unit.cases.helpers import T0, make_template


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def clock():
    return FixedClock(T0)


@pytest.fixture
def cx(template, tmp_path, clock):
    c = access_context(template, tmp_path / "data", clock)
    yield c
    c.close()


@pytest.fixture
def empty(template, tmp_path, clock):
    """A store without any user."""
    c = access_context(template, tmp_path / "data", clock, people=False)
    yield c
    c.close()


def users(ctx):
    return ctx.users


def login(ctx, who) -> LoginSession:
    return users(ctx).login(who[0], who[2])


def last_audit(ctx):
    return audit_rows(ctx)[-1]


def stored_row(ctx, uid):
    with ctx.uow(read_only=True) as u:
        row = u.session.get(UserRow, uid)
        if row is not None:
            u.session.expunge(row)
        return row


# -- first start --------------------------------------------------------------------------------


def test_first_start_creates_the_administrator_once(empty):
    u = users(empty)
    assert u.needs_first_admin()
    admin = u.create_first_admin(" A0001 ", "管理员甲", ADMIN[2])
    assert admin.user_id == "a0001" and admin.roles == {"admin"} and not admin.must_change
    assert not u.needs_first_admin()
    entry = last_audit(empty)
    assert (entry.action, entry.result, entry.user_id) == ("user.create_first_admin", "ok", "setup")
    assert json.loads(entry.detail) == {"user_id": "a0001"}

    with pytest.raises(PermissionDenied, match="已有用户"):
        u.create_first_admin("a0002", "管理员乙", "Other#Desk2026")
    entry = last_audit(empty)
    assert (entry.action, entry.result) == ("user.create_first_admin", "refused")
    assert stored_row(empty, "a0002") is None


def test_first_admin_needs_a_strong_password_and_a_valid_id(empty):
    u = users(empty)
    with pytest.raises(WeakPassword) as err:
        u.create_first_admin("a0001", "管理员甲", "admin")
    assert "密码至少 8 位" in err.value.problems
    with pytest.raises(InvalidInput, match="工号只能由"):
        u.create_first_admin("管理员", "管理员甲", ADMIN[2])
    with pytest.raises(InvalidInput, match="请填写姓名"):
        u.create_first_admin("a0001", "  ", ADMIN[2])
    assert u.needs_first_admin()


def test_the_hash_is_argon2id_and_never_the_password(empty):
    users(empty).create_first_admin(*ADMIN)
    row = stored_row(empty, "a0001")
    assert row.password_hash.startswith("$argon2id$") and ADMIN[2] not in row.password_hash


# -- login --------------------------------------------------------------------------------------


def test_login_starts_the_session_in_the_primary_role(cx):
    s = login(cx, CLERK)
    assert s.user.user_id == "c0012" and s.user.name == "综窗乙"
    assert s.actor.role == "clerk" and s.actor.site == cx.site.get().site
    assert s.actor.counter == cx.site.get().counter_code
    assert s.started_at == T0
    guard = users(cx).guard
    assert guard.current is s and not guard.locked
    entry = last_audit(cx)
    assert (entry.action, entry.result, entry.user_id, entry.role) == ("login", "ok", "c0012",
                                                                       "clerk")
    assert "综窗乙" not in entry.detail


def test_login_accepts_the_id_in_any_case(cx):
    assert users(cx).login("  C0012 ", CLERK[2]).user_id == "c0012"


def test_unknown_user_and_wrong_password_get_the_same_message(cx):
    with pytest.raises(AuthenticationFailed) as unknown:
        users(cx).login("nobody", CLERK[2])
    unknown_entry = last_audit(cx)
    with pytest.raises(AuthenticationFailed) as wrong:
        users(cx).login("c0012", "Wrong#Pass1")
    wrong_entry = last_audit(cx)
    assert unknown.value.message == wrong.value.message == LOGIN_FAILED
    assert type(unknown.value) is type(wrong.value) is AuthenticationFailed
    assert (unknown_entry.user_id, unknown_entry.result) == ("unknown", "refused")
    assert json.loads(unknown_entry.detail) == {"reason": "unknown_user"}
    assert (wrong_entry.user_id, wrong_entry.result) == ("c0012", "refused")
    assert json.loads(wrong_entry.detail) == {"reason": "wrong_password", "locked": False}
    assert "Wrong#Pass1" not in wrong_entry.detail and "nobody" not in unknown_entry.detail


def test_garbage_user_ids_are_just_unknown(cx):
    for typed in ("", "   ", "张三", "x" * 200, "c0012' OR 1=1 --"):
        with pytest.raises(AuthenticationFailed, match=LOGIN_FAILED):
            users(cx).login(typed, CLERK[2])


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(cx, clock):
    u = users(cx)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            u.login("c0012", "Wrong#Pass1")
        assert not isinstance(err.value, AccountLocked)
    with pytest.raises(AccountLocked, match="账号已锁定 15 分钟"):
        u.login("c0012", "Wrong#Pass1")
    assert json.loads(last_audit(cx).detail) == {"reason": "wrong_password", "locked": True}
    # while locked even the right password is refused, and not checked
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked, match="请于 09:45 后再试"):
        u.login("c0012", CLERK[2])
    assert json.loads(last_audit(cx).detail) == {"reason": "locked"}
    clock.advance(minutes=1)
    assert u.login("c0012", CLERK[2]).user_id == "c0012"
    row = stored_row(cx, "c0012")
    assert row.failed_attempts == 0 and row.locked_until is None


def test_a_success_resets_the_failure_count(cx):
    u = users(cx)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            u.login("c0012", "Wrong#Pass1")
    login(cx, CLERK)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            u.login("c0012", "Wrong#Pass1")
    assert stored_row(cx, "c0012").failed_attempts == 4


def test_a_disabled_account_is_named_only_after_the_right_password(cx):
    admin = login(cx, ADMIN)
    users(cx).disable(admin.actor, "c0012")
    with pytest.raises(AuthenticationFailed) as wrong:
        users(cx).login("c0012", "Wrong#Pass1")
    assert wrong.value.message == LOGIN_FAILED
    with pytest.raises(AccountDisabled, match="已停用"):
        login(cx, CLERK)
    assert json.loads(last_audit(cx).detail) == {"reason": "disabled"}
    users(cx).enable(admin.actor, "c0012")
    assert login(cx, CLERK).user_id == "c0012"


def test_login_upgrades_an_old_hash(template, tmp_path, clock):
    cx = access_context(template, tmp_path / "data", clock)
    try:
        old = stored_row(cx, "c0012").password_hash
        stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
        cx.users._hasher = stronger
        login(cx, CLERK)
        new = stored_row(cx, "c0012").password_hash
        assert new != old and "$m=16,t=2,p=1$" in new
        assert stronger.verify(new, CLERK[2])
    finally:
        cx.close()


def test_switching_user_replaces_the_session(cx):
    first = login(cx, CLERK)
    second = login(cx, SUPERVISOR)
    assert users(cx).guard.current is second and second is not first
    assert json.loads(last_audit(cx).detail)["previous"] == "c0012"


def test_logout_ends_the_session(cx):
    s = login(cx, CLERK)
    users(cx).logout(s)
    assert users(cx).guard.current is None
    assert (last_audit(cx).action, last_audit(cx).user_id) == ("logout", "c0012")


# -- the screen lock ---------------------------------------------------------------------------


def test_a_locked_session_is_refused_at_the_service_layer_and_recorded(cx):
    admin = login(cx, ADMIN)
    users(cx).lock(admin, reason="idle")
    entry = last_audit(cx)
    assert (entry.action, json.loads(entry.detail)["reason"]) == ("session.lock", "idle")
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        users(cx).list_users(admin.actor)
    entry = last_audit(cx)
    assert (entry.action, entry.result, entry.user_id) == ("user.view", "refused", "a0001")
    assert "屏幕已锁定" in json.loads(entry.detail)["reason"]
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        users(cx).create_user(admin.actor, "c0099", "新人", ["clerk"], TEMP)
    assert stored_row(cx, "c0099") is None


def test_unlock_needs_the_same_users_password(cx):
    u = users(cx)
    s = login(cx, ADMIN)
    u.lock(s)
    with pytest.raises(AuthenticationFailed, match=LOGIN_FAILED):
        u.unlock(s, CLERK[2])  # another user's password does not unlock
    assert u.guard.locked
    entry = last_audit(cx)
    assert (entry.action, entry.result, entry.user_id, entry.role) == (
        "session.unlock", "refused", "a0001", "admin")
    u.unlock(s, ADMIN[2])
    assert not u.guard.locked
    assert (last_audit(cx).action, last_audit(cx).result) == ("session.unlock", "ok")
    assert [x.user_id for x in u.list_users(s.actor)] == ["a0001", "b0101", "c0012", "s0003"]


def test_wrong_passwords_at_the_lock_screen_lock_the_account(cx):
    u = users(cx)
    s = login(cx, CLERK)
    u.lock(s)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            u.unlock(s, "Wrong#Pass1")
    with pytest.raises(AccountLocked):
        u.unlock(s, "Wrong#Pass1")
    with pytest.raises(AccountLocked):
        u.unlock(s, CLERK[2])
    assert u.guard.locked
    # 切换用户: someone else logs in at the lock screen
    other = login(cx, SUPERVISOR)
    assert u.guard.current is other and not u.guard.locked


def test_an_ended_session_cannot_be_unlocked_or_locked(cx):
    u = users(cx)
    s = login(cx, CLERK)
    login(cx, SUPERVISOR)
    with pytest.raises(CounterError, match="会话已结束"):
        u.unlock(s, CLERK[2])
    with pytest.raises(CounterError, match="会话已结束"):
        u.lock(s)


def test_no_login_no_service(cx):
    admin = login(cx, ADMIN)
    users(cx).logout(admin)
    with pytest.raises(PermissionDenied, match="尚未登录"):
        users(cx).list_users(admin.actor)


def test_an_actor_that_is_not_the_logged_in_user_is_refused(cx):
    login(cx, CLERK)
    forged = cx.site.get().actor("a0001", "admin")
    with pytest.raises(PermissionDenied, match="与当前登录用户不符"):
        users(cx).list_users(forged)
    s = users(cx).guard.current
    with pytest.raises(PermissionDenied, match="没有「系统管理员」角色"):
        users(cx).list_users(cx.site.get().actor(s.user_id, "admin"))


# -- on-the-spot confirmation ------------------------------------------------------------------


def test_a_supervisor_confirms_at_the_clerks_counter(cx, clock):
    u = users(cx)
    clerk = login(cx, CLERK)
    sup = u.confirm("S0003", SUPERVISOR[2], "supervisor")
    assert (sup.user_id, sup.role) == ("s0003", "supervisor")
    assert sup.counter == clerk.actor.counter
    entry = last_audit(cx)
    assert (entry.action, entry.result, entry.user_id, entry.role) == (
        "user.confirm", "ok", "s0003", "supervisor")
    perm = cx.permissions
    assert perm.allows(sup, "tolerance.approve")
    clock.advance(minutes=6)
    assert "与当前登录用户不符" in perm.problem(None, sup, "tolerance.approve")


def test_confirmation_refuses_a_user_without_the_role(cx):
    login(cx, CLERK)
    with pytest.raises(PermissionDenied, match="不是首席代表/值班长"):
        users(cx).confirm("b0101", BANK[2], "supervisor")
    entry = last_audit(cx)
    assert (entry.action, entry.result, entry.user_id) == ("user.confirm", "refused", "b0101")
    with pytest.raises(AuthenticationFailed, match=LOGIN_FAILED):
        users(cx).confirm("s0003", "Wrong#Pass1", "supervisor")


def test_locking_forgets_confirmations(cx):
    u = users(cx)
    clerk = login(cx, CLERK)
    sup = u.confirm("s0003", SUPERVISOR[2])
    u.lock(clerk)
    u.unlock(clerk, CLERK[2])
    assert not cx.permissions.allows(sup, "tolerance.approve")


def test_verify_password(cx):
    assert users(cx).verify_password("s0003", SUPERVISOR[2]).user_id == "s0003"
    assert (last_audit(cx).action, last_audit(cx).result) == ("user.verify", "ok")
    with pytest.raises(AuthenticationFailed):
        users(cx).verify_password("s0003", CLERK[2])


# -- own password, temporary passwords ---------------------------------------------------------


def test_a_temporary_password_must_be_changed_before_anything_else(cx):
    u = users(cx)
    admin = login(cx, ADMIN)
    u.create_user(admin.actor, "a0002", "管理员乙", ["admin", "supervisor"], TEMP)
    assert stored_row(cx, "a0002").must_change
    s = u.login("a0002", TEMP)
    assert s.user.must_change and s.actor.role == "supervisor"
    with pytest.raises(PermissionDenied, match="请先修改临时密码"):
        u.list_users(s.actor_as("admin"))
    with pytest.raises(WeakPassword):
        u.change_password(s, TEMP, "short")
    with pytest.raises(InvalidInput, match="不能与原密码相同"):
        u.change_password(s, TEMP, TEMP)
    with pytest.raises(AuthenticationFailed):
        u.change_password(s, "Wrong#Pass1", "New#Desk2026")
    u.change_password(s, TEMP, "New#Desk2026")
    assert not stored_row(cx, "a0002").must_change
    assert len(u.list_users(s.actor_as("admin"))) == 5
    assert u.login("a0002", "New#Desk2026").user_id == "a0002"
    assert (last_audit(cx).action, last_audit(cx).result) == ("login", "ok")


def test_actor_as_only_for_roles_the_user_holds(cx):
    s = login(cx, CLERK)
    with pytest.raises(CounterError, match="没有「系统管理员」角色"):
        s.actor_as("admin")


# -- administration ----------------------------------------------------------------------------


def test_admin_creates_users_with_valid_data_only(cx):
    u = users(cx)
    admin = login(cx, ADMIN).actor
    with pytest.raises(InvalidInput, match="已存在"):
        u.create_user(admin, "C0012", "重名", ["clerk"], TEMP)
    with pytest.raises(InvalidInput, match="未知的角色：boss"):
        u.create_user(admin, "c0013", "某人", ["clerk", "boss"], TEMP)
    with pytest.raises(InvalidInput, match="至少选择一个角色"):
        u.create_user(admin, "c0013", "某人", [], TEMP)
    with pytest.raises(WeakPassword):
        u.create_user(admin, "c0013", "某人", ["clerk"], "c0013Abc!")
    user = u.create_user(admin, "c0013", "某人", ["clerk", "bank_staff"], TEMP)
    assert user.roles == {"clerk", "bank_staff"} and user.must_change and user.active
    entry = last_audit(cx)
    assert (entry.action, entry.user_id) == ("user.create", "a0001")
    assert json.loads(entry.detail) == {"user_id": "c0013", "roles": ["bank_staff", "clerk"]}
    assert "某人" not in entry.detail and TEMP not in entry.detail


def test_reset_password_ends_a_lockout(cx):
    u = users(cx)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            u.login("c0012", "Wrong#Pass1")
    admin = login(cx, ADMIN).actor
    u.reset_password(admin, "c0012", TEMP)
    s = u.login("c0012", TEMP)
    assert s.user.must_change
    login(cx, ADMIN)
    with pytest.raises(InvalidInput, match="不能重置自己的密码"):
        u.reset_password(admin, "a0001", TEMP)
    with pytest.raises(NotFound, match="未找到工号为 zz 的用户"):
        u.reset_password(admin, "zz", TEMP)


def test_roles_and_the_last_administrator(cx):
    u = users(cx)
    admin = login(cx, ADMIN).actor
    with pytest.raises(InvalidInput, match="不能取消自己的管理员角色"):
        u.set_roles(admin, "a0001", ["supervisor"])
    with pytest.raises(InvalidInput, match="不能停用自己的账号"):
        u.disable(admin, "a0001")
    changed = u.set_roles(admin, "c0012", ["clerk", "admin"])
    assert changed.roles == {"clerk", "admin"}
    assert json.loads(last_audit(cx).detail) == {"user_id": "c0012", "roles": ["admin", "clerk"]}
    # c0012 is now an administrator too; a0001 may be disabled by c0012, but not the last one
    other = users(cx).login("c0012", CLERK[2])
    u.disable(other.actor_as("admin"), "a0001")
    assert not stored_row(cx, "a0001").active
    with pytest.raises(InvalidInput, match="不能取消自己的管理员角色"):
        u.set_roles(other.actor_as("admin"), "c0012", ["clerk"])


def test_there_is_always_an_enabled_administrator(cx):
    # only reachable without login enforcement (an enforced admin is an admin already)
    u = users(cx)
    u.guard.enforce(False)
    script = cx.site.get().actor("a9999", "admin")
    with pytest.raises(InvalidInput, match="至少要保留一名启用的系统管理员"):
        u.set_roles(script, "a0001", ["supervisor"])
    with pytest.raises(InvalidInput, match="至少要保留一名启用的系统管理员"):
        u.disable(script, "a0001")
    u.set_roles(script, "c0012", ["clerk", "admin"])
    u.disable(script, "a0001")
    assert not stored_row(cx, "a0001").active


def test_a_disabled_users_session_is_refused_at_the_next_call(cx):
    u = users(cx)
    admin = login(cx, ADMIN)
    u.create_user(admin.actor, "a0002", "管理员乙", ["admin"], TEMP)
    second = u.login("a0002", TEMP)
    u.change_password(second, TEMP, "New#Desk2026")
    u.disable(second.actor, "a0001")  # a0001's session is elsewhere
    # pretend a0001 is still logged in at another counter: same guard state, new process
    u.guard.begin(admin)
    with pytest.raises(PermissionDenied, match="已停用或不存在"):
        u.list_users(admin.actor)


def test_a_role_taken_away_applies_at_once(cx):
    u = users(cx)
    s = login(cx, SUPERVISOR)
    admin = u.login("a0001", ADMIN[2])
    u.set_roles(admin.actor, "s0003", ["clerk"])
    u.guard.begin(s)  # the supervisor's session from before the change
    perm = cx.permissions
    with cx.uow(read_only=True) as w:
        assert "已没有「首席代表/值班长」角色" in perm.problem(w.session, s.actor,
                                                            "tolerance.approve")


def test_user_list_shows_state_without_hashes(cx):
    admin = login(cx, ADMIN).actor
    listed = users(cx).list_users(admin)
    assert [x.user_id for x in listed] == ["a0001", "b0101", "c0012", "s0003"]
    assert all(not hasattr(x, "password_hash") for x in listed)
    assert users(cx).get(admin, "B0101").roles == {"bank_staff"}


# -- settings ----------------------------------------------------------------------------------


def test_idle_minutes_default_and_admin_change(cx):
    settings = cx.settings
    assert settings.idle_minutes() == 10
    admin = login(cx, ADMIN).actor
    assert settings.set_idle_minutes(admin, 5) == 5
    assert settings.idle_minutes() == 5
    assert json.loads(last_audit(cx).detail) == {"idle_lock_minutes": 5}
    for bad in (0, 61, "5"):
        with pytest.raises(InvalidInput, match="1 至 60 分钟"):
            settings.set_idle_minutes(admin, bad)
    clerk = login(cx, CLERK).actor
    with pytest.raises(PermissionDenied, match="无权修改系统设置"):
        settings.set_idle_minutes(clerk, 3)
    assert settings.idle_minutes() == 5


def test_site_profile_saved_by_the_administrator(cx):
    settings = cx.settings
    admin = login(cx, ADMIN).actor
    profile = SiteProfile(region_code="140802", site_code="002", counter_code="03",
                          site_name="某某区政银合作服务点", counter_name="1号窗口",
                          kind="bank_point", contact_phone="0350-1234567")
    settings.save_profile(admin, profile)
    assert cx.site.get() == profile
    assert json.loads(last_audit(cx).detail) == {"client_id": "140802-002-03",
                                                 "kind": "bank_point"}
    with pytest.raises(InvalidInput) as err:
        settings.save_profile(admin, SiteProfile(region_code="14", counter_code="3"))
    assert "区划代码应为 6 位数字" in err.value.problems
    sup = login(cx, SUPERVISOR).actor
    with pytest.raises(PermissionDenied, match="无权修改站点信息"):
        settings.save_profile(sup, profile)


# -- the audit trail ---------------------------------------------------------------------------


def test_everything_above_leaves_an_intact_chain_without_names(cx):
    u = users(cx)
    with pytest.raises(AuthenticationFailed):
        u.login("c0012", "Wrong#Pass1")
    s = login(cx, CLERK)
    u.lock(s)
    u.unlock(s, CLERK[2])
    rows = audit_rows(cx)
    with cx.uow(read_only=True) as w:
        assert audit.verify(w.session) is None
    text = " ".join(r.detail for r in rows)
    for secret in ("管理员甲", "综窗乙", "值班长丙", "网点丁", CLERK[2], TEMP, "argon2"):
        assert secret not in text
    with cx.uow(read_only=True) as w:
        actions = set(w.session.scalars(select(audit.AuditRow.action)).all())
    assert {"user.create_first_admin", "user.create", "login", "logout",
            "user.change_own_password", "session.lock", "session.unlock"} <= actions


def test_fast_hasher_is_what_the_tests_use(cx):
    assert isinstance(cx.users._hasher, PasswordHasher)
    assert "$m=8,t=1,p=1$" in fast_hasher().hash("x")
