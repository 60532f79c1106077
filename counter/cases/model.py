"""The case (办件) and its lifecycle.

:class:`CaseState` and :data:`TRANSITIONS` are the state machine of DESIGN.md as data;
:func:`transition` applies an action or refuses it with a Chinese :class:`CounterError`.
:class:`Case` is the plain domain object the case services return (never a table row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from counter.errors import CounterError
from counter.identity import Actor


class CaseState(str, Enum):
    """Business state of a case (办件状态)."""

    DRAFT = "draft"
    ACCEPTED = "accepted"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    IN_REVIEW = "in_review"
    CORRECTION_REQUIRED = "correction_required"
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"
    CLOSED = "closed"
    NOTIFIED = "notified"
    REJECTED = "rejected"
    TERMINATED = "terminated"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def result_ready(self) -> bool:
        """A result waits to be handed out (可出件)."""
        return self in READY_FOR_PICKUP


STATE_LABELS = {
    CaseState.DRAFT: "填写中", CaseState.ACCEPTED: "已受理",
    CaseState.AWAITING_SUPPLEMENT: "容缺待补", CaseState.IN_REVIEW: "审批中",
    CaseState.CORRECTION_REQUIRED: "需补正", CaseState.APPROVED: "准予许可",
    CaseState.DENIED: "不予许可", CaseState.COMPLETED: "已办结", CaseState.CLOSED: "已出件",
    CaseState.NOTIFIED: "一次性告知", CaseState.REJECTED: "不予受理",
    CaseState.TERMINATED: "已终止", CaseState.VOIDED: "已作废",
}


class CaseAction(str, Enum):
    """What moves a case (办件操作): counter decisions and the platform's status feed."""

    ACCEPT = "accept"                          #: 受理
    ACCEPT_WITH_TOLERANCE = "accept_tolerance"  #: 容缺受理
    NOTIFY = "notify"                          #: 一次性告知
    REJECT = "reject"                          #: 不予受理
    SUPPLEMENT = "supplement"                  #: 补正 / 补交
    TERMINATE = "terminate"                    #: 终止 (容缺逾期)
    VOID = "void"                              #: 作废
    PICKUP = "pickup"                          #: 出件
    # from the platform's status feed
    IN_REVIEW = "in_review"
    CORRECTION_REQUIRED = "correction_required"
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    CaseAction.ACCEPT: "受理", CaseAction.ACCEPT_WITH_TOLERANCE: "容缺受理",
    CaseAction.NOTIFY: "一次性告知", CaseAction.REJECT: "不予受理",
    CaseAction.SUPPLEMENT: "补正", CaseAction.TERMINATE: "终止", CaseAction.VOID: "作废",
    CaseAction.PICKUP: "出件", CaseAction.IN_REVIEW: "进入审批",
    CaseAction.CORRECTION_REQUIRED: "要求补正", CaseAction.APPROVED: "准予许可",
    CaseAction.DENIED: "不予许可", CaseAction.COMPLETED: "办结",
}

S, A = CaseState, CaseAction

#: States from which a case may still be voided (在办).
OPEN_STATES = frozenset({S.ACCEPTED, S.AWAITING_SUPPLEMENT, S.IN_REVIEW, S.CORRECTION_REQUIRED})
#: States whose result waits at the counter (可出件).
READY_FOR_PICKUP = frozenset({S.APPROVED, S.DENIED, S.COMPLETED})
#: Decided at the counter and never moving again by themselves (终态).
FINAL_STATES = frozenset({S.CLOSED, S.NOTIFIED, S.REJECTED, S.TERMINATED, S.VOIDED})
#: States in which tolerated materials may still be supplied (补正): every state before
#: pickup, and a case handed out on a supervisor's override while something is still owed.
SUPPLEMENT_STATES = OPEN_STATES | READY_FOR_PICKUP | {S.CLOSED}
#: The flag of a case whose tolerated material is still owed (容缺材料未补齐).
TOLERANCE_OWED = "容缺材料未补齐"

