"""The tolerance request dialog (申请容缺受理), opened with F12 on the intake screen.

Top to bottom: what in the draft would refuse the request (invalid or missing fields, other
materials missing), listed as the dialog opens and again when the ticks change; the materials
that may be tolerated in the current situation (ticked; each
with its supplement limit and the deadline it would have if accepted now), the reason for the
supervisor, 打印承诺书 (the 容缺受理告知承诺书 for the applicant's signature), the signed page
captured like any material page (import, drag and drop, hot folder; :class:`MaterialPagesWidget`
on a scratch draft that is never saved), and the two ways on: the supervisor approves here at
this counter (they enter their own 工号 and 密码), or the request goes to the approval queue.

Keys: ``Ctrl+P`` prints the commitment (``Ctrl+Shift+P`` previews it and ``Ctrl+Shift+S`` saves
it as PDF — both without any printer), ``Ctrl+O`` imports the signed page (from anywhere in the
dialog), ``Ctrl+Enter`` submits for approval here; ``Esc`` cancels: nothing is stored, and the
flow keeps the reason, the ticks and the captured signed page for the next F12 on the same draft
(:class:`ui.tolerance.flow.ToleranceFlow`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.intake.intake import Intake, MaterialState
from counter.tolerance import ToleratedMaterial
from ui.capture.pages import MaterialPagesWidget
from ui.login import error_text, make_error_label

__all__ = ["RequestDialog", "COMMITMENT", "HERE", "QUEUE"]

#: The scratch material the signed commitment is captured into.
COMMITMENT = "commitment"
#: Approval modes of :attr:`RequestDialog.submitted`.
HERE, QUEUE = "here", "queue"
ID_ROLE = Qt.ItemDataRole.UserRole


def scratch_intake(now: datetime, material_ids: Sequence[str]) -> Intake:
    """A draft that only holds captured pages (never saved): one material per id."""
    return Intake(id="scratch", kind="item", key="", catalog_version="", answers={}, form={},
                  materials={m: MaterialState(m) for m in material_ids}, created_at=now,
                  updated_at=now)


class RequestDialog(QDialog):
    """Choose what to tolerate, say why, print the commitment, capture the signed page.

    Args:
        name: the item's or package's name.
        materials: the materials that may be tolerated, with the deadlines they would have.
        capture: the capture service (:class:`counter.services.capture.CaptureService`).
        now: the current moment (for the scratch draft).
        parent: the parent widget.
        check: given the ticked material ids, the lines of what in the draft would refuse
            the request (``ToleranceService.draft_problems``); listed at the top.
        reason: the reason typed at an earlier, cancelled try.
        pages: the signed page(s) captured at an earlier, cancelled try (sha256).
        chosen: the material ids ticked at that try (default: all).
        devices: the devices at the counter (``ctx.devices``: the cameras of the strip).

    Attributes:
        materials: the list of materials (checkable); reason: the reason;
        pages: the signed commitment's pages; error_label: a refusal, in red;
        problems_box: what in the draft would refuse the request (``problems_label``, one
            line each, scrolling when long) and what to do (``problems_hint``); hidden when
            nothing does.

    Signals:
        print_requested(): 打印承诺书.
        preview_requested(): 预览承诺书 (``Ctrl+Shift+P``; needs no printer).
        save_requested(): 承诺书另存为 PDF (``Ctrl+Shift+S``; needs no printer).
        submitted(str): 提交 — ``here`` (the supervisor approves at this counter) or
            ``queue`` (the approval queue).
    """

    print_requested = Signal()
    preview_requested = Signal()
    save_requested = Signal()
    submitted = Signal(str)

    def __init__(self, name: str, materials: Sequence[ToleratedMaterial], capture,
                 now: datetime, parent: QWidget | None = None, *,
                 check: Callable[[list[str]], list[str]] | None = None, reason: str = "",
                 pages: Sequence[str] = (), chosen: Sequence[str] | None = None,
                 devices=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("申请容缺受理"))
        self.setMinimumSize(720, 620)
        self._choices = list(materials)
        self._check = check
        self._problems: list[str] = []
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("容缺受理：{name}").format(name=name), self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        layout.addWidget(heading)
        # what would refuse the request: a red box, scrolling when the list is long, with the
        # way out below it (always visible)
        self.problems_box = QFrame(self)
        self.problems_box.setObjectName("toleranceProblemsBox")
        self.problems_box.setStyleSheet(
            "#toleranceProblemsBox { background: #ffebee; border: 1px solid #ef9a9a; }"
            " QLabel { color: #c62828; background: transparent; }")
        box_layout = QVBoxLayout(self.problems_box)
        box_layout.setContentsMargins(6, 4, 6, 4)
        self.problems_label = QLabel(self.problems_box)
        self.problems_label.setObjectName("toleranceProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self.problems_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget"
                             " { background: transparent; }")
        scroll.setWidget(self.problems_label)
        scroll.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box_layout.addWidget(scroll)
        self.problems_hint = QLabel(self.tr("请按“取消”回到申请表改正后再按 F12："
                                            "已填写的理由、已采集的签字页会保留。"),
                                    self.problems_box)
        self.problems_hint.setWordWrap(True)
        box_layout.addWidget(self.problems_hint)
        self.problems_box.hide()
        layout.addWidget(self.problems_box)

        layout.addWidget(QLabel(self.tr("一、容缺材料（申请人承诺限期补交）"), self))
        self.materials = QListWidget(self)
        self.materials.setObjectName("toleratedMaterials")
        for m in self._choices:
            deadline = f"{m.deadline:%Y-%m-%d}" if m.deadline else "—"
            item = QListWidgetItem(self.tr("{name}　补交时限：{limit}，如现在受理应于 {deadline} 前补交")
                                   .format(name=m.name, limit=m.limit.label(),
                                           deadline=deadline), self.materials)
            item.setData(ID_ROLE, m.material)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = chosen is None or m.material in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.materials.setMaximumHeight(self.materials.sizeHintForRow(0) * 4 + 8
                                        if self._choices else 60)
        layout.addWidget(self.materials)

        layout.addWidget(QLabel(self.tr("二、申请理由（供值班长审批）"), self))
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("toleranceReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("例如：申请人已在办理该证明，承诺按期补交（必填）"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.reason.setPlainText(reason)
        self.reason.moveCursor(QTextCursor.MoveOperation.End)  # go on typing after it
        layout.addWidget(self.reason)

        layout.addWidget(QLabel(self.tr("三、打印容缺受理告知承诺书，由申请人签字后采集签字页"), self))
        self.print_button = QPushButton(self.tr("打印承诺书 (Ctrl+P)"), self)
        self.print_button.setObjectName("printCommitment")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_requested)
        # a counter without a printer yet still gets the commitment signed: look, save, print
        # elsewhere (printing.preview)
        self.preview_button = QPushButton(self.tr("预览 (Ctrl+Shift+P)"), self)
        self.preview_button.setObjectName("previewCommitment")
        self.save_button = QPushButton(self.tr("另存为 PDF (Ctrl+Shift+S)"), self)
        self.save_button.setObjectName("saveCommitment")
        print_row = QHBoxLayout()
        for button, signal in ((self.print_button, None),
                               (self.preview_button, self.preview_requested),
                               (self.save_button, self.save_requested)):
            button.setAutoDefault(False)
            if signal is not None:
                button.clicked.connect(signal)
            print_row.addWidget(button)
        print_row.addStretch(1)
        layout.addLayout(print_row)
        self.scratch = scratch_intake(now, [COMMITMENT])
        self.scratch.materials[COMMITMENT].pages = list(dict.fromkeys(pages))
        self.pages = MaterialPagesWidget(capture, self.scratch, COMMITMENT, self, colour=False,
                                         show_paper_only=False, devices=devices)
        self.pages.setObjectName("commitmentPages")
        self.pages.set_import_scope(self)  # Ctrl+O from anywhere in the dialog
        layout.addWidget(self.pages, 1)

        self.error_label = make_error_label(self)
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(self)
        self.here_button = buttons.addButton(self.tr("提交，值班长当面审批 (Ctrl+Enter)"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.here_button.setObjectName("approveHere")
        self.queue_button = buttons.addButton(self.tr("提交审批队列"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.queue_button.setObjectName("toQueue")
        self.cancel_button = buttons.addButton(self.tr("取消"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.here_button, self.queue_button, self.cancel_button):
            b.setAutoDefault(False)
        self.here_button.clicked.connect(lambda: self._submit(HERE))
        self.queue_button.clicked.connect(lambda: self._submit(QUEUE))
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        for key, slot in (("Ctrl+P", self.print_requested.emit),
                          ("Ctrl+Shift+P", self.preview_requested.emit),
                          ("Ctrl+Shift+S", self.save_requested.emit),
                          ("Ctrl+Return", lambda: self._submit(HERE)),
                          ("Ctrl+Enter", lambda: self._submit(HERE))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        self.materials.itemChanged.connect(lambda _item: self.check_draft())
        self.check_draft()
        self.reason.setFocus()

    # -- what was entered ----------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """Ids of the ticked materials."""
        out = []
        for row in range(self.materials.count()):
            item = self.materials.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(ID_ROLE))
        return out

    def chosen_materials(self) -> list[ToleratedMaterial]:
        ids = set(self.chosen())
        return [m for m in self._choices if m.material in ids]

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def signed_pages(self) -> list[str]:
        """The captured pages of the signed commitment (sha256)."""
        return self.pages.pages()

    def problems(self) -> list[str]:
        """The lines listed at the top now (empty: nothing in the draft refuses it)."""
        return list(self._problems)

    def check_draft(self) -> list[str]:
        """List what in the draft would refuse the request with the ticked materials."""
        if self._check is None:
            return []
        try:
            lines = self._check(self.chosen())
        except CounterError as exc:  # e.g. the catalog version is no longer there
            lines = [error_text(exc)]
        self._problems = list(lines)
        self.problems_label.setText("\n".join(lines))
        self.problems_box.setVisible(bool(lines))
        return lines

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        """While the request is being submitted (the credit lookup may take seconds)."""
        for w in (self.here_button, self.queue_button, self.print_button, self.preview_button,
                  self.save_button):
            w.setEnabled(not busy)
        if busy:
            self.show_error("")
            self.error_label.setStyleSheet("color: #555;")
            self.error_label.setText(self.tr("正在提交并核查申请人信用…"))
            self.error_label.show()
        else:
            self.error_label.setStyleSheet("color: #c62828;")

    # -- internals -----------------------------------------------------------------------------

    def _submit(self, mode: str) -> None:
        if not self.here_button.isEnabled():
            return
        if not self.chosen():
            self.show_error(self.tr("请勾选要容缺的材料。"))
            self.materials.setFocus()
            return
        if not self.reason_text():
            self.show_error(self.tr("请填写申请容缺受理的理由。"))
            self.reason.setFocus()
            return
        if self.pages.is_busy():
            self.show_error(self.tr("签字页正在处理，请稍候。"))
            return
        if not self.signed_pages():
            self.show_error(self.tr("请先打印承诺书，由申请人签字后采集签字页（Ctrl+O 导入）。"))
            self.pages.import_button.setFocus()
            return
        self.show_error("")
        self.submitted.emit(mode)
