"""The role matrix (权限矩阵) and its enforcement in the service layer.

:data:`MATRIX` is data: each action a service performs, its Chinese label and the roles
allowed to perform it. Hiding a button is a courtesy; the rule is enforced by the service
calling :meth:`Permissions.require` at the start of its unit of work::

    with self._uow() as u:
        self._permissions.require(u.session, actor, "tolerance.approve", case_no=number)
        ...                      # the work, its audit entry and outbox events
        u.commit()

``require`` refuses when

* the guard (:class:`counter.auth.SessionGuard`) says the session may not act: nobody logged
  in, the screen is locked, a temporary password is still to be changed, or the actor is not
  the logged-in user (nor a supervisor who just entered their credentials here);
* the actor's role is not allowed the action;
* while the guard enforces: the actor's account is disabled, or no longer holds that role
  (an administrator's change applies at once, on every counter sharing the store).

A refusal is itself audited (``result = refused``). Since the caller's transaction must not
commit anything of a refused call, ``require`` rolls the caller's session back, commits the
refusal entry in a transaction of its own and raises :class:`PermissionDenied`; the service
lets it propagate. Call ``require`` before the work, not in the middle of it.

Bank points (政银合作服务点): :func:`site_offers` tells the catalog browser which items this site
offers; :meth:`Permissions.require_items` refuses the others at the service layer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy.orm import Session

from counter import audit
from counter.auth import SessionGuard
from counter.clock import Clock, SystemClock
from counter.errors import CounterError
from counter.identity import ROLES, Actor, SiteProfile

log = logging.getLogger(__name__)

COUNTER_ROLES = frozenset({"clerk", "bank_staff", "supervisor"})
SUPERVISOR = frozenset({"supervisor"})
ADMIN = frozenset({"admin"})
#: The sync service account (``python main.py sync``): the sync permissions, nothing else.
SYNC = frozenset({"sync"})
#: Every role of a person (a service account does not seal or change a password itself).
EVERYONE = frozenset(ROLES) - SYNC

#: Shown next to an item a bank point does not offer, and in the refusal.
HALL_ONLY = "请到政务服务大厅办理"


@dataclass(frozen=True)
class Rule:
    """Who may perform an action.

    Attributes:
        label: what the action does, as a Chinese verb phrase (``审批容缺受理``).
        roles: the roles allowed.
    """

    label: str
    roles: frozenset[str]


#: action → rule. Action names are the ``action`` of the audit entries the services write.
MATRIX: dict[str, Rule] = {
    # counter work
    "draft.edit": Rule("填写受理草稿", COUNTER_ROLES),
    "case.view": Rule("查询办件", COUNTER_ROLES),
    "document.view": Rule("查看已出具的文书", COUNTER_ROLES),
    "page.view": Rule("查看材料扫描页", COUNTER_ROLES),
    "tolerance.view": Rule("查看容缺受理申请", COUNTER_ROLES),
    "case.accept": Rule("受理", COUNTER_ROLES),
    "case.notify": Rule("一次性告知", COUNTER_ROLES),
    "case.reject": Rule("不予受理", COUNTER_ROLES),
    "tolerance.request": Rule("申请容缺受理", COUNTER_ROLES),
    "case.supplement": Rule("接收补正材料", COUNTER_ROLES),
    "case.pickup": Rule("办理出件", COUNTER_ROLES),
    "case.rate": Rule("登记好差评", COUNTER_ROLES),
    "document.issue": Rule("打印文书", COUNTER_ROLES),
    "document.reprint": Rule("补打文书", COUNTER_ROLES),
    # a document written to a file from the command line (``python main.py document``)
    "document.export": Rule("导出文书", COUNTER_ROLES),
    # an applicant who never got or lost the query password, identity checked at the window
    "case.reset_query_password": Rule("重置查询密码", COUNTER_ROLES),
    # 日结: every counter closes its day (a bank point too, with no supervisor there)
    "sync.reconcile": Rule("日结对账", COUNTER_ROLES),
    # supervisor
    "tolerance.queue": Rule("查看容缺审批队列", SUPERVISOR),
    "tolerance.approve": Rule("审批容缺受理", SUPERVISOR),
    "deadlines.view": Rule("查看补正期限一览", SUPERVISOR),
    "case.terminate": Rule("终止逾期办件", SUPERVISOR),
    "case.pickup_override": Rule("批准容缺材料未补齐的办件先行出件", SUPERVISOR),
    "case.void": Rule("作废办件", SUPERVISOR),
    "stats.today": Rule("查看今日统计", SUPERVISOR),
    # the hall-wide list of refused events: who resends them sees what they resend
    "sync.view_refused": Rule("查看被退回的同步事件", SUPERVISOR | ADMIN),
    "sync.resend": Rule("重新发送被拒收的同步事件", SUPERVISOR | ADMIN),
    "audit.verify": Rule("校验审计日志", SUPERVISOR | ADMIN),
    "audit.seal": Rule("封存审计日志", EVERYONE),  # the window seals as whoever is logged in
    # status-feed items kept aside (平台数据问题): the platform's text, which may name an applicant
    "sync.view_feed_problems": Rule("查看平台数据问题", SUPERVISOR | ADMIN),
    "sync.resolve_feed_problem": Rule("标记平台数据问题已处理", SUPERVISOR | ADMIN),
    # administration
    "user.view": Rule("查看用户", ADMIN),
    "user.create": Rule("新建用户", ADMIN),
    "user.disable": Rule("停用用户", ADMIN),
    "user.enable": Rule("启用用户", ADMIN),
    "user.reset_password": Rule("重置用户密码", ADMIN),
    "user.set_roles": Rule("设置用户角色", ADMIN),
    "site.update": Rule("修改站点信息", ADMIN),
    "settings.update": Rule("修改系统设置", ADMIN),
    "catalog.import": Rule("导入事项目录", ADMIN),
    "calendar.import": Rule("导入节假日日历", ADMIN),
    "platform.configure": Rule("配置平台地址与凭据", ADMIN),
    "store.maintain": Rule("维护办件库（清理已办结草稿）", ADMIN),
    # the sync service account: the worker of ``python main.py sync`` (the window's own worker
    # runs in the logged-in user's process and is the system)
    "sync.run": Rule("运行同步服务", SYNC),
    # everyone, for themselves
    "user.change_own_password": Rule("修改本人密码", EVERYONE),
}


class PermissionDenied(CounterError):
    """The actor may not do this now (无权操作 / 会话已锁定); the refusal was audited.

    Attributes:
        action: the action refused (a key of :data:`MATRIX`).
    """

    def __init__(self, message: str, *, action: str) -> None:
        super().__init__(message)
        self.action = action


def rule(action: str) -> Rule:
    """The rule of ``action``; an unknown action is a programming error."""
    try:
        return MATRIX[action]
    except KeyError:
        raise ValueError(f"action {action!r} is not in the role matrix") from None


def allowed(role: str, action: str) -> bool:
    """True when ``role`` may perform ``action`` (the matrix alone, no session state)."""
    return role in rule(action).roles


def actions_for(role: str) -> list[str]:
    """The actions ``role`` may perform, in matrix order (to show or hide UI entries)."""
    return [a for a, r in MATRIX.items() if role in r.roles]


def role_problem(actor: Actor, action: str) -> str | None:
    """Why the actor's role may not perform ``action``, or None."""
    r = rule(action)
    if actor.role in r.roles:
        return None
    return f"当前角色（{ROLES.get(actor.role, actor.role)}）无权{r.label}。"


