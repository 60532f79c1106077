"""The approval queue (容缺审批): pending tolerance requests of every counter of the store.

A screen of the main window (视图 → 容缺审批). It lists the pending requests oldest first —
when, which counter and clerk, the item, the applicant, the tolerated materials and the credit
check (未能核查信用（离线） in red) — and refreshes itself while shown (:data:`REFRESH_MS`), so a
supervisor at any counter sharing the store sees a new request within seconds. ``Enter`` (or
审批…) opens the request: 同意 accepts the case and prints the 容缺受理通知书 *here* (with the
query password, which exists only in the approving call); 不同意 takes a catalog reason.

Only supervisors may read the queue; for anyone else the service refuses (and records it), and
the screen says so.
"""

from __future__ import annotations

import logging
from typing import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from counter.credit import CreditStatus
from counter.errors import CounterError
from counter.identity import Actor
from ui import ops
from ui.errors import show_error
from ui.intake.decisions import DecisionResultDialog
from ui.tolerance.approval import ApprovalDialog
from ui.tolerance.documents import print_later
from ui.tolerance.flow import report_printed
from ui.tolerance.listscreen import SupervisorListScreen

log = logging.getLogger(__name__)

__all__ = ["ApprovalQueueScreen", "REFRESH_MS"]

#: How often the queue refreshes while it is shown (milliseconds).
REFRESH_MS = 10000
ID_ROLE = Qt.ItemDataRole.UserRole


