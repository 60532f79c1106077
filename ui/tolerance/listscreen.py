"""What the supervisors' list screens (容缺审批, 补正期限) have in common.

A table of rows read from the tolerance service, F5 to read it again, and a timer that reads
it again every :attr:`SupervisorListScreen.refresh_ms` while the screen is shown and no dialog
of it is open — so a supervisor at any counter sharing the store sees changes soon. Changes
made in this process (this counter, its sync worker) are read at once: the screen follows the
window's case hub (:meth:`SupervisorListScreen.follow`) for the kinds in
:attr:`SupervisorListScreen.follows`, under the same conditions as the timer.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget

from counter.identity import Actor
from ui.screen import Screen


class SupervisorListScreen(Screen):
    """Base of a supervisor's list screen; subclasses build their widgets and ``refresh``.

    Args:
        ctx: the application context (``tolerance``).
        supervisor: returns the acting supervisor.
        parent: the parent widget.
        printer: the tolerance documents (default ``ctx.devices.printers.tolerance_printer()``).

    Attributes:
        dialog: the dialog this screen has open, if any (no automatic refresh meanwhile).
        refresh_ms: how often the list is read again while shown (class attribute).
    """

    refresh_ms = 10000
    #: the case changes (:class:`counter.changes.ChangeKind` values) that may change the list
    follows: tuple[str, ...] = ()
    #: the action the list is read with (the timer reads only while it is allowed)
    list_action = "tolerance.queue"

    def __init__(self, ctx, supervisor: Callable[[], Actor], parent: QWidget | None = None, *,
                 printer=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._supervisor = supervisor
        self._printer = printer
        self.dialog = None
        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(self.refresh_ms)
        self._timer.timeout.connect(self._auto_refresh)
        # changes reported together (a holiday year moving 500 cases) make one read
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._auto_refresh)

    def follow(self, hub) -> None:
        """Read the list again when the hub (:class:`ui.hub.CaseHub`) reports a change of a
        kind in :attr:`follows` (as the timer does: only while shown, no dialog open and the
        session may read)."""
        hub.changed.connect(self._case_changed)

    def _case_changed(self, change) -> None:
        if change.has(*self.follows):
            self._soon.start()

    def refresh(self, *, quiet: bool = False):  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def _make_table(self, object_name: str, headers: list[str]) -> QTableWidget:
        """A read-only table selecting whole single rows, sized to its contents."""
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(object_name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setTabKeyNavigation(False)
        return table

    # -- Screen ----------------------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()
        self._timer.start()
        self.table.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)

    # -- shared --------------------------------------------------------------------------------

    @property
    def service(self):
        return self._ctx.tolerance

    @property
    def printer(self):
        if self._printer is None:
            self._printer = self._ctx.devices.printers.tolerance_printer()
        return self._printer

    def _auto_refresh(self) -> None:
        """The timer's read: skipped while the session may not read (the screen is locked,
        another user logged in), so that a locked counter does not write a refusal to the
        audit trail every few seconds; F5 reads (and is refused) as usual."""
        if not self.isVisible() or self.dialog is not None:
            return
        permissions = self._ctx.permissions
        if permissions is not None and not permissions.allows(self._supervisor(),
                                                              self.list_action):
            return
        self.refresh(quiet=True)
