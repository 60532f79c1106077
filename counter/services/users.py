"""Users, login and the screen lock (用户与登录服务).

Every method is one transaction and writes an audit entry — successes and refusals alike
(reading the user list is audited only when refused). Audit entries name user ids (工号) and
never names or passwords; an attempt with an unknown 工号 is recorded as ``unknown`` (what was
typed might be a password typed into the wrong box).

Login refusals do not tell an unknown 工号 from a wrong password (same message, same time:
the hasher burns one verification for an unknown account). A disabled account is named only
after the right password. After :attr:`LockoutPolicy.max_failures` consecutive wrong
passwords the account is locked for :attr:`LockoutPolicy.minutes`; while locked the password is
not even checked. Wrong passwords at the lock screen, in the supervisor's on-the-spot
confirmation and in "change my password" count the same way.

Argon2id (~50 ms) runs only here: in login, unlock, confirmation and when a password is set.
A password is checked outside any write transaction; setting one hashes inside the
administrator's transaction (rare, and it must commit together with its audit entry).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter import audit
from counter.auth import LoginSession, SessionGuard
from counter.clock import CST, Clock
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import ROLES, Actor, SiteService
from counter.permissions import PermissionDenied, Permissions
from counter.security import PasswordHasher, check_password
from counter.store.models import UserRow
from counter.store.uow import UowFactory
from counter.users import (SERVICE_ROLE, LockoutPolicy, User, clean_name, clean_roles,
                           normalise_user_id, user_id_problem)

log = logging.getLogger(__name__)

__all__ = ["UserService", "AuthenticationFailed", "AccountLocked", "AccountDisabled",
           "LOGIN_FAILED", "CONFIRM_MINUTES"]

#: The one message for an unknown 工号 and a wrong password (no user enumeration).
LOGIN_FAILED = "工号或密码不正确。"
#: How long a supervisor's on-the-spot confirmation vouches for them at this counter.
CONFIRM_MINUTES = 5
#: The audit user id of an attempt with an unknown 工号.
UNKNOWN_USER = "unknown"
#: The audit role of an attempt not (yet) authenticated.
UNAUTHENTICATED = "unauthenticated"


class AuthenticationFailed(CounterError):
    """A password check said no (登录失败); the attempt was audited."""


class AccountLocked(AuthenticationFailed):
    """Too many wrong passwords: the account is locked for a while (账号已锁定)."""


class AccountDisabled(AuthenticationFailed):
    """An administrator disabled the account (账号已停用)."""


def roles_of(row: UserRow) -> frozenset[str]:
    """The roles stored in a user row (comma-separated)."""
    return frozenset(r for r in (row.roles or "").split(",") if r)


def _roles_text(roles: Iterable[str]) -> str:
    return ",".join(sorted(roles))


def to_user(row: UserRow) -> User:
    """The domain object of a user row (without the password hash)."""
    return User(user_id=row.user_id, name=row.name, roles=roles_of(row), active=row.active,
                must_change=row.must_change, failed_attempts=row.failed_attempts,
                locked_until=row.locked_until, created_at=row.created_at,
                updated_at=row.updated_at, last_login_at=row.last_login_at,
                password_changed_at=row.password_changed_at)


def _locked_message(until: datetime) -> str:
    return (f"密码连续输错次数过多，账号已锁定，请于 {until.astimezone(CST):%H:%M} 后再试，"
            "或请管理员重置密码。")


class UserService:
    """Accounts, login, lock and unlock, on-the-spot confirmation, administration.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        site: the site service (the actor of a login is the user at this counter).
        permissions: the permission checks; its guard holds the login session.
        hasher: the password hasher (tests inject :func:`counter.security.fast_hasher`).
        lockout: how many wrong passwords lock an account, and for how long.
    """

    def __init__(self, uow: UowFactory, clock: Clock, site: SiteService, *,
                 permissions: Permissions | None = None, hasher: PasswordHasher | None = None,
                 lockout: LockoutPolicy | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._site = site
        self._perm = permissions or Permissions(SessionGuard(), clock)
        if self._perm.guard is None:
            self._perm.guard = SessionGuard()
        self._hasher = hasher or PasswordHasher()
        self._lockout = lockout or LockoutPolicy()

    @property
    def guard(self) -> SessionGuard:
        """The login session of this process and its lock state."""
        return self._perm.guard

    # -- first start -----------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        """True while the store has no user at all (first start: create the administrator)."""
        with self._uow(read_only=True) as u:
            return not u.session.scalar(select(func.count()).select_from(UserRow))

    def create_first_admin(self, user_id: str, name: str, password: str) -> User:
        """Create the first administrator; refused once any user exists.

        There are no default accounts or passwords: whoever installs the counter chooses them.
        """
        uid = self._valid_user_id(user_id)
        name = clean_name(name)
        check_password(password, user_id=uid)
        now = self._clock.now()
        digest = self._hasher.hash(password)
        with self._uow() as u:
            s = u.session
            if s.scalar(select(func.count()).select_from(UserRow)):
                u.session.rollback()
                self._audit_alone(s, now, user_id="setup", role="system",
                                  action="user.create_first_admin", result="refused",
                                  detail={"reason": "users_exist"})
                raise PermissionDenied("系统中已有用户，不能再创建初始管理员；请由管理员登录后新建用户。",
                                       action="user.create_first_admin")
            row = self._new_row(uid, name, frozenset({"admin"}), digest, now, must_change=False)
            s.add(row)
            audit.append(s, at=now, actor=None, user_id="setup", role="system",
                         action="user.create_first_admin", detail={"user_id": uid})
            u.commit()
            user = to_user(row)
        log.info("first administrator %s created", uid)
        return user

    # -- login, lock, confirmation ---------------------------------------------------------

    def login(self, user_id: str, password: str, *, channel: str = "window") -> LoginSession:
        """Log in at this counter; the session becomes the guard's current one.

        Logging in while another session is current (切换用户 at the lock screen) replaces it.

        Args:
            channel: ``window`` (the login dialog) or ``cli`` (a command-line tool,
                :mod:`cli.login`); recorded in the audit entry. A service account
                (:data:`counter.users.SERVICE_ROLE`) logs in on the command line only.

        Raises:
            AuthenticationFailed: unknown 工号 or wrong password (one message for both).
            AccountLocked: too many wrong passwords recently.
            AccountDisabled: the right password for a disabled account.
            PermissionDenied: a service account at the window (audited as refused).
        """
        if channel not in ("window", "cli"):
            raise ValueError(f"login channel {channel!r}")
        now = self._clock.now()
        previous = self.guard.current
        made: dict[str, Any] = {}

        def on_success(s: Session, row: UserRow) -> dict:
            if channel == "window" and SERVICE_ROLE in roles_of(row):
                return {"refuse": f"{ROLES[SERVICE_ROLE]}只用于后台同步，不能登录窗口。"}
            row.last_login_at = now
            user = to_user(row)
            actor = self._site_profile(s).actor(user.user_id, user.primary_role)
            made["session"] = LoginSession(user=user, actor=actor, started_at=now)
            made["must_change"] = row.must_change
            detail = {"session": made["session"].id[:12], "role": actor.role}
            if channel != "window":
                detail["channel"] = channel
            if previous is not None:
                detail["previous"] = previous.user_id
            return {"actor": actor, "detail": detail}

        self._authenticate(user_id, password, "login", now, on_success=on_success)
        session: LoginSession = made["session"]
        self.guard.begin(session, must_change=made["must_change"])
        log.info("user %s logged in (role %s)", session.user_id, session.actor.role)
        return session

    def logout(self, session: LoginSession) -> None:
        """End the session (退出登录); the guard has no session until the next login."""
        now = self._clock.now()
        if self.guard.current is session:
            self.guard.end()
        with self._uow() as u:
            audit.append(u.session, at=now, actor=session.actor, action="logout",
                         detail={"session": session.id[:12]})
            u.commit()
        log.info("user %s logged out", session.user_id)

    def lock(self, session: LoginSession, *, reason: str = "idle") -> None:
        """Lock the screen (空闲锁屏 ``idle`` or 手动锁屏 ``manual``): every service call is
        refused until :meth:`unlock` (or another login)."""
        if reason not in ("idle", "manual"):
            raise ValueError(f"lock reason {reason!r}")
        now = self._clock.now()
        if self.guard.current is not session:
            raise CounterError("该登录会话已结束，请重新登录。")
        self.guard.lock()
        with self._uow() as u:
            audit.append(u.session, at=now, actor=session.actor, action="session.lock",
                         detail={"session": session.id[:12], "reason": reason})
            u.commit()
        log.info("session of %s locked (%s)", session.user_id, reason)

    def unlock(self, session: LoginSession, password: str) -> None:
        """Lift the lock with the same user's password (wrong passwords count to lockout).

        Raises:
            CounterError: the session is no longer the current one.
            AuthenticationFailed, AccountLocked, AccountDisabled: as for :meth:`login`; the
                screen stays locked (the lock screen offers 切换用户).
        """
        now = self._clock.now()
        if self.guard.current is not session:
            raise CounterError("该登录会话已结束，请重新登录。")
        self._authenticate(session.user_id, password, "session.unlock", now,
                           audit_actor=session.actor,
                           on_success=lambda s, row: {"actor": session.actor, "detail": {
                               "session": session.id[:12]}})
        self.guard.unlock()
        log.info("session of %s unlocked", session.user_id)

    def verify_password(self, user_id: str, password: str) -> User:
        """Check a user's password without logging in (audited as ``user.verify``).

        Raises:
            AuthenticationFailed, AccountLocked, AccountDisabled: as for :meth:`login`.
        """
        now = self._clock.now()
        return self._authenticate(user_id, password, "user.verify", now,
                                  on_success=lambda s, row: {"detail": {}})

    def confirm(self, user_id: str, password: str, role: str = "supervisor") -> Actor:
        """A user's on-the-spot credentials at this counter (当面确认), e.g. the supervisor
        who approves a tolerance request at the clerk's counter.

        Returns the user acting in ``role`` at this counter; the guard accepts that actor for
        :data:`CONFIRM_MINUTES` minutes although another user is logged in. Whether the
        confirming user may be the requesting clerk is the caller's rule (tolerance: never).

        Raises:
            AuthenticationFailed, AccountLocked, AccountDisabled: as for :meth:`login`.
            PermissionDenied: the user does not hold ``role``.
        """
        if role not in ROLES:
            raise ValueError(f"role {role!r}")
        now = self._clock.now()
        made: dict[str, Actor] = {}

        def on_success(s: Session, row: UserRow) -> dict:
            if role not in roles_of(row):
                return {"refuse": f"该用户不是{ROLES[role]}，不能确认。"}
            made["actor"] = self._site.load(s).actor(row.user_id, role)
            return {"actor": made["actor"], "detail": {"role": role}}

        self._authenticate(user_id, password, "user.confirm", now, on_success=on_success)
        actor = made["actor"]
        self.guard.vouch(actor, now + timedelta(minutes=CONFIRM_MINUTES))
        log.info("user %s confirmed on the spot as %s", actor.user_id, role)
        return actor

    # -- own account -----------------------------------------------------------------------

    def change_password(self, session: LoginSession, old_password: str,
                        new_password: str) -> None:
        """Change one's own password (修改密码); also ends the "temporary password" state."""
        uid = session.user_id
        check_password(new_password, user_id=uid)
        if old_password == new_password:
            raise InvalidInput("新密码不能与原密码相同。")
        self._authenticate(uid, old_password, "user.change_own_password", self._clock.now(),
                           audit_actor=session.actor,
                           on_success=lambda s, row: {"quiet": True})
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, session.actor, "user.change_own_password", at=now)
            row = s.get(UserRow, uid)
            row.password_hash = self._hasher.hash(new_password)
            row.must_change = False
            row.password_changed_at = row.updated_at = now
            audit.append(s, at=now, actor=session.actor, action="user.change_own_password")
            u.commit()
        if self.guard.current is session:
            self.guard.password_changed()
        log.info("user %s changed their password", uid)

    # -- administration --------------------------------------------------------------------

    def list_users(self, actor: Actor) -> list[User]:
        """Every account, by 工号 (administrators only)."""
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "user.view")
            rows = u.session.scalars(select(UserRow).order_by(UserRow.user_id)).all()
            return [to_user(r) for r in rows]

    def get(self, actor: Actor, user_id: str) -> User:
        """One account (administrators only)."""
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "user.view")
            return to_user(self._row(u.session, user_id))

    def create_user(self, actor: Actor, user_id: str, name: str, roles: Iterable[str],
                    temporary_password: str) -> User:
        """A new account with a temporary password the user must change at first login."""
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "user.create", at=now)
            uid = self._valid_user_id(user_id)
            name = clean_name(name)
            roles = clean_roles(roles)
            check_password(temporary_password, user_id=uid)
            if s.get(UserRow, uid) is not None:
                raise InvalidInput(f"工号 {uid} 已存在。")
            # a service account has nobody to change it interactively: its password is final
            row = self._new_row(uid, name, roles, self._hasher.hash(temporary_password), now,
                                must_change=SERVICE_ROLE not in roles)
            s.add(row)
            audit.append(s, at=now, actor=actor, action="user.create",
                         detail={"user_id": uid, "roles": sorted(roles)})
            u.commit()
            user = to_user(row)
        log.info("user %s created by %s", uid, actor.user_id)
        return user

    def disable(self, actor: Actor, user_id: str) -> User:
        """Disable an account (停用): it can no longer log in, and its open sessions on any
        counter are refused at their next service call."""
        def change(s, row, now):
            if row.user_id == actor.user_id:
                raise InvalidInput("不能停用自己的账号。")
            if "admin" in roles_of(row):
                self._keep_an_admin(s, row)
            row.active = False
            return {}
        return self._admin_change(actor, user_id, "user.disable", change)

    def enable(self, actor: Actor, user_id: str) -> User:
        """Enable an account again (启用); also ends a lockout after wrong passwords."""
        def change(s, row, now):
            row.active = True
            row.failed_attempts, row.locked_until = 0, None
            return {}
        return self._admin_change(actor, user_id, "user.enable", change)

    def reset_password(self, actor: Actor, user_id: str, temporary_password: str) -> User:
        """Set a temporary password (重置密码) the user must change at next login; also ends
        a lockout. Administrators change their own password with :meth:`change_password`."""
        def change(s, row, now):
            if row.user_id == actor.user_id:
                raise InvalidInput("不能重置自己的密码，请使用“修改密码”。")
            check_password(temporary_password, user_id=row.user_id)
            row.password_hash = self._hasher.hash(temporary_password)
            row.must_change = SERVICE_ROLE not in roles_of(row)  # a service account: final
            row.failed_attempts, row.locked_until = 0, None
            row.password_changed_at = now
            return {}
        return self._admin_change(actor, user_id, "user.reset_password", change)

    def set_roles(self, actor: Actor, user_id: str, roles: Iterable[str]) -> User:
        """Replace an account's roles (设置角色); at least one enabled administrator stays."""
        new = clean_roles(roles)

        def change(s, row, now):
            if "admin" in roles_of(row) and "admin" not in new:
                if row.user_id == actor.user_id:
                    raise InvalidInput("不能取消自己的管理员角色。")
                self._keep_an_admin(s, row)
            row.roles = _roles_text(new)
            return {"roles": sorted(new)}
        return self._admin_change(actor, user_id, "user.set_roles", change)

    def create_service_account(self, actor: Actor, user_id: str, name: str,
                               password: str) -> User:
        """A service account (同步服务账号, role :data:`counter.users.SERVICE_ROLE`) for the
        sync worker of ``python main.py sync``; administrators only (``user.create``).

        Unlike a person's account its password is final (no change at first login): nobody
        logs in with it interactively; the administrator puts it in the worker's password file
        (``COUNTER_PASSWORD_FILE``). It cannot log in at the window.
        """
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "user.create", at=now)
            uid = self._valid_user_id(user_id)
            name = clean_name(name)
            check_password(password, user_id=uid)
            if s.get(UserRow, uid) is not None:
                raise InvalidInput(f"工号 {uid} 已存在。")
            row = self._new_row(uid, name, frozenset({SERVICE_ROLE}), self._hasher.hash(password),
                                now, must_change=False)
            s.add(row)
            audit.append(s, at=now, actor=actor, action="user.create",
                         detail={"user_id": uid, "roles": [SERVICE_ROLE]})
            u.commit()
            user = to_user(row)
        log.info("service account %s created by %s", uid, actor.user_id)
        return user

    def create_training_accounts(self, accounts: Iterable[tuple[str, str, Iterable[str]]],
                                 password: str) -> list[User]:
        """The demo accounts of a training store (练习账号), all with ``password`` (final, no
        change at first login: scripts and trainees use it as documented in the README).

        Refused (:class:`counter.identity.NotATrainingStore`, nothing created) unless the store
        is a training store: a documented password must never open a production store. An id
        that exists already is left as it is. One transaction; audited as ``user.create`` by
        the system (``training``).

        Args:
            accounts: ``(user_id, name, roles)`` of each account.
        Returns:
            the accounts created now (those that existed are not listed).
        """
        from counter.identity import TRAINING_KEY, NotATrainingStore
        from counter.store.models import SettingRow

        specs = []
        for user_id, name, roles in accounts:
            uid = self._valid_user_id(user_id)
            check_password(password, user_id=uid)
            specs.append((uid, clean_name(name), clean_roles(roles)))
        digest = self._hasher.hash(password)
        now = self._clock.now()
        made = []
        with self._uow() as u:
            s = u.session
            mark = s.get(SettingRow, TRAINING_KEY)
            if mark is None or mark.value != "true":
                raise NotATrainingStore("该数据目录不是练习库，不能创建练习账号（练习账号的密码是公开的）。")
            for uid, name, roles in specs:
                if s.get(UserRow, uid) is not None:
                    continue
                row = self._new_row(uid, name, roles, digest, now, must_change=False)
                s.add(row)
                audit.append(s, at=now, actor=None, user_id="training", role="system",
                             action="user.create", detail={"user_id": uid, "roles": sorted(roles)})
                made.append(row)
            u.commit()
            users = [to_user(r) for r in made]
        if users:
            log.info("training accounts created: %s", ", ".join(x.user_id for x in users))
        return users

    def require(self, actor: Actor, action: str) -> None:
        """Refuse (audited, :class:`PermissionDenied`) unless ``actor`` may perform ``action``
        now — for a command-line tool that checks before work no single service call covers
        (e.g. ``sync``: ``sync.run``). Allowed: nothing is written (the work audits itself)."""
        with self._uow() as u:
            self._perm.require(u.session, actor, action, at=self._clock.now())

    # -- internals -------------------------------------------------------------------------

    def _site_profile(self, s: Session):
        """This counter's profile; before any catalog (an administrator on the command line
        importing the first one) the default profile of region ``000000`` (not set yet)."""
        from counter.identity import SiteProfile

        try:
            return self._site.load(s)
        except NotFound:
            return SiteProfile(region_code="000000")

    def _authenticate(self, user_id: str, password: str, action: str, now: datetime, *,
                      on_success, audit_actor: Actor | None = None) -> User:
        """Check a password; count failures and lock; audit the outcome under ``action``.

        ``on_success(session, row)`` runs in the write transaction after a right password
        for an enabled account and returns a dict: ``actor`` and ``detail`` for the audit
        entry, ``quiet`` to write none (the caller audits), ``refuse`` (a Chinese reason) to
        refuse after all.
        """
        uid = normalise_user_id(user_id)
        stored = None
        found = False
        if uid and not user_id_problem(uid):
            with self._uow(read_only=True) as u:
                row = u.session.get(UserRow, uid)
                if row is not None:
                    found, stored, locked_until = True, row.password_hash, row.locked_until
        if not found:
            self._hasher.burn(password)
            with self._uow() as u:
                self._audit_alone(u.session, now, user_id=UNKNOWN_USER, role=UNAUTHENTICATED,
                                  action=action, result="refused",
                                  detail={"reason": "unknown_user"})
            raise AuthenticationFailed(LOGIN_FAILED)

        def refused(s: Session, reason: str, **extra) -> None:
            if audit_actor is not None:
                audit.append(s, at=now, actor=audit_actor, action=action, result="refused",
                             detail={"reason": reason, **extra})
            else:
                audit.append(s, at=now, actor=None, user_id=uid, role=UNAUTHENTICATED,
                             action=action, result="refused", detail={"reason": reason, **extra})

        if locked_until is not None and now < locked_until:
            with self._uow() as u:
                refused(u.session, "locked")
                u.commit()
            raise AccountLocked(_locked_message(locked_until))
        ok = self._hasher.verify(stored, password)
        new_hash = self._hasher.hash(password) if ok and self._hasher.needs_rehash(stored) else None
        with self._uow() as u:
            s = u.session
            row = s.get(UserRow, uid)
            if row is None:  # deleted meanwhile (not offered, but be safe)
                raise AuthenticationFailed(LOGIN_FAILED)
            if not ok:
                row.failed_attempts = (row.failed_attempts or 0) + 1
                locked = row.failed_attempts >= self._lockout.max_failures
                if locked:
                    row.locked_until = self._lockout.until(now)
                    row.failed_attempts = 0
                refused(s, "wrong_password", locked=locked)
                u.commit()
                if locked:
                    log.warning("account %s locked after %d wrong passwords", uid,
                                self._lockout.max_failures)
                    raise AccountLocked(
                        f"密码连续输错 {self._lockout.max_failures} 次，账号已锁定 "
                        f"{self._lockout.minutes} 分钟。")
                raise AuthenticationFailed(LOGIN_FAILED)
            if not row.active:
                refused(s, "disabled")
                u.commit()
                raise AccountDisabled("该账号已停用，请联系管理员。")
            row.failed_attempts, row.locked_until = 0, None
            if new_hash:
                row.password_hash = new_hash
            outcome = on_success(s, row)
            if "refuse" in outcome:
                refused(s, "role")
                u.commit()
                raise PermissionDenied(outcome["refuse"], action=action)
            if not outcome.get("quiet"):
                who = outcome.get("actor")
                if who is not None:
                    audit.append(s, at=now, actor=who, action=action,
                                 detail=outcome.get("detail"))
                else:
                    audit.append(s, at=now, actor=None, user_id=uid, role=to_user(row).primary_role,
                                 action=action, detail=outcome.get("detail"))
            u.commit()
            return to_user(row)

    def _admin_change(self, actor: Actor, user_id: str, action: str, change) -> User:
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, action, at=now)
            row = self._row(s, user_id)
            extra = change(s, row, now) or {}
            row.updated_at = now
            audit.append(s, at=now, actor=actor, action=action,
                         detail={"user_id": row.user_id, **extra})
            u.commit()
            user = to_user(row)
        log.info("%s on %s by %s", action, user.user_id, actor.user_id)
        return user

    @staticmethod
    def _keep_an_admin(s: Session, row: UserRow) -> None:
        """Refuse a change that would leave no enabled administrator."""
        others = [r for r in s.scalars(select(UserRow).where(UserRow.active.is_(True))).all()
                  if r.user_id != row.user_id and "admin" in roles_of(r)]
        if not others:
            raise InvalidInput("至少要保留一名启用的系统管理员。")

    @staticmethod
    def _row(s: Session, user_id: str) -> UserRow:
        uid = normalise_user_id(user_id)
        row = s.get(UserRow, uid) if uid else None
        if row is None:
            raise NotFound(f"未找到工号为 {uid or '（空）'} 的用户。")
        return row

    @staticmethod
    def _valid_user_id(user_id: str) -> str:
        uid = normalise_user_id(user_id)
        problem = user_id_problem(uid)
        if problem:
            raise InvalidInput(problem + "。")
        return uid

    @staticmethod
    def _new_row(uid: str, name: str, roles: frozenset[str], digest: str, now: datetime, *,
                 must_change: bool) -> UserRow:
        return UserRow(user_id=uid, name=name, roles=_roles_text(roles), active=True,
                       password_hash=digest, must_change=must_change, failed_attempts=0,
                       locked_until=None, last_login_at=None, password_changed_at=now,
                       created_at=now, updated_at=now)

    @staticmethod
    def _audit_alone(s: Session, now: datetime, **entry) -> None:
        """Write one audit entry in ``s`` (a fresh or rolled-back transaction) and commit."""
        audit.append(s, at=now, actor=None, **entry)
        s.commit()
