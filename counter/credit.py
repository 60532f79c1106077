"""The applicant's credit standing (信用核查) for 容缺受理: a port, with an offline default.

A 失信 (dishonest) subject may not be granted tolerance (``contracts/platform-api.md``,
``GET /credit``). The platform answers the question; the counter only asks it through a
:class:`CreditChecker`, injected into :class:`counter.services.tolerance.ToleranceService`:

* ``sync.credit.PlatformCreditChecker`` — the platform's lookup (HTTP, in ``sync/``);
* :class:`OfflineCreditChecker` — always "could not check" (no platform configured);
* tests pass fakes.

A checker never raises for a failed lookup (timeout, no network, the platform refusing): it
returns :data:`CreditStatus.UNCHECKED` with a Chinese note, and the request goes on — the
supervisor then sees "未能核查信用（离线）" on the request. Nothing here logs the subject's
number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

__all__ = ["CreditStatus", "CreditResult", "CreditChecker", "OfflineCreditChecker",
           "OFFLINE_NOTE"]

#: What the supervisor reads when the lookup could not be made.
OFFLINE_NOTE = "未能核查信用（离线）"


class CreditStatus(str, Enum):
    """The outcome of a credit lookup (信用核查结果)."""

    CLEAR = "clear"            #: 无失信记录
    DISHONEST = "dishonest"    #: 失信被执行人等失信主体
    UNCHECKED = "unchecked"    #: 未能核查（离线、平台不可用）

    @property
    def label(self) -> str:
        return {"clear": "信用核查通过", "dishonest": "存在失信记录",
                "unchecked": OFFLINE_NOTE}[self.value]


@dataclass(frozen=True)
class CreditResult:
    """What a credit lookup said (信用核查结果).

    Attributes:
        status: clear, dishonest or unchecked.
        checked_at: when the platform answered (None when unchecked).
        note: a Chinese note for the supervisor (why it could not be checked); no personal data.
    """

    status: CreditStatus
    checked_at: datetime | None = None
    note: str = ""

    @property
    def label(self) -> str:
        """``信用核查通过`` / ``存在失信记录`` / ``未能核查信用（离线）``, with the note if any."""
        if self.status is CreditStatus.UNCHECKED and self.note and self.note != OFFLINE_NOTE:
            return f"{OFFLINE_NOTE}：{self.note}"
        return self.status.label

    @classmethod
    def unchecked(cls, note: str = "") -> "CreditResult":
        return cls(CreditStatus.UNCHECKED, None, note)


class CreditChecker(Protocol):
    """Looks up whether an applicant is on the dishonest list (失信名单核查)."""

    def check(self, id_type: str, subject_id: str) -> CreditResult:
        """The standing of the subject with this document type and number.

        Never raises for a failed lookup: returns :meth:`CreditResult.unchecked` instead.
        """


class OfflineCreditChecker:
    """No platform to ask (未接入平台): every lookup is "could not check"."""

    def __init__(self, note: str = "未配置省级平台，无法核查信用") -> None:
        self._note = note

    def check(self, id_type: str, subject_id: str) -> CreditResult:  # noqa: ARG002
        return CreditResult.unchecked(self._note)
