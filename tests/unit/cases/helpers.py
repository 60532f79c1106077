"""Shared helpers of the case tests (办件测试工具): a store template and filled drafts.

Building a store (migrations, sample catalog import) takes about a second; the store tests
copy a template made once per session instead.
"""

from __future__ import annotations

import random
import shutil
from datetime import datetime
from pathlib import Path

from counter.cases.demo import (DemoPeople, FormFiller, choose_applicant_kind, leave_missing,
                                receive_all)
from counter.clock import CST, FixedClock
from counter.identity import Actor
from counter.intake.intake import Intake

#: 社会保障卡申领: person only, bank_point, 10 working days.
CARD = "11140802MB1941531L4000220013000"
#: 印章刻制备案: organisation only, not at bank points, same day.
SEAL = "11140802MB1502686W4001002017000"
#: 最低生活保障审核确认: person, 20 working days.
DIBAO = "11140802MB150436684000305001000"
#: 开餐馆一件事 (two items).
RESTAURANT = "P-KCG"

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=CST)  # a Friday

#: A clerk at the sample catalog's counter: who keeps drafts and reads cases in the store
#: tests (their session guard does not enforce; the role matrix applies).
DESK = Actor(user_id="c0001", role="clerk", site="140802-001", counter="01")

TABLES = ("drafts", "cases", "case_items", "case_materials", "case_history", "case_serials",
          "audit_log", "audit_head", "outbox")

_template: dict[str, Path] = {}


def make_template(base: Path) -> Path:
    """A data directory with a migrated store and the sample catalog (built once)."""
    from tests.helpers.context import build_context

    if "dir" not in _template:
        d = base / "template"
        build_context(d, clock=FixedClock(T0)).close()
        _template["dir"] = d
    return _template["dir"]


def context_from_template(template: Path, data_dir: Path, clock=None, *,
                          db_url: str | None = None, **kwargs):
    """A context on a copy of ``template``; with ``db_url`` (a fresh PostgreSQL database made
    by ``tests/store/pg.py``, already holding the same store) on that database instead.
    ``kwargs`` go to the composition root (``hasher``, ``credit`` …)."""
    from tests.helpers.context import build_context

    if db_url is None:
        shutil.copytree(template, data_dir, dirs_exist_ok=True)
    return build_context(data_dir, clock=clock or FixedClock(T0), db_url=db_url, **kwargs)


def filled(ctx, kind: str = "item", key: str = CARD, *, seed: int = 1, materials: str = "all",
           agent: bool = False, save: bool = True, actor: Actor | None = None) -> Intake:
    """A draft started through the service and filled with valid values.

    Args:
        materials: ``all`` received, ``missing`` one or two required ones left out, ``none``.
        actor: who keeps the draft (default: the logged-in user when there is one, else
            :data:`DESK`).
    """
    rng = random.Random(seed)
    actor = actor or drafter(ctx)
    intake = ctx.intake.start(kind, key, actor)
    spec = ctx.intake.spec(intake)
    intake.applicant_kind = choose_applicant_kind(spec, rng)
    FormFiller(DemoPeople(rng, ctx.clock.now().date())).fill(intake, spec,
                                                            agent_share=1.0 if agent else 0.0)
    if materials == "all":
        receive_all(intake, spec)
    elif materials == "missing":
        leave_missing(intake, spec, rng)
    if save:
        ctx.intake.save(intake, actor)
    return intake


def drafter(ctx) -> Actor:
    """The logged-in user (tests with access control), else :data:`DESK`."""
    perm = ctx.permissions
    session = perm.guard.current if perm is not None and perm.guard is not None else None
    return session.actor if session is not None else DESK


def counts(ctx) -> dict[str, int]:
    """Rows per case table (to show that a refusal wrote nothing)."""
    from sqlalchemy import text

    with ctx.uow(read_only=True) as u:
        return {t: u.session.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in TABLES}


def snapshot(ctx) -> dict[str, list]:
    """Every row of the case tables (to show that a refusal changed nothing)."""
    from sqlalchemy import text

    with ctx.uow(read_only=True) as u:
        return {t: u.session.execute(text(f"SELECT * FROM {t}")).all() for t in TABLES}
