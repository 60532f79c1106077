"""Staff accounts (用户): 工号, name, roles, and the lockout rule after wrong passwords.

Plain domain objects; :mod:`counter.services.users` stores them (table ``users``) and is the
only way to change them. A :class:`User` never carries its password hash: the hash stays in
the store and in the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from counter.errors import InvalidInput
from counter.identity import ROLES

#: When a user holds several roles, the session acts in the first of these it holds (the
#: others are available with :meth:`counter.auth.LoginSession.actor_as`).
ROLE_PRECEDENCE = ("supervisor", "clerk", "bank_staff", "admin", "sync")

#: The role of a service account (同步服务账号): the sync worker of ``python main.py sync``
#: logs in with it (``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE``). It holds no other role and
#: cannot log in at the window (docs/security.md, "Service accounts").
SERVICE_ROLE = "sync"

_USER_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,31}")
NAME_MAX = 32


def normalise_user_id(user_id: str) -> str:
    """The 工号 as stored: blanks trimmed, lower case (``C0012`` and ``c0012`` are one user)."""
    return (user_id or "").strip().lower()


def user_id_problem(user_id: str) -> str | None:
    """Why ``user_id`` (normalised) cannot be a 工号, or None."""
    if not user_id:
        return "请填写工号"
    if not _USER_ID.fullmatch(user_id):
        return "工号只能由英文字母、数字和 . _ - 组成，以字母或数字开头，最长 32 位"
    return None


def clean_name(name: str) -> str:
    """The staff member's name, trimmed; refused when blank or too long."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写姓名。")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"姓名不能超过 {NAME_MAX} 个字。")
    return name


def clean_roles(roles) -> frozenset[str]:
    """A valid, non-empty set of roles; unknown ones are refused by name."""
    out = frozenset(str(r).strip() for r in roles or ())
    unknown = sorted(out - ROLES.keys())
    if unknown:
        raise InvalidInput("未知的角色：" + "、".join(unknown))
    if not out:
        raise InvalidInput("请至少选择一个角色。")
    if SERVICE_ROLE in out and len(out) > 1:
        raise InvalidInput(f"{ROLES[SERVICE_ROLE]}只能有这一个角色，不能兼任其他角色。")
    return out


def role_labels(roles) -> str:
    """``综窗人员、首席代表/值班长`` in the order of :data:`ROLE_PRECEDENCE`."""
    return "、".join(ROLES[r] for r in ROLE_PRECEDENCE if r in roles)


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong passwords lock an account, and for how long (账号锁定策略).

    Attributes:
        max_failures: consecutive wrong passwords that lock the account.
        minutes: how long it stays locked (an administrator's password reset ends it sooner).
    """

    max_failures: int = 5
    minutes: int = 15

    def until(self, now: datetime) -> datetime:
        return now + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class User:
    """A staff account (用户).

    Attributes:
        user_id: the 工号, lower case.
        name: the staff member's name (shown in the user list; never written to the audit log).
        roles: a non-empty subset of :data:`counter.identity.ROLES`.
        active: False when disabled (停用): such an account cannot log in.
        must_change: the password is a temporary one set by an administrator; it must be
            changed before anything else.
        failed_attempts: consecutive wrong passwords since the last success or lock.
        locked_until: the account refuses logins until then (None: not locked).
        last_login_at: the last successful login.
    """

    user_id: str
    name: str
    roles: frozenset[str]
    active: bool = True
    must_change: bool = False
    failed_attempts: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = field(default=None, compare=False)

    def is_locked(self, now: datetime) -> bool:
        """True while the lockout after wrong passwords lasts."""
        return self.locked_until is not None and now < self.locked_until

    @property
    def primary_role(self) -> str:
        """The role the user's session acts in (see :data:`ROLE_PRECEDENCE`)."""
        return next(r for r in ROLE_PRECEDENCE if r in self.roles)

    @property
    def roles_label(self) -> str:
        return role_labels(self.roles)
