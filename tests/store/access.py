"""Helpers of the access-control tests (用户、权限测试工具): a store with users, fast hashing."""

from __future__ import annotations

from pathlib import Path

from counter.security import fast_hasher
from counter.users import LockoutPolicy
from tests.unit.cases.helpers import context_from_template

ADMIN = ("a0001", "管理员甲", "Admin#Desk2026")
CLERK = ("c0012", "综窗乙", "Clerk#Desk2026")
SUPERVISOR = ("s0003", "值班长丙", "Super#Desk2026")
BANK = ("b0101", "网点丁", "Bank#Desk2026")
TEMP = "Temp#Pass2026"


_people_templates: dict[Path, Path] = {}


def access_context(template: Path, data_dir: Path, clock, *, enforce: bool = True,
                   people: bool = True, db_url: str | None = None, **kwargs):
    """A store (sample catalog) with access control wired, fast hashing, and — with
    ``people`` — an administrator, a clerk, a supervisor and a bank-staff member (made once
    per template and copied; on PostgreSQL, ``db_url``, added to the fresh database).
    ``kwargs`` go to the composition root (e.g. ``credit``)."""
    if people and db_url is None:
        template = _with_people(template, clock)
    ctx = context_from_template(template, data_dir, clock, db_url=db_url, hasher=fast_hasher(),
                                lockout=LockoutPolicy(max_failures=5, minutes=15), **kwargs)
    if people and db_url is not None:
        ctx.permissions.guard.enforce(True)
        add_people(ctx)
        ctx.users.guard.end()
    ctx.permissions.guard.enforce(enforce)
    return ctx


def _with_people(template: Path, clock) -> Path:
    if template not in _people_templates:
        target = template.parent / (template.name + "-people")
        ctx = access_context(template, target, clock, enforce=True, people=False)
        add_people(ctx)
        ctx.users.guard.end()
        ctx.close()
        _people_templates[template] = target
    return _people_templates[template]


def add_people(ctx) -> None:
    users = ctx.users
    users.create_first_admin(*ADMIN)
    admin = users.login(ADMIN[0], ADMIN[2])
    for (uid, name, pw), roles in ((CLERK, ["clerk"]), (SUPERVISOR, ["supervisor"]),
                                   (BANK, ["bank_staff"])):
        users.create_user(admin.actor, uid, name, roles, TEMP)
        # set the person's own password (clears the temporary-password state)
    users.logout(admin)
    for uid, _name, pw in (CLERK, SUPERVISOR, BANK):
        s = users.login(uid, TEMP)
        users.change_password(s, TEMP, pw)
        users.logout(s)


def audit_rows(ctx):
    from sqlalchemy import select

    from counter.store.models import AuditRow

    from types import SimpleNamespace

    cols = [c.name for c in AuditRow.__table__.columns]
    with ctx.uow(read_only=True) as u:
        rows = u.session.scalars(select(AuditRow).order_by(AuditRow.seq)).all()
        return [SimpleNamespace(**{c: getattr(r, c) for c in cols}) for r in rows]
