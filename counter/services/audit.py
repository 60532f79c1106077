"""Audit-trail verification (审计日志校验): recompute the hash chain, name the first broken entry.

See :mod:`counter.audit` for the chain format. :meth:`AuditService.verify` is what
``python main.py audit verify`` runs (whoever holds the store's files may run it);
:meth:`AuditService.verify_as` is the same for a logged-in supervisor or administrator and
records that the check was made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from counter import audit
from counter.clock import Clock
from counter.identity import Actor
from counter.permissions import Permissions
from counter.store.models import AuditRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification.

    Attributes:
        entries: how many entries the log holds.
        broken: the seq of the first entry changed, deleted or out of place; None when the
            whole chain holds.
    """

    entries: int
    broken: int | None

    @property
    def intact(self) -> bool:
        return self.broken is None

    @property
    def message(self) -> str:
        """``审计链完整，共 N 条`` or ``第 N 条记录被篡改或缺失``."""
        if self.broken is None:
            return f"审计链完整，共 {self.entries} 条"
        return f"第 {self.broken} 条记录被篡改或缺失"


class AuditService:
    """Verification of the audit chain.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        permissions: the permission checks (for :meth:`verify_as`).
    """

    def __init__(self, uow: UowFactory, clock: Clock, permissions: Permissions) -> None:
        self._uow = uow
        self._clock = clock
        self._perm = permissions

    def verify(self) -> ChainReport:
        """Recompute the whole chain (read only)."""
        with self._uow(read_only=True) as u:
            broken = audit.verify(u.session)
            entries = u.session.scalar(select(func.count()).select_from(AuditRow))
        report = ChainReport(entries=entries, broken=broken)
        if broken is not None:
            log.warning("audit chain broken at entry %d", broken)
        return report

    def verify_as(self, actor: Actor) -> ChainReport:
        """:meth:`verify` for a logged-in user (supervisor or administrator); the check and
        its outcome are appended to the log (after the entries it checked)."""
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "audit.verify", at=now)
        report = self.verify()
        with self._uow() as u:
            audit.append(u.session, at=now, actor=actor, action="audit.verify",
                         detail={"entries": report.entries, "broken": report.broken})
            u.commit()
        return report