# -- bank points ---------------------------------------------------------------------------------


def site_offers(profile: SiteProfile, item) -> bool:
    """True when this site offers ``item`` (a hall offers all; a bank point only the items
    marked ``bank_point`` in the catalog)."""
    return profile.kind != "bank_point" or bool(item.bank_point)


def items_problem(actor: Actor, profile: SiteProfile, items: Iterable) -> str | None:
    """Why ``actor`` at this site may not take these items, or None: at a bank point, and for
    bank staff anywhere, only items delegated to bank points (``bank_point``)."""
    if actor.role != "bank_staff" and profile.kind != "bank_point":
        return None
    for item in items:
        if not item.bank_point:
            return f"「{item.name}」未委托政银合作服务点办理，{HALL_ONLY}。"
    return None


# -- enforcement ---------------------------------------------------------------------------------


def record_refusal(session: Session, actor: Actor, action: str, reason: str, *, at: datetime,
                   case_no: str | None = None, detail: Mapping[str, Any] | None = None) -> None:
    """Roll the caller's transaction back and commit an audit entry ``refused`` on its own.

    The caller's session is left without a transaction; the caller must not commit after
    this (there is nothing left to commit).
    """
    session.rollback()
    bind = session.get_bind().execution_options(sqlite_begin="IMMEDIATE")
    with Session(bind, expire_on_commit=False) as s:
        audit.append(s, at=at, actor=actor, action=action, case_no=case_no, result="refused",
                     detail={"reason": reason, **dict(detail or {})})
        s.commit()
    log.info("%s refused for %s (role %s)", action, actor.user_id, actor.role)