class ApprovalQueueScreen(SupervisorListScreen):
    """容缺审批 — the supervisors' approval queue.

    Args:
        ctx: the application context (``tolerance``, catalog, capture).
        supervisor: returns the acting supervisor (the logged-in user in that role).
        parent: the parent widget.
        printer: the tolerance documents (default ``ctx.devices.printers.tolerance_printer()``).

    Attributes:
        table: the pending requests; status: a line above it; dialog: the dialog shown last.

    Signals:
        message(str): a line for the status bar.
        changed(): the queue was refreshed (its requests are in :attr:`requests`).
        approved(str): a request was approved here (the case number).
    """

    screen_id = "tolerance_queue"
    refresh_ms = REFRESH_MS
    follows = ("tolerance_requested", "tolerance_withdrawn", "tolerance_refused",
               "tolerance_approved")
    message = Signal(str)
    changed = Signal()
    approved = Signal(str)

    def __init__(self, ctx, supervisor: Callable[[], Actor], parent: QWidget | None = None, *,
                 printer=None) -> None:
        super().__init__(ctx, supervisor, parent, printer=printer)
        self.requests: list = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("queueStatus")
        top.addWidget(self.status, 1)
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"), self)
        self.open_button = QPushButton(self.tr("审批… (Enter)"), self)
        self.open_button.setObjectName("reviewRequest")
        for b in (self.refresh_button, self.open_button):
            b.setAutoDefault(False)
            top.addWidget(b)
        layout.addLayout(top)
        self.table = self._make_table("queueTable", [
            self.tr("申请时间"), self.tr("申请窗口"), self.tr("事项"), self.tr("申请人"),
            self.tr("容缺材料"), self.tr("信用核查")])
        self.table.activated.connect(lambda _index: self.review_selected())
        layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.review_selected)

    # -- Screen ----------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("容缺审批")

    # -- the list -----------------------------------------------------------------------------

    def refresh(self, *, quiet: bool = False) -> list:
        """Read the queue again (F5)."""
        try:
            requests = self.service.pending(self._supervisor())
        except CounterError as exc:
            self.requests = []
            self.table.setRowCount(0)
            self.status.setText(exc.message)
            self.status.setStyleSheet("color: #c62828;")
            if not quiet:
                self.message.emit(exc.message)
            self._timer.stop()
            self.changed.emit()
            return []
        selected = self._selected_id()
        self.requests = requests
        self.table.setRowCount(len(requests))
        for row, r in enumerate(requests):
            values = [f"{r.requested_at:%m-%d %H:%M}",
                      f"{r.requested_by.counter}号 {r.requested_by.user_id}", r.name,
                      r.applicant_name, "、".join(m.name for m in r.materials), r.credit_label]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, r.id)
                if col == 5 and r.credit.status is not CreditStatus.CLEAR:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(row, col, item)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("待审批 {n} 件").format(n=len(requests)) if requests
                            else self.tr("没有待审批的容缺受理申请。"))
        row = next((i for i, r in enumerate(requests) if r.id == selected), 0)
        if requests:
            self.table.selectRow(row)
        self.changed.emit()
        return requests

    def _selected_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.rowCount() else None
        return item.data(ID_ROLE) if item is not None else None

    # -- deciding --------------------------------------------------------------------------------

    def review_selected(self) -> ApprovalDialog | None:
        """Open the selected request for the decision (Enter)."""
        request_id = self._selected_id()
        request = next((r for r in self.requests if r.id == request_id), None)
        if request is None:
            return None
        return self.review(request)

    def review(self, request) -> ApprovalDialog | None:
        try:
            reasons = self._ctx.catalog.version(request.catalog_version).reasons_of(
                "tolerance_refuse")
        except CounterError as exc:
            show_error(self, exc)
            return None
        dialog = ApprovalDialog(request, reasons, self._ctx.capture, self)
        self.dialog = dialog
        dialog.approve_requested.connect(lambda: self._approve(dialog))
        dialog.refuse_requested.connect(lambda code, words: self._refuse(dialog, code, words))
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, *_args) -> None:
        if not isinstance(self.dialog, DecisionResultDialog):
            self.dialog = None
            self.refresh(quiet=True)

    def _approve(self, dialog: ApprovalDialog) -> None:
        """同意: ``tolerance.approve`` off the GUI thread (:mod:`ui.ops`; it may look the
        credit up again, up to two network calls): the dialog stays responsive meanwhile."""
        supervisor = self._supervisor()
        request_id = dialog.request.id

        ops.run(dialog, lambda: self.service.approve(request_id, supervisor),
                success=lambda result: self._approved(dialog, result, supervisor),
                failure=ops.on_error_line(dialog), key="approve",
                triggers=(dialog.approve_button, dialog.refuse_button),
                label=self.tr("正在审批并核查申请人信用…"))

    def _approved(self, dialog: ApprovalDialog, result, supervisor) -> None:
        self.dialog = None
        dialog.accept()
        case = result.case
        rows = [(self.tr("办理事项"), case.name),
                (self.tr("补正期限"), f"{result.request.deadline:%Y-%m-%d %H:%M}"
                 + (self.tr("（预计）") if self._ctx.calendar.is_provisional(
                     case.accepted_at, result.request.deadline) else ""))]
        done = DecisionResultDialog(self.tr("已同意容缺受理"), case, rows,
                                    password=result.query_password,
                                    print_label=self.tr("再次打印容缺受理通知书"), parent=self)
        done.set_print_available(True)
        done.print_requested.connect(lambda _no: self._print_notice(done, result, supervisor))
        self.dialog = done
        done.finished.connect(lambda _r: (setattr(self, "dialog", None),
                                          self.refresh(quiet=True)))
        done.open()
        self._print_notice(done, result, supervisor)
        self.message.emit(self.tr("已同意容缺受理，办件编号 {no}。").format(no=case.case_no))
        self.approved.emit(case.case_no)

    def _print_notice(self, done: DecisionResultDialog, result, supervisor) -> None:
        """Print the 容缺受理通知书 off the GUI thread; the result dialog says how it went."""
        print_later(done, lambda: self.printer.print_tolerance_notice(None, result, supervisor),
                    lambda printed: report_printed(done, printed)
                    if shiboken6.isValid(done) else None)

    def _refuse(self, dialog: ApprovalDialog, code: str, words: str) -> None:
        supervisor, request_id = self._supervisor(), dialog.request.id

        def refused(_request) -> None:
            dialog.accept()
            self.message.emit(self.tr("已不同意该容缺受理申请。"))

        ops.run(dialog, lambda: self.service.refuse(request_id, supervisor, code, words),
                success=refused, failure=ops.on_error_line(dialog), key="refuse",
                triggers=(dialog.approve_button, dialog.refuse_button))
