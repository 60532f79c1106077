"""What changed in the store, told to whoever listens (办件变更通知).

Services do not know the screens. When a service call changes a case it records it in its unit
of work (:meth:`counter.store.uow.UnitOfWork.case_changed`); once the transaction is committed,
the unit of work hands what it collected to the one :class:`Changes` publisher of the process
(built with the :class:`counter.store.uow.UowFactory`, ``ctx.changes``). A rolled-back call
reports nothing. Subscribers are plain callables taking a :class:`CaseChange`; the GUI has one
subscriber, :class:`ui.hub.CaseHub`, which re-emits each change as a Qt signal on the GUI thread.

Publishing::

    with self._uow() as u:
        ...
        u.case_changed(case_no, ChangeKind.ACCEPTED)
        u.commit()          # subscribers hear of it here, after the commit

Subscribing (outside Qt)::

    ctx.changes.subscribe(callback)      # callback(change: CaseChange)
    ctx.changes.unsubscribe(callback)

Subscribers are called on the thread of the service call (the GUI thread, the sync worker's
thread, a background runner's thread) and must be quick. A subscriber that raises is logged
(without the exception text, which could hold personal data) and neither the other
subscribers nor the service call notice.

Pure Python: no Qt here.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Callable, Iterable

log = logging.getLogger(__name__)

__all__ = ["ChangeKind", "CaseChange", "Changes", "Subscriber"]


class ChangeKind(StrEnum):
    """What happened to a case (the ``kind`` of a :class:`CaseChange`)."""

    ACCEPTED = "accepted"
    """受理：办件已受理（S 字号）。"""
    NOTIFIED = "notified"
    """一次性告知：已告知所缺材料（G 字号）。"""
    REJECTED = "rejected"
    """不予受理（B 字号）。"""
    TOLERANCE_REQUESTED = "tolerance_requested"
    """已提交容缺受理申请，等待审批（编号为申请编号：尚无办件）。"""
    TOLERANCE_WITHDRAWN = "tolerance_withdrawn"
    """容缺受理申请已撤回（编号为申请编号）。"""
    TOLERANCE_REFUSED = "tolerance_refused"
    """值班长不同意容缺受理（编号为申请编号）。"""
    TOLERANCE_APPROVED = "tolerance_approved"
    """值班长同意容缺受理：办件已容缺受理（S 字号）。"""
    SUPPLEMENTED = "supplemented"
    """已补交容缺材料（补正）。"""
    TERMINATED = "terminated"
    """逾期未补交容缺材料，终止办理。"""
    PICKED_UP = "picked_up"
    """已出件（本人领取或代领）。"""
    PASSWORD_RESET = "password_reset"
    """已重置查询密码。"""
    PLATFORM_STATUS = "platform_status"
    """平台回传了新的办件状态（审查中、准予许可……）。"""
    SYNCED = "synced"
    """同步状态变化：事件已送达平台、被平台退回、将重发或已重新发送。"""
    FEED_PROBLEM = "feed_problem"
    """平台数据问题：回传项被搁置或已标记处理（编号为平台发来的办件编号）。"""
    DOCUMENT_ISSUED = "document_issued"
    """文书已存档（首次出具或补打）。"""
    DATES_ADJUSTED = "dates_adjusted"
    """节假日安排公布后，办结时间或补正期限已调整。"""


@dataclass(frozen=True)
class CaseChange:
    """One case changed in one committed service call.

    Attributes:
        number: the case number (for a tolerance request not yet a case: the request id).
        kind: what happened first in that call (:class:`ChangeKind`).
        kinds: every kind the call recorded for this case, in order, each once (``kind``
            first).
    """

    number: str
    kind: ChangeKind
    kinds: tuple[ChangeKind, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.kinds:
            object.__setattr__(self, "kinds", (self.kind,))

    def has(self, *kinds: ChangeKind | str) -> bool:
        """Whether any of ``kinds`` happened in this change."""
        return any(k in self.kinds for k in kinds)


Subscriber = Callable[[CaseChange], None]


def collect(recorded: Iterable[tuple[str, ChangeKind]]) -> list[CaseChange]:
    """One :class:`CaseChange` per case from ``(number, kind)`` pairs, in the order the cases
    were first named; repeated kinds are kept once."""
    kinds: dict[str, list[ChangeKind]] = {}
    for number, kind in recorded:
        seen = kinds.setdefault(number, [])
        if kind not in seen:
            seen.append(kind)
    return [CaseChange(number, ks[0], tuple(ks)) for number, ks in kinds.items()]


class Changes:
    """The publisher of case changes (one per process; thread-safe).

    Subscribing, unsubscribing and publishing may happen on any thread at any time; a
    subscriber added or removed while a publish runs takes effect from the next publish.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: tuple[Subscriber, ...] = ()

    def subscribe(self, subscriber: Subscriber) -> None:
        """Call ``subscriber(change)`` for each change published from now on (once, even if
        subscribed twice)."""
        with self._lock:
            if subscriber not in self._subscribers:
                self._subscribers = self._subscribers + (subscriber,)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """Stop calling ``subscriber`` (nothing happens when it was not subscribed)."""
        with self._lock:
            self._subscribers = tuple(s for s in self._subscribers if s != subscriber)

    @property
    def subscribers(self) -> int:
        """How many subscribers there are."""
        return len(self._subscribers)

    def publish(self, changes: Iterable[CaseChange] | CaseChange) -> None:
        """Tell every subscriber of each change, in order. Called by the unit of work after
        its commit; never raises because of a subscriber."""
        if isinstance(changes, CaseChange):
            changes = (changes,)
        subscribers = self._subscribers  # a snapshot: (un)subscribing meanwhile is safe
        for change in changes:
            for subscriber in subscribers:
                try:
                    subscriber(change)
                except Exception as exc:  # noqa: BLE001 - one listener never breaks the call
                    # the type only: an exception text may hold personal data
                    log.error("case-change subscriber %r failed (%s) on a %s change",
                              getattr(subscriber, "__qualname__", subscriber),
                              type(exc).__name__, change.kind.value)
