"""How the intake, the case screen, the scanner and the drafts plug into the main window.

The main window only arranges screens; :class:`DeskRouter` adds the screens of issue 3 to it
and routes between them:

* catalog browser ``opened(kind, key)`` → a new intake on the 受理 screen;
* intake ``finished`` (a decision's result closed) or ``parked`` (暂存) → back to the search;
* a scanned case number (:class:`ui.scanner.ScanRouter`) → the 办件查询 screen with that case;
  a scanned e-licence, ID QR code or queue ticket → the intake on the 受理 screen;
* at start, unfinished drafts (:func:`ui.drafts.offer_drafts`) → resumed on the 受理 screen;
* printing: one :class:`ui.documents.DocumentActions` (one document desk) for the decision
  dialogs and the case view; :meth:`DeskRouter.warm_up_printing` loads it after start-up.
* 容缺受理 (F12), 补正 (F7) and the supervisors' 容缺审批 / 补正期限 screens
  (:class:`ui.tolerance.wiring.ToleranceDesk`, attribute ``tolerance``).
* the ID-card reader of the 受理 screen is asked of the composition root, which chooses it from
  this counter's configuration and the training flag (``ctx.id_card_reader()``,
  :func:`bootstrap.choose_id_card_reader`): the reader program's folder when set (采集设备设置;
  设备未就绪 when that folder cannot be used), the training cards only in a training store,
  else none.
  :meth:`DeskRouter.reload_id_reader` chooses again after the settings were saved.

Wiring, in ``MainWindow.__init__`` after the catalog browser was added::

    from ui.intake.wiring import DeskRouter
    self.desk = DeskRouter(self, ctx)

and in ``ui.app.run_gui`` once the window is shown::

    from ui.scanner import install_scanner
    scanner = install_scanner(app)
    scanner.scanned.connect(window.desk.scan_router.route)
    window.desk.offer_drafts()
    window.desk.warm_up_printing()
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from counter.errors import CounterError
from counter.identity import Actor
from counter.intake.intake import Intake
from ui.case_view import CaseView
from ui.documents import DocumentActions
from ui.drafts import DraftsDialog, offer_drafts
from ui.errors import show_error
from ui.intake.decisions import default_actor
from ui.intake.screen import IntakeScreen
from ui.scanner import ScanRouter

log = logging.getLogger(__name__)

__all__ = ["DeskRouter", "STATUS_MS"]

#: How long a status-bar message stays, in milliseconds.
STATUS_MS = 6000


class DeskRouter(QObject):
    """Adds 受理 and 办件查询 to a main window and routes between the screens.

    Args:
        window: the main window; uses ``add_screen``, ``show_screen``, ``find``,
            ``catalog_browser`` and ``statusBar()``.
        ctx: the application context.
        actor: returns the acting clerk; default :func:`ui.intake.decisions.default_actor`
            (the logged-in user).
        hub: the window's case hub (:class:`ui.hub.CaseHub`), handed to the case view and the
            supervisors' screens, which follow the cases they show; None: they do not.

    Attributes:
        intake_screen: the 受理 screen.
        case_view: the 办件查询 screen.
        documents: printing for both (:class:`ui.documents.DocumentActions`).
        scan_router: connect a :class:`ui.scanner.ScannerFilter`'s ``scanned`` to its ``route``.
        tolerance: 容缺受理 on these screens (:class:`ui.tolerance.wiring.ToleranceDesk`).

    Signals:
        intake_started(str): an intake is on screen (its id).
    """

    intake_started = Signal(str)

    def __init__(self, window, ctx, *, actor: Callable[[], Actor] | None = None,
                 hub=None) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        actor = actor or (lambda: default_actor(ctx))
        self._actor = actor
        self.intake_screen = IntakeScreen(ctx, window, actor=actor,
                                          id_reader=self._configured_id_reader())
        window.add_screen(self.intake_screen)
        self.documents = DocumentActions(ctx, actor, self)
        self.intake_screen.actions.set_documents(self.documents)
        self.case_view = CaseView(ctx, window, actor=actor, documents=self.documents, hub=hub)
        window.add_screen(self.case_view)
        self.scan_router = ScanRouter(self.open_case, self.show_message, self,
                                      apply_code=self.apply_code)

        window.catalog_browser.opened.connect(self.start_intake)
        self.intake_screen.finished.connect(self._next_applicant)
        self.intake_screen.parked.connect(self._next_applicant)
        self.intake_screen.message.connect(self.show_message)
        self.case_view.message.connect(self.show_message)

        from ui.tolerance.wiring import ToleranceDesk

        self.tolerance = ToleranceDesk(window, ctx, self, actor=actor, hub=hub)

    def _configured_id_reader(self):
        """This counter's ID-card reader, chosen by the composition root from the settings
        (``ctx.id_card_reader``, :func:`bootstrap.choose_id_card_reader`); None: none
        configured, F2 says so."""
        try:
            return self._ctx.id_card_reader()
        except CounterError as exc:
            log.warning("ID-card reader setting not read: %s", exc.message)
            return None

    def reload_id_reader(self) -> None:
        """The capture settings were saved: choose the ID-card reader again."""
        self.intake_screen.set_id_reader(self._configured_id_reader())

    def show_message(self, text: str) -> None:
        """A short message in the main window's status bar."""
        self._window.statusBar().showMessage(text, STATUS_MS)

    def start_intake(self, kind: str, key: str) -> None:
        """A new intake for an item or package (the current one, if any, stays a draft)."""
        try:
            intake = self.intake_screen.start(kind, key)
        except CounterError as exc:
            show_error(self._window, exc)
            return
        self._window.show_screen(IntakeScreen.screen_id)
        self.intake_started.emit(intake.id)

    def resume(self, intake: Intake) -> None:
        """Show a saved draft exactly as it was."""
        try:
            self.intake_screen.open(intake)
        except CounterError as exc:
            show_error(self._window, exc)
            return
        self._window.show_screen(IntakeScreen.screen_id)
        self.intake_started.emit(intake.id)

    def open_case(self, case_no: str) -> None:
        """Show a case (typed or scanned) on the 办件查询 screen.

        While a dialog is open the scan only says so in the status bar: the clerk is in the
        middle of something.
        """
        if QApplication.activeModalWidget() is not None:
            self.show_message(self.tr("请先关闭当前对话框，再扫描办件编号。"))
            return
        self.intake_screen.save_now()
        self._window.show_screen(CaseView.screen_id)
        self.case_view.search_box.setText(case_no)
        self.case_view.show_case(case_no)

    def apply_code(self, code) -> str | None:
        """A scanned e-licence, ID QR code or queue ticket, for the intake on screen (None
        when the 受理 screen is not shown or holds no intake: nothing changes)."""
        if QApplication.activeModalWidget() is not None:
            return self.tr("请先关闭当前对话框，再扫描。")
        if self._window.current_screen() is not self.intake_screen:
            return None
        return self.intake_screen.apply_scanned_code(code)

    def warm_up_printing(self) -> None:
        """Load the printing modules in the background (after the window is shown)."""
        self.documents.warm_up()

    def offer_drafts(self) -> DraftsDialog | None:
        """At start: list the unfinished intakes, if any (non-blocking)."""
        return offer_drafts(self._ctx, self._window, self.resume, self._actor)

    def reset_for_user(self) -> None:
        """Another user logged in (切换用户): the intake on screen stays a saved draft, the
        case shown is forgotten, the supervisors' screens follow the new user's roles."""
        self.intake_screen.reset()
        self.case_view.reset()
        self.tolerance.reset_for_user()

    def _next_applicant(self, *_args) -> None:
        self._window.find()
