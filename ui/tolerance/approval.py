"""The supervisor's side of a tolerance request (容缺审批).

* :class:`SupervisorConfirmDialog` — at the clerk's counter the supervisor types their own
  工号 and 密码 (当面确认, ``UserService.confirm``): wrong passwords count towards the lockout,
  and the service layer accepts that supervisor for a few minutes although the clerk is logged
  in. The requesting clerk cannot approve their own request (the tolerance service refuses it).
* :class:`ApprovalDialog` — what the supervisor decides on: the item, the applicant, the
  tolerated materials and deadlines, the clerk's reason, the credit check (未能核查信用（离线）
  in red when the lookup could not be made), the signed commitment (查看签字页); 同意 or 不同意.
  For a request whose credit could not be checked, a note says that 同意 looks it up again (a
  dishonest record refuses the approval: the service's message is shown in red in the dialog)
  and that approving while it still cannot be checked is recorded as made without a check.
* :class:`RefuseDialog` — 不同意 with a reason from the catalog's ``tolerance_refuse`` list and
  optional words.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from counter.catalog.model import Reason
from counter.credit import CreditStatus
from ui.login import CredentialsDialog, make_error_label

__all__ = ["SupervisorConfirmDialog", "ApprovalDialog", "RefuseDialog", "request_html"]


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SupervisorConfirmDialog(CredentialsDialog):
    """The supervisor's 工号 and 密码 at this counter (值班长当面确认).

    Args:
        users: the user service (``confirm``).
        parent: the parent widget.

    Attributes:
        actor: the supervisor's actor after a successful confirmation (None before).
    """

    def __init__(self, users, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("值班长审批"), self.tr("确认"),
                         user_id_name="supervisorId", password_name="supervisorPassword")
        self._users = users
        self.actor = None
        self.set_heading(self.tr("请首席代表或值班长输入本人工号和密码，审批容缺受理申请。"
                                 "申请人本人所在窗口的受理人员不能自行审批。"))

    def verify(self, user_id: str, password: str) -> bool:
        self.actor = self._users.confirm(user_id, password, "supervisor")
        return True


def request_html(request, site_label: str = "") -> str:
    """The request as the supervisor reads it (rich text; no full ID number)."""
    credit = request.credit
    colour = "#2e7d32" if credit.status is CreditStatus.CLEAR else "#c62828"
    rows = [
        ("事项", f"<b>{_esc(request.name)}</b>"),
        ("申请人", _esc(request.applicant_name)),
        ("申请窗口", _esc(f"{request.requested_by.site} {request.requested_by.counter}号窗口 "
                       f"{request.requested_by.user_id}")),
        ("申请时间", f"{request.requested_at:%Y-%m-%d %H:%M}"),
        ("容缺材料", "<br/>".join(_esc(f"{m.name}（补交时限 {m.limit.label()}）")
                              for m in request.materials)),
        ("申请理由", _esc(request.reason)),
        ("信用核查", f'<b style="color:{colour}">{_esc(credit.label)}</b>'),
        ("承诺书签字页", f"{len(request.commitment_pages)} 页"),
    ]
    return "<table cellspacing='4'>" + "".join(
        f"<tr><td style='color:#555' valign='top'>{label}</td><td>{value}</td></tr>"
        for label, value in rows) + "</table>"


class ApprovalDialog(QDialog):
    """Approve or refuse one request (审批容缺受理申请).

    Args:
        request: the pending :class:`counter.services.tolerance.ToleranceRequest`.
        reasons: the catalog's ``tolerance_refuse`` reasons.
        capture: the capture service (to view the signed pages), or None.
        parent: the parent widget.

    Signals:
        approve_requested(): 同意容缺受理.
        refuse_requested(str, str): 不同意 (reason code, words).
    """

    approve_requested = Signal()
    refuse_requested = Signal(str, str)

    def __init__(self, request, reasons: Sequence[Reason], capture=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("审批容缺受理申请"))
        self.setMinimumWidth(560)
        self.request = request
        self._reasons = list(reasons)
        self._capture = capture
        layout = QVBoxLayout(self)
        self.details = QLabel(request_html(request), self)
        self.details.setObjectName("requestDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        # ToleranceService.approve looks the credit up again for a request made offline
        self.credit_note = QLabel(self.tr(
            "申请时未能核查申请人信用。点击“同意容缺受理”时将再次核查：发现失信记录的，不能同意；"
            "仍无法核查的，同意后将记录为未经信用核查同意（审批时仍未能核查信用，经审批人确认后同意）。"),
            self)
        self.credit_note.setObjectName("creditRecheck")
        self.credit_note.setWordWrap(True)
        self.credit_note.setStyleSheet("color: #ef6c00;")
        self.credit_note.setVisible(request.credit.status is CreditStatus.UNCHECKED)
        layout.addWidget(self.credit_note)
        self.error_label = make_error_label(self)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.view_button = buttons.addButton(self.tr("查看签字页"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.view_button.setEnabled(capture is not None and bool(request.commitment_pages))
        self.refuse_button = buttons.addButton(self.tr("不同意…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button = buttons.addButton(self.tr("同意容缺受理"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setObjectName("approve")
        self.close_button = buttons.addButton(self.tr("关闭"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.view_button, self.refuse_button, self.close_button):
            b.setAutoDefault(False)
        self.approve_button.setDefault(True)
        self.view_button.clicked.connect(self.view_pages)
        self.refuse_button.clicked.connect(self.ask_refusal)
        self.approve_button.clicked.connect(self.approve_requested)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.refuse_dialog: RefuseDialog | None = None

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def view_pages(self) -> None:
        from ui.capture.pages import PageViewer

        viewer = PageViewer(self._capture, list(self.request.commitment_pages), 0, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()

    def ask_refusal(self) -> None:
        dialog = RefuseDialog(self._reasons, self)
        self.refuse_dialog = dialog
        dialog.accepted.connect(lambda: self.refuse_requested.emit(dialog.reason_code(),
                                                                   dialog.words()))
        dialog.open()


class RefuseDialog(QDialog):
    """不同意容缺: a reason from the catalog (required) and the supervisor's words."""

    def __init__(self, reasons: Sequence[Reason], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不同意容缺受理"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.setObjectName("refuseReason")
        self.reason.addItem(self.tr("请选择理由"), "")
        for r in reasons:
            self.reason.addItem(f"{r.code}  {r.text}", r.code)
        form.addRow(self.tr("理由"), self.reason)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("refuseText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("补充说明（选填）"))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow(self.tr("说明"), self.text)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("不同意"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def reason_code(self) -> str:
        return self.reason.currentData() or ""

    def words(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_code()))
