"""补正 (F7) from the case view: the tolerated materials of a case arrive.

The case view (办件查询) gets a 补正 button, enabled while the shown case has an open tolerance
commitment — whatever the platform made of the case's state meanwhile (审批中, 准予许可 …), and
after a pickup a supervisor allowed with material owed. It opens :class:`SupplementDialog`: one
page strip per material still owed (import, drag and drop, hot folder — or 纸质材料，未扫描),
with its deadline. 确认补正 calls ``tolerance.supplement`` (event ``supplemented``; when
everything is in, the commitment is fulfilled, the 容缺材料未补齐 flag clears and a case awaiting
supplement is 已受理 again), prints the 补正回执 and shows the case again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.intake.intake import MaterialStatus
from counter.tolerance import RequestStatus, ToleratedMaterial
from ui import ops
from ui.capture.pages import MaterialPagesWidget
from ui.capture.worker import CaptureWorker
from ui.login import error_text, make_error_label
from ui.tolerance.documents import print_later
from ui.tolerance.request import scratch_intake

log = logging.getLogger(__name__)

__all__ = ["SupplementDialog", "SupplementAction", "SUPPLEMENT_KEY"]

SUPPLEMENT_KEY = "F7"


class SupplementDialog(QDialog):
    """The materials owed by a tolerance case, each with its page strip (补正材料采集).

    Args:
        case_no, name: the case.
        owed: the tolerated materials still owed (with deadlines).
        capture: the capture service.
        now: the current moment (for the scratch draft; never saved).
        parent: the parent widget.
        devices: the devices at the counter (``ctx.devices``: the cameras of the strips).

    Attributes:
        strips: material id → its :class:`MaterialPagesWidget`.

    Signals:
        submitted(): 确认补正 with at least one material received.
    """

    submitted = Signal()

    def __init__(self, case_no: str, name: str, owed: Sequence[ToleratedMaterial], capture,
                 now: datetime, parent: QWidget | None = None, *, devices=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("补正"))
        self.setMinimumSize(720, 520)
        self.case_no = case_no
        self.scratch = scratch_intake(now, [m.material for m in owed])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("办件 {no}：{name}").format(no=case_no, name=name), self))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        worker = CaptureWorker(self)
        self.strips: dict[str, MaterialPagesWidget] = {}
        for m in owed:
            deadline = f"{m.deadline:%Y-%m-%d}" if m.deadline else "—"
            box = QGroupBox(self.tr("{name}（补交期限 {deadline}）").format(name=m.name,
                                                                       deadline=deadline), inner)
            box_layout = QVBoxLayout(box)
            strip = MaterialPagesWidget(capture, self.scratch, m.material, box, worker=worker,
                                        devices=devices)
            strip.setObjectName(f"pages_{m.material}")
            box_layout.addWidget(strip)
            inner_layout.addWidget(box)
            self.strips[m.material] = strip
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        self.error_label = make_error_label(self)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("确认补正 (Ctrl+Enter)"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("confirmSupplement")
        self.cancel_button = buttons.addButton(self.tr("取消"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.ok_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self._submit)

    def supplied(self) -> dict[str, list[str]]:
        """Material id → pages, for every material received (pages, or paper only)."""
        return {mid: list(state.pages) for mid, state in self.scratch.materials.items()
                if state.status is MaterialStatus.RECEIVED}

    def is_busy(self) -> bool:
        return any(s.is_busy() for s in self.strips.values())

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _submit(self) -> None:
        if self.is_busy():
            self.show_error(self.tr("页面正在处理，请稍候。"))
            return
        if not self.supplied():
            self.show_error(self.tr("请采集补交的材料，或勾选“纸质材料，未扫描”。"))
            return
        self.show_error("")
        self.submitted.emit()


class SupplementAction(QObject):
    """补正 on the case view: the button, its shortcut (F7) and the flow.

    Args:
        case_view: the :class:`ui.case_view.CaseView`.
        ctx: the application context (``tolerance``, capture).
        actor: returns the acting clerk.
        printer: the tolerance documents (default ``ctx.devices.printers.tolerance_printer()``).

    Attributes:
        button: 补正 (F7); dialog: the dialog shown last.

    Signals:
        supplemented(object): a supplement went through (the
            :class:`counter.services.tolerance.SupplementResult`).
    """

    supplemented = Signal(object)

    def __init__(self, case_view, ctx, actor: Callable[[], Actor], *, printer=None) -> None:
        super().__init__(case_view)
        self._view = case_view
        self._ctx = ctx
        self._actor = actor
        self._printer = printer
        self.dialog: QDialog | None = None
        self._request = None
        self.button = QPushButton(self.tr("补正 (F7)"), case_view)
        self.button.setObjectName("supplementButton")
        self.button.setAutoDefault(False)
        self.button.setToolTip(self.tr("容缺受理的办件：接收申请人补交的容缺材料，打印补正回执"))
        self.button.clicked.connect(self.run)
        _beside(case_view.pickup_button, self.button)
        shortcut = QShortcut(QKeySequence(SUPPLEMENT_KEY), case_view)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.run)
        case_view.case_shown.connect(self._case_shown)
        self.button.setEnabled(False)

    @property
    def service(self):
        return self._ctx.tolerance

    @property
    def printer(self):
        if self._printer is None:
            self._printer = self._ctx.devices.printers.tolerance_printer()
        return self._printer

    def _case_shown(self, case_no: str) -> None:
        try:
            request = self.service.of_case(case_no, self._actor())
        except CounterError:
            request = None
        self._request = request if request is not None \
            and request.status is RequestStatus.APPROVED else None
        self.button.setEnabled(self._request is not None)

    def run(self) -> SupplementDialog | None:
        """补正 (F7) for the case shown."""
        case = self._view.case
        if case is None or self._request is None or self._request.case_no != case.case_no:
            return None
        owed_ids = {e.material for e in case.materials if e.status == "tolerated"}
        owed = [m for m in self._request.materials if m.material in owed_ids]
        dialog = SupplementDialog(case.case_no, case.name, owed, self._ctx.capture, self._ctx.clock.now(),
                                  self._view, devices=self._ctx.devices)
        self.dialog = dialog
        dialog.submitted.connect(lambda: self._submit(dialog))
        dialog.open()
        return dialog

    def _submit(self, dialog: SupplementDialog) -> None:
        """补正 through the runner (key ``supplement``: a second 确定 while it is written does
        nothing); the 补正材料回执 is then printed off the GUI thread too."""
        try:
            actor = self._actor()
        except CounterError as exc:
            dialog.show_error(error_text(exc))
            return
        case_no, supplied = dialog.case_no, dialog.supplied()

        refused = ops.on_error_line(dialog)

        ops.run(dialog, lambda: self.service.supplement(case_no, actor, supplied),
                success=lambda result: self._supplemented(dialog, result, actor),
                failure=refused, key="supplement", triggers=(dialog.ok_button,),
                label=self.tr("正在提交补正材料…"))

    def _supplemented(self, dialog: SupplementDialog, result, actor) -> None:
        dialog.accept()
        view = self._view
        case_no = result.case.case_no

        def printed(_ok: bool) -> None:  # the receipt is archived: the case's list shows it
            documents = getattr(view, "documents", None)
            if documents is not None and shiboken6.isValid(view):
                documents.archive_changed.emit(case_no)

        print_later(view, lambda: self.printer.print_supplement_receipt(
            None, result.case, result.supplemented, actor), printed)
        view.show_case(case_no)
        if result.complete:
            text = self.tr("办件 {no} 的容缺材料已全部补齐。").format(no=case_no)
        else:
            text = self.tr("已接收补正材料，尚缺 {n} 项。").format(n=len(result.remaining))
        view.message.emit(text)
        self.supplemented.emit(result)


def _beside(anchor: QWidget, widget: QWidget) -> None:
    """Put ``widget`` right before ``anchor`` in the layout that holds it."""
    parent = anchor.parentWidget()
    layouts = [parent.layout()] if parent is not None and parent.layout() is not None else []
    while layouts:
        layout = layouts.pop(0)
        index = layout.indexOf(anchor)
        if index >= 0 and isinstance(layout, (QHBoxLayout, QVBoxLayout)):
            layout.insertWidget(index, widget)
            return
        for i in range(layout.count()):
            child = layout.itemAt(i).layout()
            if child is not None:
                layouts.append(child)
    if parent is not None and parent.layout() is not None:
        parent.layout().addWidget(widget)