#: The allowed transitions: (state, action) → new state. Everything else is refused.
TRANSITIONS: dict[tuple[CaseState, CaseAction], CaseState] = {
    (S.DRAFT, A.ACCEPT): S.ACCEPTED,
    (S.DRAFT, A.ACCEPT_WITH_TOLERANCE): S.AWAITING_SUPPLEMENT,
    (S.DRAFT, A.NOTIFY): S.NOTIFIED,
    (S.DRAFT, A.REJECT): S.REJECTED,
    (S.AWAITING_SUPPLEMENT, A.SUPPLEMENT): S.ACCEPTED,
    (S.AWAITING_SUPPLEMENT, A.TERMINATE): S.TERMINATED,
    # a tolerance commitment overdue after the platform moved the case on (终止: the service
    # allows it only for an open, overdue commitment)
    (S.IN_REVIEW, A.TERMINATE): S.TERMINATED,
    (S.CORRECTION_REQUIRED, A.TERMINATE): S.TERMINATED,
    (S.APPROVED, A.TERMINATE): S.TERMINATED,
    (S.DENIED, A.TERMINATE): S.TERMINATED,
    (S.COMPLETED, A.TERMINATE): S.TERMINATED,
    (S.CORRECTION_REQUIRED, A.SUPPLEMENT): S.IN_REVIEW,
    # the platform's status feed
    (S.ACCEPTED, A.IN_REVIEW): S.IN_REVIEW,
    (S.AWAITING_SUPPLEMENT, A.IN_REVIEW): S.IN_REVIEW,
    (S.CORRECTION_REQUIRED, A.IN_REVIEW): S.IN_REVIEW,
    # a tolerance case whose material is still owed follows the platform too; the owed
    # material stays in the ledger (``tolerated``) and flags the case (Case.tolerance_owed)
    (S.AWAITING_SUPPLEMENT, A.CORRECTION_REQUIRED): S.CORRECTION_REQUIRED,
    (S.AWAITING_SUPPLEMENT, A.APPROVED): S.APPROVED,
    (S.AWAITING_SUPPLEMENT, A.DENIED): S.DENIED,
    (S.AWAITING_SUPPLEMENT, A.COMPLETED): S.COMPLETED,
    (S.ACCEPTED, A.CORRECTION_REQUIRED): S.CORRECTION_REQUIRED,
    (S.IN_REVIEW, A.CORRECTION_REQUIRED): S.CORRECTION_REQUIRED,
    (S.ACCEPTED, A.APPROVED): S.APPROVED,      # 即办件: decided without a review step
    (S.IN_REVIEW, A.APPROVED): S.APPROVED,
    (S.ACCEPTED, A.DENIED): S.DENIED,
    (S.IN_REVIEW, A.DENIED): S.DENIED,
    (S.ACCEPTED, A.COMPLETED): S.COMPLETED,
    (S.IN_REVIEW, A.COMPLETED): S.COMPLETED,
    (S.APPROVED, A.COMPLETED): S.COMPLETED,
    (S.DENIED, A.COMPLETED): S.COMPLETED,
    # hand-out at any counter
    (S.APPROVED, A.PICKUP): S.CLOSED,
    (S.DENIED, A.PICKUP): S.CLOSED,
    (S.COMPLETED, A.PICKUP): S.CLOSED,
}
TRANSITIONS.update({(state, A.VOID): S.VOIDED for state in OPEN_STATES})

#: Platform status-feed values → the action they apply (``received`` changes no state).
FEED_STATUS_ACTIONS = {
    "received": None,
    "in_review": A.IN_REVIEW,
    "correction_required": A.CORRECTION_REQUIRED,
    "approved": A.APPROVED,
    "denied": A.DENIED,
    "completed": A.COMPLETED,
}


def allowed(state: CaseState, action: CaseAction) -> bool:
    return (CaseState(state), CaseAction(action)) in TRANSITIONS


def transition(state: CaseState | str, action: CaseAction | str) -> CaseState:
    """The state after ``action`` (状态流转); refuses an action the state does not allow."""
    state, action = CaseState(state), CaseAction(action)
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise CounterError(f"办件当前状态为「{state.label}」，不能{action.label}。") from None


def actions_from(state: CaseState | str) -> list[CaseAction]:
    """The actions a state allows (for enabling buttons)."""
    state = CaseState(state)
    return [a for (s, a) in TRANSITIONS if s is state]


