"""Sealing the audit chain from the desktop (审计日志封存, docs/security.md).

:class:`AuditSealer` seals as the logged-in user when the window has come up (after the login),
every :data:`SEAL_MINUTES` minutes while it runs, when 日结对账 is opened and when the program
ends. Each is one service call (:meth:`counter.services.audit.AuditService.seal`); a seal when
nothing happened since the last one writes nothing, so an idle counter adds no entries.

Nothing is asked of the clerk and no box pops up: with nobody logged in, the screen locked or a
temporary password still to change, the sealer skips (rather than fill the audit log with
refusals every few minutes); a keyring that cannot be used is logged once (without any key).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from counter.errors import CounterError

log = logging.getLogger(__name__)

#: Minutes between two seals while the window runs.
SEAL_MINUTES = 15


class AuditSealer(QObject):
    """Seals the audit chain at the moments named in the module docstring.

    Args:
        ctx: the application context (``audit`` with its keyring wired, and the
            permissions' guard).
        parent: the owner (the main window).
        minutes: the interval of the timer.

    Attributes:
        timer: the interval timer (started by :meth:`start`).
        last: what the last seal call did (:class:`counter.services.audit.SealOutcome`) or None.

    Signals:
        sealed(object): a seal call succeeded (its ``SealOutcome``).
    """

    sealed = Signal(object)

    def __init__(self, ctx, parent: QObject | None = None, *, minutes: int = SEAL_MINUTES) -> None:
        super().__init__(parent)
        self._audit = ctx.audit
        self._guard = ctx.permissions.guard
        self._clock = ctx.clock
        self._problem: str | None = None
        self.last = None
        self.timer = QTimer(self)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(lambda: self.seal_now("timer"))

    def start(self) -> None:
        """Seal once now and every few minutes from now on."""
        self.seal_now("start")
        self.timer.start()

    def stop(self) -> None:
        """At exit: stop the timer and seal a last time (before the user is logged out)."""
        self.timer.stop()
        self.seal_now("exit")

    def seal_now(self, reason: str = "manual"):
        """Seal as the logged-in user; the outcome, or None when skipped or not possible."""
        session = self._guard.current
        if session is None or getattr(self._audit, "keys", None) is None:
            return None
        actor = session.actor
        if self._guard.problem(actor, "audit.seal", self._clock.now()) is not None:
            return None  # locked, temporary password …: no refusal entry every few minutes
        try:
            outcome = self._audit.seal(actor, reason=reason)
        except CounterError as exc:
            if exc.message != self._problem:
                log.warning("audit chain not sealed (%s): %s", reason, exc.message)
            self._problem = exc.message
            return None
        self._problem = None
        if outcome.keyring_problem and outcome.keyring_problem != self._problem:
            log.warning("audit seal not remembered in the keyring: %s", outcome.keyring_problem)
        self.last = outcome
        self.sealed.emit(outcome)
        return outcome
