"""The deadlines list (补正期限): open tolerance commitments, their state, and 终止办理.

A screen of the main window for supervisors (视图 → 补正期限). At the top the counts — 正常,
即将到期 (at most one working day left), 已逾期 — then every open commitment, soonest deadline
first: case number, item, applicant, what is still owed, the deadline, working days left,
the state (coloured) and the case's own state — flagged 容缺材料未补齐 in red when the platform
moved the case on (审批中, 准予许可 …) or a supervisor let the result be handed out while the
material is still owed. The states come from the clock and the holiday calendar each time the
list is read (F5, and every :data:`REFRESH_MS` while shown).

On an overdue case 终止办理… asks for the reason (required) and terminates it
(``tolerance.terminate``: event ``terminated``), then prints the 终止办理通知书. 打开办件 shows
the case in 办件查询.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.tolerance import DeadlineState
from ui.errors import show_error
from ui.login import make_error_label
from ui.tolerance.documents import print_or_show
from ui.tolerance.listscreen import SupervisorListScreen

log = logging.getLogger(__name__)

__all__ = ["DeadlinesScreen", "TerminateDialog", "STATE_COLOURS", "REFRESH_MS"]

REFRESH_MS = 60000
STATE_COLOURS = {DeadlineState.NORMAL: "#2e7d32", DeadlineState.DUE_SOON: "#ef6c00",
                 DeadlineState.OVERDUE: "#c62828"}
NO_ROLE = Qt.ItemDataRole.UserRole
#: The column of the materials still owed.
OWED_COLUMN = 3
#: The colour of 容缺材料未补齐 on a case the platform moved on.
FLAG_COLOUR = "#c62828"
translate = QCoreApplication.translate


class TerminateDialog(QDialog):
    """终止办理: the supervisor's reason (required; sent to the platform and printed)."""

    def __init__(self, case_no: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("终止办理"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("办件 {no}（{name}）逾期未补交容缺材料。确认终止办理？")
                       .format(no=case_no, name=name), self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("terminateReason")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("终止理由（必填，将印在终止办理通知书上）"))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
        layout.addWidget(self.text)
        self.error_label = make_error_label(self)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("终止办理"))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _confirm(self) -> None:
        if not self.reason():
            self.show_error(self.tr("请填写终止理由。"))
            return
        self.accept()


