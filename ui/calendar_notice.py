"""The notice that case dates moved with a published holiday year (日期已按节假日安排调整).

When the official arrangement of a year arrives (from the platform, or an administrator's
``calendar import``), :class:`counter.services.calendar.CalendarService` recomputes the open
cases and keeps the list until a clerk has seen it. This small status-bar button shows how many
dates moved; clicking it lists them (case number, old date → new date) and 知道了 dismisses the
list for every counter of the store. It is refreshed when the window opens and whenever a year
imported while it is open moves dates (the window's case hub reports ``dates_adjusted``:
:meth:`CalendarNotice.follow`; the sync worker's download and an import in this process alike).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from counter.errors import CounterError
from ui.errors import show_error

log = logging.getLogger(__name__)


class CalendarNotice(QPushButton):
    """A flat status-bar button, visible only while there are adjusted dates to see.

    Attributes:
        adjustments: the pending list as last read; dialog: the list opened last.
    """

    def __init__(self, calendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self.setObjectName("calendarNotice")
        self.setFlat(True)
        self.setStyleSheet("QPushButton#calendarNotice { color: #8a5a00; font-weight: bold; }")
        self.clicked.connect(self.show_list)
        self.adjustments: list = []
        self.dialog: QDialog | None = None
        self._soon = QTimer(self)  # the cases of one import make one read
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.refresh)
        self.refresh()

    def follow(self, hub) -> None:
        """Read the list again when the hub (:class:`ui.hub.CaseHub`) reports moved dates."""
        hub.changed.connect(self._case_changed)

    def _case_changed(self, change) -> None:
        if change.has("dates_adjusted"):
            self._soon.start()

    def refresh(self) -> None:
        """Read the pending list again; hidden when it is empty."""
        try:
            self.adjustments = self._calendar.pending_adjustments()
        except CounterError as e:  # the store is unreachable: say nothing rather than fail
            log.warning("calendar adjustments not read: %s", e.message)
            self.adjustments = []
        cases = len({a.case_no for a in self.adjustments})
        self.setText(self.tr("日期已按节假日安排调整（{n} 件）").format(n=cases))
        self.setToolTip(self.tr("节假日安排公布后，在办办件的承诺办结时间已重新计算；点击查看"))
        self.setVisible(bool(self.adjustments))

    def show_list(self) -> None:
        """The list of moved dates; 知道了 dismisses it."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("日期已按节假日安排调整"))
        layout = QVBoxLayout(dialog)
        intro = QLabel(self.tr("以下在办办件的日期已按公布的节假日安排重新计算，"
                               "请告知相关申请人："), dialog)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(dialog)
        text.setObjectName("adjustedDates")
        text.setReadOnly(True)
        text.setPlainText("\n".join(a.line() for a in self.adjustments))
        layout.addWidget(text, 1)
        buttons = QDialogButtonBox(dialog)
        seen = buttons.addButton(self.tr("知道了"), QDialogButtonBox.ButtonRole.AcceptRole)
        seen.setObjectName("dismissAdjustments")
        buttons.addButton(self.tr("稍后"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(520, 300)
        dialog.accepted.connect(self.dismiss)
        self.dialog = dialog
        dialog.open()

    def dismiss(self) -> None:
        try:
            self._calendar.dismiss_adjustments()
        except CounterError as e:
            show_error(self, e)
            return
        self.refresh()
