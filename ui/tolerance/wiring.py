"""How tolerance plugs into the main window (容缺受理接入).

:class:`ToleranceDesk` is created by :class:`ui.intake.wiring.DeskRouter`:

* 容缺受理 (F12) on the intake screen runs :class:`ui.tolerance.flow.ToleranceFlow`; its
  ``decided`` / ``done`` are forwarded to the intake screen's decision signals, so a tolerance
  closes the intake exactly like 受理 does;
* 补正 (F7) on the case view (:class:`ui.tolerance.supplement.SupplementAction`);
* the supervisors' screens 容缺审批 (:class:`ui.tolerance.queue.ApprovalQueueScreen`) and 补正期限
  (:class:`ui.tolerance.deadlines.DeadlinesScreen`) are added to the window by
  :meth:`ToleranceDesk.add_supervisor_screens` — at once when the logged-in user is a
  supervisor; after 切换用户 :meth:`ToleranceDesk.reset_for_user` adds them or hides them.

The tolerance service (``ctx.tolerance``) comes built by the composition root
(:func:`bootstrap.build`) with the platform's credit lookup
(:class:`sync.credit.PlatformCreditChecker`): without a configured platform every lookup is
"未能核查信用（离线）".
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from counter.identity import Actor
from ui.intake.decisions import default_actor
from ui.tolerance.flow import ToleranceFlow
from ui.tolerance.supplement import SupplementAction

log = logging.getLogger(__name__)

__all__ = ["ToleranceDesk"]


class ToleranceDesk(QObject):
    """Tolerance on the intake screen, the case view and the supervisors' screens.

    Args:
        window: the main window (``add_screen``).
        ctx: the application context.
        router: the :class:`ui.intake.wiring.DeskRouter` (its intake screen, case view,
            ``open_case`` and ``show_message``).
        actor: returns the acting clerk (default :func:`ui.intake.decisions.default_actor`,
            the logged-in user).
        hub: the window's case hub (:class:`ui.hub.CaseHub`): the waiting dialog and the
            supervisors' lists follow it (None: only their timers).

    Attributes:
        flow: 容缺受理 on the intake screen.
        supplement: 补正 on the case view.
        queue, deadlines: the supervisors' screens once added (else None).
    """

    def __init__(self, window, ctx, router, *, actor: Callable[[], Actor] | None = None,
                 hub=None) -> None:
        super().__init__(router)
        self._window = window
        self._ctx = ctx
        self._router = router
        self._hub = hub
        self._actor = actor or (lambda: default_actor(ctx))
        screen = router.intake_screen
        self.flow = ToleranceFlow(ctx, self._actor, screen, hub=hub)
        screen.decisions.tolerance_requested.connect(self.start)
        self.flow.decided.connect(screen.actions.decided)
        self.flow.done.connect(screen.actions.done)
        self.flow.message.connect(router.show_message)
        self.supplement = SupplementAction(router.case_view, ctx, self._actor)
        self.queue = None
        self.deadlines = None
        if self._is_supervisor():
            self.add_supervisor_screens()

    # -- actors ----------------------------------------------------------------------------------

    def _session(self):
        perm = self._ctx.permissions
        return perm.guard.current if perm is not None and perm.guard is not None else None

    def _is_supervisor(self) -> bool:
        session = self._session()
        return session is not None and "supervisor" in session.user.roles

    def supervisor(self) -> Actor:
        """The logged-in user acting as supervisor (else the clerk: the service refuses)."""
        session = self._session()
        if session is not None and "supervisor" in session.user.roles:
            return session.actor_as("supervisor")
        return self._actor()

    # -- the intake screen -------------------------------------------------------------------------

    def start(self):
        """容缺受理 (F12) for the intake on screen."""
        screen = self._router.intake_screen
        intake, spec = screen.intake(), screen.spec()
        if intake is None or spec is None:
            return None
        focus = QApplication.focusWidget()
        if screen.form is not None:
            for widget in screen.form.widgets():  # the field being typed in
                if widget.editor() is focus:
                    intake.set_value(widget.field, widget.value())
        screen.save_now()
        return self.flow.start(intake, spec)

    # -- the supervisors' screens -----------------------------------------------------------------

    def reset_for_user(self) -> None:
        """Another user logged in: the supervisors' screens are there for a supervisor only,
        and a dialog the previous user left open on them (an approval, a termination) is
        closed — its request is still pending."""
        supervisor = self._is_supervisor()
        if supervisor:
            self.add_supervisor_screens()
        for screen in (self.queue, self.deadlines):
            if screen is None:
                continue
            if screen.dialog is not None:
                screen.dialog.reject()
                screen.dialog = None
            if hasattr(self._window, "set_screen_available"):
                self._window.set_screen_available(screen.screen_id, supervisor)

    def add_supervisor_screens(self) -> None:
        """Add 容缺审批 and 补正期限 to the window (once)."""
        if self.queue is not None:
            return
        from ui.tolerance.deadlines import DeadlinesScreen
        from ui.tolerance.queue import ApprovalQueueScreen

        self.queue = ApprovalQueueScreen(self._ctx, self.supervisor, self._window)
        self._window.add_screen(self.queue)
        self.deadlines = DeadlinesScreen(self._ctx, self.supervisor, self._window)
        self._window.add_screen(self.deadlines)
        if self._hub is not None:
            self.queue.follow(self._hub)
            self.deadlines.follow(self._hub)
        self.queue.message.connect(self._router.show_message)
        self.deadlines.message.connect(self._router.show_message)
        self.deadlines.open_case.connect(self._router.open_case)
