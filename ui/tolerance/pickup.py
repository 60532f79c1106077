"""出件 of a tolerance case whose tolerated material is still owed (容缺材料未补齐).

The case view's 出件 (F8) opens :class:`OwedPickupDialog` instead of asking who collects the
result: it says why the result cannot be handed out (出件前须补齐容缺材料：…) and what to do —
补正 (F7) once the applicant brings the material, or, when it truly cannot wait, 值班长批准出件…:
the supervisor's reason is typed here, then the supervisor enters their own 工号 and 密码
(:class:`ui.tolerance.approval.SupervisorConfirmDialog`, as for approving a tolerance), and the
pickup goes on with ``CaseService.pickup(…, override=PickupOverride(supervisor, reason))``,
which records it (audit, case history).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from counter.services.cases import OVERRIDE_REASON_MAX
from ui.login import make_error_label

__all__ = ["OwedPickupDialog", "override_heading"]


def override_heading(widget: QWidget | None = None) -> str:
    """The heading of the supervisor's credentials dialog for a pickup override (translated
    in this module's own context, whoever asks: ``widget.tr`` would look it up under the
    caller's class)."""
    return QCoreApplication.translate(
        "OwedPickupDialog", "请首席代表或值班长输入本人工号和密码，批准容缺材料未补齐的办件先行出件。"
        "办理出件的工作人员不能自行批准。")


class OwedPickupDialog(QDialog):
    """出件 refused: tolerated material is still owed; the supervisor may override it.

    Args:
        case_no, name: the case.
        materials: the names of the materials owed.
        parent: the parent widget.

    Attributes:
        reason_label: 出件前须补齐容缺材料：… (red); reason: the supervisor's reason for
        handing out now; override_button: 值班长批准出件…; close_button: 关闭.

    Signals:
        override_requested(str): 值班长批准出件… with a reason (stripped, not empty).
    """

    override_requested = Signal(str)

    def __init__(self, case_no: str, name: str, materials: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("暂不能出件"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        case = QLabel(self.tr("办件 {no}：{name}").format(no=case_no, name=name), self)
        case.setWordWrap(True)
        layout.addWidget(case)
        self.reason_label = QLabel(self.tr("出件前须补齐容缺材料：{names}。").format(
            names="、".join(materials)), self)
        self.reason_label.setObjectName("owedReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #c62828; font-weight: bold;")
        layout.addWidget(self.reason_label)
        hint = QLabel(self.tr("申请人补交后请按 F7 办理补正，再出件。确需先行出件的，由首席代表或值班长"
                              "说明理由并输入本人工号和密码批准；批准记入审计日志和办理过程，"
                              "申请人仍须按承诺补交。"), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("先行出件的理由（批准出件时必填）"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 12)
        layout.addWidget(self.reason)
        self.error_label = make_error_label(self)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.override_button = buttons.addButton(self.tr("值班长批准出件…"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.override_button.setObjectName("overridePickup")
        self.close_button = buttons.addButton(self.tr("关闭"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.override_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.override_button.clicked.connect(self._override)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setFocus()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _override(self) -> None:
        reason = self.reason_text()
        if not reason:
            self.show_error(self.tr("请填写先行出件的理由。"))
            self.reason.setFocus()
            return
        if len(reason) > OVERRIDE_REASON_MAX:
            self.show_error(self.tr("先行出件的理由不能超过 {n} 个字。").format(n=OVERRIDE_REASON_MAX))
            return
        self.show_error("")
        self.accept()
        self.override_requested.emit(reason)
