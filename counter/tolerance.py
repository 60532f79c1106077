"""Tolerance rules (容缺受理规则): what may be tolerated, deadlines, and their states.

容缺受理 takes an application in although a minor material is missing, on the applicant's
signed commitment (容缺受理告知承诺书) to supply it by a deadline, with a supervisor's approval.
The rules, as pure functions the services call:

* only for items whose catalog entry says ``tolerance: true``;
* only for materials that are ``tolerable`` in the current situation (情形) — the merged
  necessity of a package decides — and not yet received or exempt; every item such a material
  serves must accept tolerance;
* everything else must be in order: the form valid and every other required or tolerable
  material received or exempt (the intake is acceptable but for the tolerated materials);
* not for an applicant on the dishonest list (checked by the service through
  :class:`counter.credit.CreditChecker`).

Deadlines (补正期限) are counted from the moment of acceptance with each material's
``supplement_limit`` on the working-day calendar (holidays and make-up working days count as
the calendar says, see :mod:`counter.workdays`); the commitment's deadline is the latest of
them. Its state comes from the clock: **normal**, **due soon** (at most
:data:`DUE_SOON_WORKDAYS` working day left, the deadline day itself included) or **overdue**
(the deadline has passed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Iterable, Sequence

from counter.catalog.model import Necessity
from counter.clock import CST
from counter.errors import CalendarUnknown
from counter.limit import Limit, LimitUnit

if TYPE_CHECKING:
    from counter.intake.intake import Intake
    from counter.intake.merge import IntakeSpec, MergedMaterial

__all__ = ["DeadlineState", "RequestStatus", "ToleratedMaterial", "DUE_SOON_WORKDAYS",
           "tolerable_materials", "selection_problems", "other_missing", "with_deadlines",
           "final_deadline", "workdays_left", "deadline_state"]

#: At most this many working days left: the commitment is due soon (即将到期).
DUE_SOON_WORKDAYS = 1


class DeadlineState(str, Enum):
    """Where a supplement deadline stands (补正期限状态)."""

    NORMAL = "normal"        #: 正常
    DUE_SOON = "due_soon"    #: 即将到期（剩余不超过 1 个工作日）
    OVERDUE = "overdue"      #: 已逾期

    @property
    def label(self) -> str:
        return {"normal": "正常", "due_soon": "即将到期", "overdue": "已逾期"}[self.value]


class RequestStatus(str, Enum):
    """Where a tolerance request stands (容缺受理申请状态)."""

    PENDING = "pending"          #: 待审批
    REFUSED = "refused"          #: 不同意容缺
    WITHDRAWN = "withdrawn"      #: 已撤回
    APPROVED = "approved"        #: 已容缺受理，待补正（承诺履行中）
    FULFILLED = "fulfilled"      #: 已补齐（承诺已履行）
    TERMINATED = "terminated"    #: 逾期终止

    @property
    def label(self) -> str:
        return {"pending": "待审批", "refused": "不同意容缺", "withdrawn": "已撤回",
                "approved": "容缺待补", "fulfilled": "已补齐", "terminated": "已终止"}[self.value]


@dataclass(frozen=True)
class ToleratedMaterial:
    """A material taken in on commitment (容缺材料).

    Attributes:
        material: the material id (``M-LEASE``).
        name: its name.
        limit: the supplement limit (容缺后补时限) of the situation.
        items: codes of the items it serves.
        copies: paper copies owed.
        original: original handling owed (``none``, ``check``, ``keep``).
        deadline: the end of the supplement limit, once the case is accepted.
    """

    material: str
    name: str
    limit: Limit
    items: tuple[str, ...] = ()
    copies: int = 1
    original: str = "none"
    deadline: datetime | None = None

    def to_json(self) -> dict:
        return {"material": self.material, "name": self.name, "limit": self.limit.to_json(),
                "items": list(self.items), "copies": self.copies, "original": self.original,
                "deadline": self.deadline.isoformat() if self.deadline else None}

    @classmethod
    def from_json(cls, data: dict) -> "ToleratedMaterial":
        limit = data["limit"]
        deadline = data.get("deadline")
        return cls(material=data["material"], name=data["name"],
                   limit=Limit(limit["value"], LimitUnit(limit["unit"])),
                   items=tuple(data.get("items", ())), copies=int(data.get("copies", 1)),
                   original=data.get("original", "none"),
                   deadline=datetime.fromisoformat(deadline) if deadline else None)

    @classmethod
    def of(cls, merged: "MergedMaterial") -> "ToleratedMaterial":
        """From a merged checklist material (tolerable, with its supplement limit)."""
        return cls(material=merged.id, name=merged.name, limit=merged.supplement_limit,
                   items=tuple(merged.items), copies=merged.copies,
                   original=merged.original.value)


# -- what may be tolerated ---------------------------------------------------------------------

def _items_accepting(spec: "IntakeSpec") -> set[str]:
    return {i.code for i in spec.items if i.tolerance}


def tolerable_materials(spec: "IntakeSpec", intake: "Intake") -> list["MergedMaterial"]:
    """The materials that may be tolerated now (可容缺材料): applicable in the situation,
    ``tolerable``, with a supplement limit, serving only items that accept tolerance, and not
    yet received or exempt."""
    accepting = _items_accepting(spec)
    out = []
    for m, state in intake.checklist(spec):
        if (m.necessity is Necessity.TOLERABLE and m.supplement_limit is not None
                and set(m.items) <= accepting and not state.status.provided):
            out.append(m)
    return out


def selection_problems(spec: "IntakeSpec", intake: "Intake",
                       material_ids: Sequence[str]) -> list[str]:
    """Why these materials may not be tolerated, as Chinese lines (empty: they may).

    Names materials and items, never the applicant.
    """
    if not spec.tolerance_allowed:
        return [f"“{spec.name}”不接受容缺受理"]
    ids = list(dict.fromkeys(material_ids))
    if not ids:
        return ["请选择要容缺的材料"]
    applicable = {m.id: (m, st) for m, st in intake.checklist(spec)}
    accepting = _items_accepting(spec)
    names = {i.code: i.name for i in spec.items}
    out = []
    for mid in ids:
        if mid not in applicable:
            try:
                name = spec.material(mid).name
            except KeyError:
                name = mid
            out.append(f"「{name}」在当前情形下不需要提交，无需容缺")
            continue
        m, state = applicable[mid]
        if m.necessity is not Necessity.TOLERABLE:
            out.append(f"「{m.name}」为{m.necessity.label}材料，不属于可容缺后补的材料")
        elif m.supplement_limit is None:
            out.append(f"「{m.name}」未规定补交时限，不能容缺")
        elif not set(m.items) <= accepting:
            refusing = "、".join(names.get(c, c) for c in m.items if c not in accepting)
            out.append(f"「{m.name}」所服务的事项“{refusing}”不接受容缺受理")
        elif state.status.provided:
            out.append(f"「{m.name}」已收取或免提交，无需容缺")
    return out


def other_missing(spec: "IntakeSpec", intake: "Intake",
                  material_ids: Iterable[str]) -> list["MergedMaterial"]:
    """Required or tolerable materials neither provided nor among ``material_ids``: while
    any remain, the application cannot be taken in even with tolerance."""
    chosen = set(material_ids)
    return [m for m, st in intake.checklist(spec)
            if m.necessity is not Necessity.OPTIONAL and not st.status.provided
            and m.id not in chosen]


# -- deadlines ---------------------------------------------------------------------------------

def with_deadlines(calendar, accepted_at: datetime,
                   materials: Iterable[ToleratedMaterial]) -> list[ToleratedMaterial]:
    """The materials with their deadlines counted from ``accepted_at`` (补正期限).

    Args:
        calendar: has ``add(moment, limit)`` (the working-day calendar).

    Raises:
        CalendarUnknown: a deadline falls in a year the holiday calendar does not know.
    """
    from dataclasses import replace

    return [replace(m, deadline=calendar.add(accepted_at, m.limit)) for m in materials]


def final_deadline(materials: Iterable[ToleratedMaterial]) -> datetime:
    """The commitment's deadline: the latest of the materials' (承诺补齐期限)."""
    deadlines = [m.deadline for m in materials if m.deadline is not None]
    if not deadlines:
        raise ValueError("no deadline")
    return max(deadlines)


def workdays_left(calendar, deadline: datetime, now: datetime) -> int | None:
    """Working days left until ``deadline`` (剩余工作日): the working days after today up to
    and including the deadline's day; 0 on the deadline day; negative once past (the working
    days since). None when the calendar does not know a year in between.

    Args:
        calendar: has ``workdays_between(a, b)`` (:class:`counter.workdays.WorkCalendar`).
    """
    try:
        return calendar.workdays_between(_day(now), _day(deadline))
    except CalendarUnknown:
        return None


def _day(moment: datetime):
    return (moment.astimezone(CST) if moment.tzinfo else moment).date()


def deadline_state(calendar, deadline: datetime, now: datetime) -> DeadlineState:
    """Normal, due soon (≤ :data:`DUE_SOON_WORKDAYS` working day left) or overdue
    (``now`` is past the deadline) — from the clock, never stored."""
    if now > deadline:
        return DeadlineState.OVERDUE
    left = workdays_left(calendar, deadline, now)
    if left is not None and left <= DUE_SOON_WORKDAYS:
        return DeadlineState.DUE_SOON
    return DeadlineState.NORMAL