class Permissions:
    """The permission checks of this process: the role matrix plus the login session's state.

    One instance is built in the composition root and handed to every service.

    Args:
        guard: the login session guard; None checks the role matrix only.
        clock: the source of "now" (for audit entries and vouched credentials).
    """

    def __init__(self, guard: SessionGuard | None = None, clock: Clock | None = None) -> None:
        self.guard = guard
        self._clock = clock or SystemClock()

    def problem(self, session: Session | None, actor: Actor, action: str,
                now: datetime | None = None) -> str | None:
        """Why ``actor`` may not perform ``action`` now, or None. No audit entry.

        ``session`` (may be None) is used to read the actor's account while the guard
        enforces.
        """
        rule(action)
        now = now or self._clock.now()
        if self.guard is not None:
            reason = self.guard.problem(actor, action, now)
            if reason:
                return reason
        reason = role_problem(actor, action)
        if reason:
            return reason
        if session is not None and self.guard is not None and self.guard.enforcing:
            return _account_problem(session, actor)
        return None

    def allows(self, actor: Actor, action: str) -> bool:
        """True when ``actor`` may perform ``action`` now (to enable a button; no audit)."""
        return self.problem(None, actor, action) is None

    def require(self, session: Session, actor: Actor, action: str, *,
                case_no: str | None = None, at: datetime | None = None,
                detail: Mapping[str, Any] | None = None) -> None:
        """Refuse (audited, :class:`PermissionDenied`) unless ``actor`` may perform ``action``.

        Call it first in the service's unit of work; see the module docstring.
        """
        at = at or self._clock.now()
        reason = self.problem(session, actor, action, at)
        if reason:
            record_refusal(session, actor, action, reason, at=at, case_no=case_no,
                           detail=detail)
            raise PermissionDenied(reason, action=action)

    def require_items(self, session: Session, actor: Actor, action: str, profile: SiteProfile,
                      items: Iterable, *, case_no: str | None = None,
                      at: datetime | None = None) -> None:
        """:meth:`require`, and refuse items this site (or bank staff) may not take."""
        at = at or self._clock.now()
        self.require(session, actor, action, case_no=case_no, at=at)
        self.require_offered(session, actor, action, profile, items, case_no=case_no, at=at)

    def require_offered(self, session: Session, actor: Actor, action: str,
                        profile: SiteProfile, items: Iterable, *, case_no: str | None = None,
                        at: datetime | None = None) -> None:
        """Refuse (audited, :class:`PermissionDenied`) items this site (or bank staff) may not
        take — the second half of :meth:`require_items`, for a service that called
        :meth:`require` first and learned the items afterwards (e.g. from the draft)."""
        reason = items_problem(actor, profile, items)
        if reason:
            record_refusal(session, actor, action, reason, at=at or self._clock.now(),
                           case_no=case_no)
            raise PermissionDenied(reason, action=action)


def require(session: Session, actor: Actor, action: str, *, at: datetime,
            guard: SessionGuard | None = None, case_no: str | None = None) -> None:
    """:meth:`Permissions.require` without a composition root (scripts, tests)."""
    Permissions(guard).require(session, actor, action, case_no=case_no, at=at)


def _account_problem(session: Session, actor: Actor) -> str | None:
    """The account of ``actor`` as stored: disabled, gone, or without the role."""
    from counter.store.models import UserRow
    from counter.services.users import roles_of

    row = session.get(UserRow, actor.user_id)
    if row is None or not row.active:
        return "该账号已停用或不存在，请联系管理员。"
    if actor.role not in roles_of(row):
        return f"当前用户已没有「{ROLES.get(actor.role, actor.role)}」角色，请重新登录。"
    return None


def matrix_markdown() -> str:
    """The matrix as a Markdown table (``docs/security.md`` holds this table; a test checks
    that it is current)."""
    roles = ("clerk", "bank_staff", "supervisor", "admin", "sync")
    head = "| action | 操作 | " + " | ".join(ROLES[r] for r in roles) + " |"
    sep = "|---|---|" + "---|" * len(roles)
    lines = [head, sep]
    for action, r in MATRIX.items():
        marks = " | ".join("✓" if role in r.roles else "" for role in roles)
        lines.append(f"| `{action}` | {r.label} | {marks} |")
    return "\n".join(lines)