class DeadlinesScreen(SupervisorListScreen):
    """补正期限 — open commitments with counts per state, and 终止办理 for overdue ones.

    Args:
        ctx: the application context (``tolerance``).
        supervisor: returns the acting supervisor.
        parent: the parent widget.
        printer: the tolerance documents (default ``ctx.devices.printers.tolerance_printer()``).

    Attributes:
        report: the last :class:`counter.services.tolerance.DeadlineReport` read.
        counts: the count labels by state; table: the commitments.

    Signals:
        message(str): a line for the status bar.
        open_case(str): show this case in 办件查询.
        changed(): the list was read again.
        terminated(str): a case was terminated (its number).
    """

    screen_id = "tolerance_deadlines"
    refresh_ms = REFRESH_MS
    list_action = "deadlines.view"
    follows = ("tolerance_approved", "supplemented", "terminated", "picked_up",
               "platform_status", "dates_adjusted")
    message = Signal(str)
    open_case = Signal(str)
    changed = Signal()
    terminated = Signal(str)

    def __init__(self, ctx, supervisor: Callable[[], Actor], parent: QWidget | None = None, *,
                 printer=None) -> None:
        super().__init__(ctx, supervisor, parent, printer=printer)
        self.report = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts: dict[DeadlineState, QLabel] = {}
        for state in DeadlineState:
            label = QLabel(self)
            label.setObjectName(f"count_{state.value}")
            label.setStyleSheet(f"color: {STATE_COLOURS[state]}; font-weight: bold;")
            self.counts[state] = label
            top.addWidget(label)
        top.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("deadlinesStatus")
        top.addWidget(self.status)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"), self)
        self.open_button = QPushButton(self.tr("打开办件"), self)
        self.terminate_button = QPushButton(self.tr("终止办理…"), self)
        self.terminate_button.setObjectName("terminate")
        for b in (self.refresh_button, self.open_button, self.terminate_button):
            b.setAutoDefault(False)
            top.addWidget(b)
        layout.addLayout(top)
        self.table = self._make_table("deadlinesTable", [
            self.tr("办件编号"), self.tr("事项"), self.tr("申请人"), self.tr("尚缺材料"),
            self.tr("补正期限"), self.tr("剩余工作日"), self.tr("状态"), self.tr("办件状态")])
        # the owed materials' names can be long: that column takes the room left (elided,
        # the full text in the tooltip) so that the case's state stays in view at 1366×768
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OWED_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _i: self._open_selected())
        layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._open_selected)
        self.terminate_button.clicked.connect(self.terminate_selected)
        self._set_counts({s: 0 for s in DeadlineState})
        self._update_buttons()

    # -- Screen ----------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("补正期限")

    # -- the list -----------------------------------------------------------------------------

    def _set_counts(self, counts) -> None:
        labels = {DeadlineState.NORMAL: self.tr("正常 {n}"),
                  DeadlineState.DUE_SOON: self.tr("即将到期 {n}"),
                  DeadlineState.OVERDUE: self.tr("已逾期 {n}")}
        for state, label in self.counts.items():
            label.setText(labels[state].format(n=counts.get(state, 0)))

    def refresh(self, *, quiet: bool = False):
        """Read the list again (F5)."""
        try:
            report = self.service.deadlines(self._supervisor())
        except CounterError as exc:
            self.report = None
            self.table.setRowCount(0)
            self._set_counts({})
            self.status.setText(exc.message)
            if not quiet:
                self.message.emit(exc.message)
            self._timer.stop()
            self._update_buttons()
            self.changed.emit()
            return None
        self.report = report
        self._set_counts(report.counts)
        self.status.setText(self.tr("截至 {at}").format(at=f"{report.at:%Y-%m-%d %H:%M}"))
        self.table.setRowCount(len(report.entries))
        for row, e in enumerate(report.entries):
            left = "—" if e.workdays_left is None else str(e.workdays_left)
            case_state = translate("case_view", e.case_state.label)
            if e.flagged:
                case_state = self.tr("{state}（{flag}）").format(
                    state=case_state, flag=translate("case_view", e.flag))
            values = [e.case_no, e.name, e.applicant_name,
                      "、".join(m.name for m in e.materials),
                      f"{e.deadline:%Y-%m-%d %H:%M}"
                      + (self.tr("（预计）") if self._ctx.calendar.is_provisional(e.deadline)
                         else ""),
                      left, self.tr(e.state.label), case_state]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(NO_ROLE, e.case_no)
                if col == OWED_COLUMN:
                    item.setToolTip(value)
                if col == 6:
                    item.setForeground(QColor(STATE_COLOURS[e.state]))
                elif col == 7 and e.flagged:
                    item.setForeground(QColor(FLAG_COLOUR))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        if report.entries:
            self.table.selectRow(0)
        self._update_buttons()
        self.changed.emit()
        return report

    def selected(self):
        """The selected entry, or None."""
        if self.report is None or self.table.currentRow() < 0:
            return None
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return None
        return next((e for e in self.report.entries if e.case_no == item.data(NO_ROLE)), None)

    def select_case(self, case_no: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(NO_ROLE) == case_no:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.open_button.setEnabled(entry is not None)
        self.terminate_button.setEnabled(entry is not None and entry.terminable
                                         and entry.state is DeadlineState.OVERDUE)

    def _open_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_case.emit(entry.case_no)

    # -- 终止办理 ------------------------------------------------------------------------------------

    def terminate_selected(self) -> TerminateDialog | None:
        """终止办理… for the selected overdue case."""
        entry = self.selected()
        if entry is None or entry.state is not DeadlineState.OVERDUE or not entry.terminable:
            return None
        dialog = TerminateDialog(entry.case_no, entry.name, self)
        self.dialog = dialog

        def confirmed() -> None:
            self._terminate(dialog, entry)

        dialog.accepted.connect(confirmed)
        dialog.rejected.connect(lambda: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def _terminate(self, dialog: TerminateDialog, entry) -> None:
        supervisor = self._supervisor()
        reason = dialog.reason()
        self.dialog = None
        try:
            request = self.service.of_case(entry.case_no, supervisor)
            case = self.service.terminate(entry.case_no, supervisor, reason)
        except CounterError as exc:
            show_error(self, exc)
            self.refresh(quiet=True)
            return
        print_or_show(self, lambda: self.printer.print_termination_notice(
            self, case, request, supervisor, reason))
        self.message.emit(self.tr("办件 {no} 已终止办理。").format(no=case.case_no))
        self.terminated.emit(case.case_no)
        self.refresh(quiet=True)