# -- the domain object -----------------------------------------------------------------------

@dataclass(frozen=True)
class Applicant:
    """The applicant (申请人): a person or an organisation."""

    type: str  # person | organisation
    name: str
    id_type: str
    id_number: str

    def to_json(self) -> dict:
        return {"type": self.type, "name": self.name, "id_type": self.id_type,
                "id_number": self.id_number}


@dataclass(frozen=True)
class LedgerEntry:
    """One line of a case's materials ledger (材料台账).

    Attributes:
        material: material id (``M-ID-CARD``).
        name: material name.
        status: ``received``, ``e_licence``, ``tolerated``, ``not_applicable`` or
            ``missing`` (the last only on notified cases).
        necessity: ``required``, ``tolerable`` or ``optional`` in this situation.
        copies: paper copies collected.
        original: original handling: ``none``, ``check`` or ``keep`` — the stricter of the
            catalog's requirement and what was done (printed on the documents).
        pages: sha256 of the scanned pages.
        items: codes of the items this material serves.
        original_done: what the clerk recorded at the counter (``keep`` 收取原件 or ``check``
            核验原件 ticked, else ``none``); ``None`` on cases decided before it was kept.
        e_licence_number: the e-licence (电子证照) that exempted the material, if any.
    """

    material: str
    name: str
    status: str
    necessity: str
    copies: int
    original: str
    pages: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    original_done: str | None = None
    e_licence_number: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a case's history (办理过程)."""

    at: datetime
    action: str
    actor: Actor | None
    note: str = ""


@dataclass(frozen=True)
class PickupInfo:
    """Who collected the result, and when (出件信息)."""

    at: datetime
    by_applicant: bool
    name: str
    id_type: str
    id_number: str
    actor: Actor


@dataclass
class Case:
    """An application taken at the counter (办件), as the services return it.

    ``query_password`` is set only on the object returned by the accept service: the store
    keeps only its hash. ``legal_at`` is the legal deadline (法定时限届满), computed at
    acceptance like ``promised_at``; ``None`` for cases accepted before it was recorded or when
    the calendar does not reach it yet. ``promised_provisional`` (预计) is set by the services
    when the promised date rests on a provisional holiday year (:mod:`counter.provisional`); it
    is never stored: the calendar decides it each time; ``legal_provisional`` likewise for
    ``legal_at``.
    """

    case_no: str
    state: CaseState
    kind: str  # item | package
    key: str
    name: str
    items: list[tuple[str, str]]
    catalog_version: str
    applicant: Applicant
    contact: dict[str, str]
    form: dict[str, Any]
    answers: dict[str, Any]
    materials: list[LedgerEntry]
    decided_at: datetime
    decided_by: Actor
    accepted_at: datetime | None = None
    promised_at: datetime | None = None
    reason_code: str | None = None
    reason_text: str | None = None
    missing: list[str] = field(default_factory=list)
    result: dict | None = None
    status_message: str | None = None
    picked_up: PickupInfo | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    updated_at: datetime | None = None
    query_password: str | None = field(default=None, repr=False)
    legal_at: datetime | None = None
    promised_provisional: bool = False
    legal_provisional: bool = False

    @property
    def series(self) -> str:
        return self.case_no[17]

    @property
    def package_id(self) -> str | None:
        return self.key if self.kind == "package" else None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def tolerance_owed(self) -> tuple[LedgerEntry, ...]:
        """The tolerated materials still owed (容缺材料未补齐): ledger entries ``tolerated``
        of a case not terminated or voided. Non-empty, the case is flagged
        (:data:`TOLERANCE_OWED`) whatever the platform made of its state, 出件 is refused
        without a supervisor's override, and 补正 stays possible; it clears when the last
        one is supplied."""
        if self.state in (CaseState.TERMINATED, CaseState.VOIDED):
            return ()
        return tuple(m for m in self.materials if m.status == "tolerated")


@dataclass(frozen=True)
class CaseSummary:
    """A line of a case list (办件列表), enough to pick one and open it with ``get``."""

    case_no: str
    state: CaseState
    name: str
    applicant_type: str
    applicant_name: str
    decided_at: datetime
    promised_at: datetime | None
