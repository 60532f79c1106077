"""The case screen (办件查询): find a case and see it; hand out its result (出件).

The clerk types (or scans) a case number, an applicant's ID number or credit code, or a name
into the search box and presses Enter (``ctx.cases.find``). One hit opens at once;
several are listed (Enter opens the selected one). A scanned case number opens directly
(:meth:`CaseView.show_case`, used by :class:`ui.scanner.ScanRouter`).

The case shows its number, its state (Chinese label), the items, the applicant (ID number
masked with :func:`counter.ids.mask_id_number`), the materials ledger, the promised date and the
history. When the result is ready (准予许可 / 不予许可 / 已办结), 出件 (F8) asks who collects it:
the applicant in person, or an agent with name, document type and a validated number.

A case accepted with tolerance whose tolerated material is still owed shows 容缺材料未补齐 (in
red, with the materials) whatever the platform made of its state; its 出件 is refused with the
reason (:class:`ui.tolerance.pickup.OwedPickupDialog`), and a supervisor may override it with a
reason and their own 工号 and 密码 (recorded by ``CaseService.pickup``).

文书: the documents archived for the case (originals and 补打), and those it has but never had
archived (未出具). For the selected one: 打印 (``Ctrl+P``, the archived document exactly as
archived — an archived receipt says "见首次打印的受理通知书（回执）；遗失的，可凭有效身份证件到窗口重置": the query password is printed
only once, at acceptance), 补打 (``Ctrl+Shift+R``, marked 补打（第n次）, archived and audited),
预览 (``Ctrl+Shift+P``) and 另存为 PDF (``Ctrl+Shift+S``). A document never archived is issued
(archived) by the first of these. Errors go through :func:`ui.errors.show_error`.

重置查询密码 (an applicant who never got the first receipt or lost it): after the clerk confirms
the identity check, ``cases.reset_query_password`` makes a new password (the old one no longer
verifies; audited) and a result dialog shows it once with 打印 / 预览 / 另存为 PDF of a new first
受理通知书 carrying it, marked 查询密码已于…重置 (never archived; no printer needed to preview or
save). See docs/printing.md and docs/sync.md for what the platform learns.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from counter.cases.model import (FINAL_STATES, TOLERANCE_OWED, CaseAction, CaseState, Case,
                                 CaseSummary)
from counter.catalog.model import ID_TYPES
from counter.documents import DOCUMENT_KINDS, IssuedDocument
from counter.errors import CounterError
from counter.identity import Actor
from counter.services.cases import PickupOverride, ToleranceOwed
from counter.ids import id_number_problem, mask_id_number, mask_mobile, normalise_id_number
from ui import ops
from ui.errors import show_error
from ui.intake.decisions import default_actor
from ui.intake.guide import OptionSelector
from ui.screen import Screen

log = logging.getLogger(__name__)

__all__ = ["CaseView", "PickupDialog", "PICKUP_KEY", "FIND_KEY", "PRINT_KEY", "REPRINT_KEY",
           "PREVIEW_KEY", "SAVE_PDF_KEY", "state_label", "action_label"]

#: 出件.
PICKUP_KEY = "F8"
#: Focus the case search box.
FIND_KEY = "Ctrl+L"
#: The selected document: print it as archived, reprint it (补打), preview it, save it as PDF.
PRINT_KEY = "Ctrl+P"
REPRINT_KEY = "Ctrl+Shift+R"
PREVIEW_KEY = "Ctrl+Shift+P"
SAVE_PDF_KEY = "Ctrl+Shift+S"

_LAYOUTS = {"a4": QT_TRANSLATE_NOOP("case_view", "A4"),
            "roll80": QT_TRANSLATE_NOOP("case_view", "80 毫米热敏纸")}

_LEDGER_STATUS = {
    "received": QT_TRANSLATE_NOOP("case_view", "已收取"),
    "e_licence": QT_TRANSLATE_NOOP("case_view", "免提交（电子证照）"),
    "tolerated": QT_TRANSLATE_NOOP("case_view", "容缺"),
    "missing": QT_TRANSLATE_NOOP("case_view", "未提交"),
    "not_applicable": QT_TRANSLATE_NOOP("case_view", "不涉及"),
}
_NECESSITY = {
    "required": QT_TRANSLATE_NOOP("case_view", "必要"),
    "tolerable": QT_TRANSLATE_NOOP("case_view", "容缺后补"),
    "optional": QT_TRANSLATE_NOOP("case_view", "非必要"),
}
_ORIGINAL = {
    "none": QT_TRANSLATE_NOOP("case_view", "无需原件"),
    "check": QT_TRANSLATE_NOOP("case_view", "原件已核验"),
    "keep": QT_TRANSLATE_NOOP("case_view", "原件已收取"),
}
#: The 原件 column: what was recorded at the counter (LedgerEntry.original_done).
_ORIGINAL_DONE = {
    "check": QT_TRANSLATE_NOOP("case_view", "已核验原件"),
    "keep": QT_TRANSLATE_NOOP("case_view", "已收取原件"),
}
#: A received material whose original the catalog asks for, and nothing was ticked.
_ORIGINAL_NOT_DONE = {
    "check": QT_TRANSLATE_NOOP("case_view", "未核验原件"),
    "keep": QT_TRANSLATE_NOOP("case_view", "未收取原件"),
}
_STATE_COLOURS = {CaseState.ACCEPTED: "#1565c0", CaseState.IN_REVIEW: "#1565c0",
                  CaseState.APPROVED: "#2e7d32", CaseState.COMPLETED: "#2e7d32",
                  CaseState.CLOSED: "#616161", CaseState.DENIED: "#c62828",
                  CaseState.REJECTED: "#c62828", CaseState.NOTIFIED: "#ef6c00",
                  CaseState.AWAITING_SUPPLEMENT: "#ef6c00", CaseState.VOIDED: "#616161",
                  CaseState.TERMINATED: "#616161", CaseState.CORRECTION_REQUIRED: "#ef6c00"}


translate = QCoreApplication.translate


#: The runner's key of 出件 (a second F8 while the pickup is written does nothing).
PICKUP_OP = "pickup"


def _tr(text: str) -> str:
    """Translate a string marked with ``QT_TRANSLATE_NOOP("case_view", …)`` (or domain text)."""
    return translate("case_view", text)


def state_label(state: CaseState | str) -> str:
    """The Chinese label of a case state (已受理 …)."""
    return _tr(CaseState(state).label)


def action_label(action: str) -> str:
    """The Chinese label of a history step (``accept`` → 受理, ``platform.approved`` → …)."""
    if action.startswith("platform."):
        status = action.split(".", 1)[1]
        try:
            what = CaseState(status).label
        except ValueError:
            what = {"received": QT_TRANSLATE_NOOP("case_view", "已接收")}.get(status, status)
        return translate("case_view", "平台回传：{what}").format(what=_tr(what))
    if action == "calendar.adjust":
        return translate("case_view", "日期调整")
    if action == "query_password_reset":  # counter.services.cases.PASSWORD_RESET
        return translate("case_view", "重置查询密码")
    try:
        return _tr(CaseAction(action).label)
    except ValueError:
        return action


def may_reset_password(case: Case | None) -> bool:
    """Whether 重置查询密码 is offered: an accepted case not yet over (出件, 终止, 作废 end it;
    一次性告知 and 不予受理 never had a password). The service decides; this hides the button."""
    return (case is not None and case.accepted_at is not None
            and case.state not in FINAL_STATES)


class ConfirmResetDialog(QDialog):
    """重置查询密码: what the clerk checks before (the applicant's or agent's identity
    document) and what follows (the old password no longer works).

    Args:
        case: the case.
        parent: the parent widget.
    """

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("重置查询密码"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "办件 {no}：为申请人生成新的查询密码。\n\n"
            "请先核验申请人（或代理人及其授权委托书）的有效身份证件。"
            "重置后原密码作废，新密码只显示这一次，并打印在新的受理通知书上。").format(
            no=case.case_no), self)
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        layout.addWidget(text)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("已核验身份，重置"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)  # Enter does not reset by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _moment(value) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else "—"


def _original_cell(m) -> tuple[str, str]:
    """The 原件 column of a ledger line and its tool tip: what was recorded at the counter
    (收取原件 / 核验原件 ticked), not what the catalog requires; for 免提交（电子证照） the
    licence number. The tip names the catalog's requirement."""
    required = _tr(_ORIGINAL.get(m.original, m.original))
    tip = _tr(QT_TRANSLATE_NOOP("case_view", "目录要求：{required}")).format(required=required)
    if m.status == "e_licence":
        number = m.e_licence_number
        if not number:
            return _tr(QT_TRANSLATE_NOOP("case_view", "电子证照（未记录证照编号）")), ""
        if id_number_problem(number) is None:  # a resident ID number: masked, as on paper
            number = mask_id_number(number)
        return _tr(QT_TRANSLATE_NOOP("case_view", "电子证照 {number}")).format(number=number), ""
    if m.original_done is None:  # decided before the counter's record was kept
        return "—", _tr(QT_TRANSLATE_NOOP("case_view", "受理时未单独记录原件情况；{tip}")).format(
            tip=tip)
    if m.original_done in _ORIGINAL_DONE:
        return _tr(_ORIGINAL_DONE[m.original_done]), tip
    if m.status == "received" and m.original in _ORIGINAL_NOT_DONE:
        return _tr(_ORIGINAL_NOT_DONE[m.original]), tip
    return "—", tip


def _read_only_table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    return table


class PickupDialog(QDialog):
    """Who collects the result (出件): the applicant (1) or an agent (2) with a valid ID.

    Args:
        case: the case whose result is handed out.
        today: returns today's date (for checking ID numbers).
        parent: the parent widget.
    """

    def __init__(self, case: Case, today: Callable, parent: QWidget | None = None, *,
                 note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("出件"))
        self._today = today
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("办件 {no}：{name}").format(no=case.case_no, name=case.name), self))
        if note:  # e.g. the supervisor's override of a tolerance case with material owed
            self.note = QLabel(note, self)
            self.note.setObjectName("pickupNote")
            self.note.setWordWrap(True)
            self.note.setStyleSheet("color: #ef6c00;")
            layout.addWidget(self.note)
        self.who = OptionSelector([("self", self.tr("申请人本人领取")), ("agent", self.tr("他人代领"))], self)
        self.who.setAccessibleName(self.tr("领取人"))
        self.who.set_value("self")
        self.who.chosen.connect(self._update)
        layout.addWidget(self.who)
        self.agent_box = QWidget(self)
        form = QFormLayout(self.agent_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.agent_name = QLineEdit(self.agent_box)
        self.agent_id_type = QComboBox(self.agent_box)
        for code, label in ID_TYPES.items():
            if code != "001":  # a person collects it, never a credit code
                self.agent_id_type.addItem(label, code)
        self.agent_id_number = QLineEdit(self.agent_box)
        self.agent_id_number.textEdited.connect(self._upper)
        form.addRow(self.tr("代领人姓名"), self.agent_name)
        form.addRow(self.tr("证件类型"), self.agent_id_type)
        form.addRow(self.tr("证件号码"), self.agent_id_number)
        layout.addWidget(self.agent_box)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认出件"))
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()
        self.who.setFocus()

    def _upper(self, text: str) -> None:
        if text != text.upper():
            pos = self.agent_id_number.cursorPosition()
            self.agent_id_number.setText(text.upper())
            self.agent_id_number.setCursorPosition(pos)

    def _update(self, *_args) -> None:
        self.agent_box.setVisible(self.who.value() == "agent")
        self.problem.hide()

    def picked_up_by(self) -> dict | None:
        """``None`` for the applicant in person, else the agent's ``{name, id_type, id_number}``."""
        if self.who.value() != "agent":
            return None
        return {"name": self.agent_name.text().strip(),
                "id_type": self.agent_id_type.currentData(),
                "id_number": normalise_id_number(self.agent_id_number.text())}

    def agent_problem(self) -> str | None:
        """Why the agent's data cannot be accepted, or ``None``."""
        agent = self.picked_up_by()
        if agent is None:
            return None
        if not agent["name"]:
            return self.tr("请填写代领人姓名")
        if not agent["id_number"]:
            return self.tr("请填写代领人证件号码")
        if agent["id_type"] == "111":
            problem = id_number_problem(agent["id_number"], today=self._today())
            return self.tr("代领人证件号码有误：{reason}").format(reason=problem) if problem else None
        if not (agent["id_number"].isascii() and agent["id_number"].isalnum()
                and len(agent["id_number"]) <= 30):
            return self.tr("证件号码应为1至30位字母或数字")
        return None

    def _confirm(self) -> None:
        problem = self.agent_problem()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.agent_id_number.setFocus() if "证件号码" in problem else self.agent_name.setFocus()
            return
        self.accept()


class CaseView(Screen):
    """Find a case and show it (办件查询); hand out its result (出件, F8).

    Args:
        ctx: the application context; uses ``cases``, ``documents`` and ``clock``.
        parent: the parent widget.
        actor: returns the acting clerk (default :func:`ui.intake.decisions.default_actor`).
        documents: the window's :class:`ui.documents.DocumentActions` (default: its own).
        hub: the window's case hub (:class:`ui.hub.CaseHub`): the case shown is read again
            when it changes (here, at another screen, by the sync worker); None: it is not.

    Attributes:
        search_box: number, ID number or name; results: the hits of a search;
        details: the case's facts; sync_label: its sync state (:meth:`show_sync`);
        ledger: the materials; history: the steps;
        pickup_button: 出件 (F8);
        document_list: the case's documents, one row each
            (:meth:`document_rows` gives ``(kind, archived document or None)``);
        print_button, reprint_button, preview_button, save_pdf_button: for the selected one.

    Signals:
        message(str): a short message for the status bar.
        case_shown(str): a case is shown (its number).
    """

    screen_id = "case"
    message = Signal(str)
    case_shown = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None, *,
                 actor: Callable[[], Actor] | None = None, documents=None,
                 hub=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._cases = ctx.cases
        self._actor = actor or (lambda: default_actor(ctx))
        if documents is None:
            from ui.documents import DocumentActions

            documents = DocumentActions(ctx, self._actor, self)
        self.documents = documents
        self.documents.archive_changed.connect(self._archive_changed)
        if hub is not None:
            hub.changed.connect(self._case_changed)
        self._document_rows: list[tuple[str, IssuedDocument | None]] = []
        self.case: Case | None = None
        self.dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("caseSearch")
        self.search_box.setPlaceholderText(self.tr("办件编号、申请人证件号码或姓名，Enter 查询"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("办件查询"))
        self.search_box.returnPressed.connect(self.search)
        row.addWidget(self.search_box, 1)
        self.pickup_button = QPushButton(self.tr("出件 (F8)"), self)
        self.pickup_button.setAutoDefault(False)
        self.pickup_button.clicked.connect(self.pickup)
        row.addWidget(self.pickup_button)
        layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.results = QListWidget(splitter)
        self.results.setObjectName("caseResults")
        self.results.itemActivated.connect(self._result_activated)
        self.results.hide()
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QLabel(right)
        self.details.setObjectName("caseDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.details)
        self.sync_label = QLabel(right)  # 同步：… (ui.sync.case_line)
        self.sync_label.setObjectName("caseSync")
        right_layout.addWidget(self.sync_label)
        right_layout.addWidget(QLabel(self.tr("材料台账"), right))
        self.ledger = _read_only_table([self.tr("材料"), self.tr("收取情况"), self.tr("必要性"),
                                        self.tr("份数"), self.tr("原件"), self.tr("服务事项")], right)
        right_layout.addWidget(self.ledger, 2)
        right_layout.addWidget(QLabel(self.tr("文书"), right))
        docs_row = QHBoxLayout()
        self.document_list = _read_only_table([self.tr("文书"), self.tr("份次"), self.tr("版式"),
                                               self.tr("出具时间"), self.tr("出具人员")], right)
        self.document_list.setObjectName("caseDocuments")
        self.document_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_list.setAccessibleName(self.tr("办件文书"))
        self.document_list.itemSelectionChanged.connect(self._update_document_buttons)
        docs_row.addWidget(self.document_list, 1)
        doc_buttons = QVBoxLayout()
        self.print_button = QPushButton(self.tr("打印 (Ctrl+P)"), right)
        self.reprint_button = QPushButton(self.tr("补打 (Ctrl+Shift+R)"), right)
        self.preview_button = QPushButton(self.tr("预览 (Ctrl+Shift+P)"), right)
        self.save_pdf_button = QPushButton(self.tr("另存为 PDF (Ctrl+Shift+S)"), right)
        self.reset_password_button = QPushButton(self.tr("重置查询密码…"), right)
        self.reset_password_button.setObjectName("resetQueryPassword")
        self.reset_password_button.setToolTip(self.tr(
            "申请人未拿到或遗失查询密码：核验身份证件后生成新密码，打印新的受理通知书"))
        self.print_button.setToolTip(self.tr("按存档原样打印所选文书（受理通知书不含查询密码）"))
        self.reprint_button.setToolTip(self.tr("补打所选文书：按原件内容生成，标注“补打”及次数，存档备查"))
        for button, slot in ((self.print_button, self.print_document),
                             (self.reprint_button, self.reprint_document),
                             (self.preview_button, self.preview_document),
                             (self.save_pdf_button, self.save_document)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        self.reset_password_button.setAutoDefault(False)
        self.reset_password_button.clicked.connect(self.reset_password)
        doc_buttons.addWidget(self.reset_password_button)
        docs_row.addLayout(doc_buttons)
        right_layout.addLayout(docs_row, 1)
        right_layout.addWidget(QLabel(self.tr("办理过程"), right))
        self.history = _read_only_table([self.tr("时间"), self.tr("操作"), self.tr("操作人员"),
                                         self.tr("说明")], right)
        right_layout.addWidget(self.history, 1)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        for key, slot in ((PICKUP_KEY, self.pickup), (FIND_KEY, self.focus_search),
                          (PRINT_KEY, self.print_document), (REPRINT_KEY, self.reprint_document),
                          (PREVIEW_KEY, self.preview_document),
                          (SAVE_PDF_KEY, self.save_document)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show(None)

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("办件查询")

    def activate(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        """Put the focus in the search box, its text selected (Ctrl+L)."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def reset(self) -> None:
        """Forget the case shown and the search (another user logged in)."""
        self.search_box.clear()
        self.results.clear()
        self.results.hide()
        self._show(None)

    # -- finding ---------------------------------------------------------------------------

    def search(self) -> list[CaseSummary]:
        """Find what the search box holds; one hit opens, several are listed."""
        text = self.search_box.text().strip()
        if not text:
            return []
        try:
            hits = self._cases.find(text, self._actor())
        except CounterError as exc:
            show_error(self, exc)
            return []
        self.results.clear()
        if not hits:
            self.results.hide()
            self.message.emit(self.tr("未找到符合条件的办件。"))
            self._show(None, self.tr("未找到符合条件的办件。"))
            return hits
        if len(hits) == 1:
            self.results.hide()
            self.show_case(hits[0].case_no)
            return hits
        for hit in hits:
            text = f"{hit.case_no}  {state_label(hit.state)}\n{hit.name} · {hit.applicant_name} · {_moment(hit.decided_at)}"
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit.case_no)
        self.results.show()
        self.results.setCurrentRow(0)
        self.results.setFocus()
        self.message.emit(self.tr("找到 {n} 件，Enter 打开所选办件。").format(n=len(hits)))
        return hits

    def _result_activated(self, item: QListWidgetItem) -> None:
        self.show_case(item.data(Qt.ItemDataRole.UserRole))

    def show_case(self, case_no: str) -> Case | None:
        """Show the case with this number (typed or scanned)."""
        try:
            case = self._cases.get(case_no, self._actor())
        except CounterError as exc:
            self.message.emit(exc.message)
            show_error(self, exc)
            return None
        self._show(case)
        self.case_shown.emit(case.case_no)
        return case

    # -- showing ---------------------------------------------------------------------------

    def show_sync(self, *, quiet: bool = False) -> None:
        """The case's sync line (同步：已送达平台 / 待发送 (n) / 被退回：…), read again.

        ``quiet`` (the worker reported on the case, at any moment): skipped while the session
        may not read cases (``Permissions.allows``, no audit — e.g. the screen is locked), so
        that a locked counter does not write a refusal per report; the line stays as it was.
        """
        from ui.sync.case_line import show_case_sync

        if quiet and self.case is not None and not self.may_read():
            return
        show_case_sync(self.sync_label, self._ctx.sync,
                       self.case.case_no if self.case is not None else None,
                       self._reader())

    def _case_changed(self, change) -> None:
        """The hub: a case changed. The one shown is read again — only its sync line when
        only its sync state changed — and only while the session may read cases (a locked
        screen reads nothing and writes no refusal per change)."""
        from counter.changes import ChangeKind

        if self.case is None or change.number != self.case.case_no or not self.may_read():
            return
        if set(change.kinds) <= {ChangeKind.SYNCED}:
            self.show_sync(quiet=True)
            return
        if set(change.kinds) <= {ChangeKind.DOCUMENT_ISSUED}:
            self._archive_changed(change.number)
            return
        try:
            case = self._cases.get(change.number, self._actor())
        except CounterError as exc:  # nobody asked for this read: no dialog
            log.info("changed case not read again: %s", exc.message)
            return
        row = self.document_list.currentRow()
        self._show(case)
        if 0 <= row < len(self._document_rows):
            self.select_document(row)
        self.case_shown.emit(case.case_no)

    def may_read(self) -> bool:
        """Whether the acting user may read cases now (``Permissions.allows``: no audit) —
        for reads nobody asked for at that moment (the worker's reports)."""
        actor = self._reader()
        permissions = self._ctx.permissions
        return actor is not None and (permissions is None
                                      or permissions.allows(actor, "case.view"))

    def _reader(self) -> Actor | None:
        try:
            return self._actor()
        except CounterError:  # nobody logged in
            return None

    def _show(self, case: Case | None, empty_text: str | None = None) -> None:
        self.case = case
        self.show_sync()
        self.pickup_button.setEnabled(case is not None and case.state.result_ready)
        self.reset_password_button.setEnabled(may_reset_password(case))
        if case is None:
            self.details.setText(empty_text or self.tr("输入或扫描办件编号查询办件。"))
            self.ledger.setRowCount(0)
            self.history.setRowCount(0)
            self._show_documents(None)
            return
        colour = _STATE_COLOURS.get(case.state, "#333")
        a = case.applicant
        id_type = ID_TYPES.get(a.id_type, a.id_type)
        number = mask_id_number(a.id_number) if a.id_type != "001" else a.id_number
        items = "<br/>".join(f"{_esc(code)}　{_esc(name)}" for code, name in case.items)
        rows = [
            (self.tr("办件编号"), f'<span style="font-size:large"><b>{_esc(case.case_no)}</b></span>'),
            (self.tr("状态"), f'<b style="color:{colour}">{_esc(state_label(case.state))}</b>'
             + (f"　{_esc(case.status_message)}" if case.status_message else "")),
            (self.tr("办理事项"), f"<b>{_esc(case.name)}</b><br/>{items}"),
            (self.tr("申请人"), f"{_esc(a.name)}（{_esc(id_type)} {_esc(number)}）"),
        ]
        if case.contact and case.contact.get("mobile"):
            rows.append((self.tr("联系电话"), _esc(mask_mobile(case.contact["mobile"]))))
        rows.append((self.tr("决定时间"), _moment(case.decided_at)))
        if case.promised_at is not None:
            promised = _moment(case.promised_at)
            if case.promised_provisional:
                promised += self.tr("（预计，以节假日安排公布后为准）")
            rows.append((self.tr("承诺办结时间"), promised))
        if case.legal_at is not None:
            legal = _moment(case.legal_at)
            if case.legal_provisional:
                legal += self.tr("（预计，以节假日安排公布后为准）")
            rows.append((self.tr("法定办结时间"), legal))
        if case.reason_text:
            rows.append((self.tr("不予受理理由"), _esc(case.reason_text)))
        if case.tolerance_owed:
            owed = "、".join(m.name for m in case.tolerance_owed)
            rows.append((self.tr("容缺材料"), f'<b style="color:#c62828">{_esc(_tr(TOLERANCE_OWED))}</b>'
                         f"：{_esc(owed)}"))
        if case.picked_up is not None:
            p = case.picked_up
            who = self.tr("申请人本人") if p.by_applicant else self.tr("代领人 {name}（{number}）").format(
                name=p.name, number=mask_id_number(p.id_number))
            rows.append((self.tr("出件"), f"{_moment(p.at)}　{_esc(who)}"))
        self.details.setText("<table cellspacing='4'>" + "".join(
            f"<tr><td style='color:#555' valign='top'>{label}</td><td>{value}</td></tr>"
            for label, value in rows) + "</table>")

        names = dict(case.items)
        self.ledger.setRowCount(len(case.materials))
        for r, m in enumerate(case.materials):
            served = "、".join(names.get(c, c) for c in m.items)
            values = [m.name, _tr(_LEDGER_STATUS.get(m.status, m.status)),
                      _tr(_NECESSITY.get(m.necessity, m.necessity)),
                      str(m.copies), "", served]
            original, tip = _original_cell(m)
            values[4] = original
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 4 and tip:
                    item.setToolTip(tip)
                self.ledger.setItem(r, c, item)
        self.history.setRowCount(len(case.history))
        for r, h in enumerate(case.history):
            if h.actor is not None:
                actor = h.actor.user_id
            elif h.action == "calendar.adjust":  # recomputed by the system on an import
                actor = self.tr("系统")
            else:
                actor = self.tr("平台")
            for c, value in enumerate([_moment(h.at), action_label(h.action), actor, h.note]):
                self.history.setItem(r, c, QTableWidgetItem(value))
        self._show_documents(case)

    # -- documents -------------------------------------------------------------------------

    def document_rows(self) -> list[tuple[str, IssuedDocument | None]]:
        """The rows of the document list: ``(kind, archived document)``; None: never
        archived (未出具)."""
        return list(self._document_rows)

    def select_document(self, row: int) -> None:
        """Select a row of the document list."""
        self.document_list.selectRow(row)

    def _show_documents(self, case: Case | None, select: int | None = None) -> None:
        rows: list[tuple[str, IssuedDocument | None]] = []
        if case is not None:
            try:
                rows = [(d.kind, d) for d in self.documents.documents(case.case_no)]
                rows += [(kind, None) for kind in self.documents.missing_kinds(case)]
            except Exception as exc:  # noqa: BLE001 - the case is still shown
                show_error(self, exc)
        self._document_rows = rows
        self.document_list.setRowCount(len(rows))
        for r, (kind, doc) in enumerate(rows):
            if doc is None:
                values = [_tr(DOCUMENT_KINDS.get(kind, kind)), self.tr("未出具"), "—", "—", "—"]
            else:
                copy = (self.tr("补打（第{n}次）").format(n=doc.reprint_count) if doc.is_reprint
                        else self.tr("原件"))
                values = [_tr(doc.kind_label), copy, _tr(_LAYOUTS.get(doc.layout, doc.layout)),
                          _moment(doc.issued_at), doc.issued_by]
            for c, value in enumerate(values):
                self.document_list.setItem(r, c, QTableWidgetItem(value))
        if rows:
            self.document_list.selectRow(select if select is not None else 0)
        self._update_document_buttons()

    def _selected_document(self) -> tuple[str, IssuedDocument | None] | None:
        row = self.document_list.currentRow()
        if self.case is None or not 0 <= row < len(self._document_rows):
            return None
        return self._document_rows[row]

    def _update_document_buttons(self) -> None:
        chosen = self._selected_document()
        for button in (self.print_button, self.preview_button, self.save_pdf_button):
            button.setEnabled(chosen is not None)
        self.reprint_button.setEnabled(chosen is not None and chosen[1] is not None)

    def _archive_changed(self, case_no: str) -> None:
        if self.case is not None and self.case.case_no == case_no:
            self._show_documents(self.case, select=self.document_list.currentRow())

    def _archived(self, chosen: tuple[str, IssuedDocument | None],
                  then: Callable[[IssuedDocument], None]) -> None:
        """Call ``then`` with the selected document, issued (archived) first when it never
        was (on the runner's worker); not at all when issuing failed (the error was shown)."""
        kind, doc = chosen
        if doc is not None:
            then(doc)
            return

        def issued(document: IssuedDocument | None) -> None:
            if document is not None:
                self.message.emit(
                    self.tr("已出具并存档{name}。").format(name=_tr(document.kind_label)))
                then(document)

        self.documents.issue(self, self.case, kind, then=issued)

    def print_document(self) -> None:
        """打印 (Ctrl+P): the selected document exactly as archived (on the runner's worker;
        a second press while it prints does nothing)."""
        chosen = self._selected_document()
        if chosen is None:
            return

        def printed(outcome, doc: IssuedDocument) -> None:
            if outcome is not None and outcome.printed:
                self.message.emit(self.tr("已打印{name}（打印机：{printer}）。").format(
                    name=_tr(doc.kind_label), printer=outcome.printer_name))

        self._archived(chosen, lambda doc: self.documents.print_document(
            self, doc, then=lambda outcome: printed(outcome, doc)))

    def reprint_document(self) -> None:
        """补打 (Ctrl+Shift+R): the selected document's original, marked 补打（第n次）
        (archived and printed on the runner's worker)."""
        chosen = self._selected_document()
        if chosen is None or chosen[1] is None:
            if chosen is not None:
                self.message.emit(self.tr("该文书尚未出具，请先打印。"))
            return
        kind = chosen[1].kind

        def printed(outcome) -> None:
            if outcome is not None and outcome.printed:
                self.message.emit(self.tr("已补打{name}（打印机：{printer}）。").format(
                    name=_tr(DOCUMENT_KINDS.get(kind, kind)), printer=outcome.printer_name))

        self.documents.reprint(self, self.case.case_no, kind, then=printed)

    def preview_document(self) -> None:
        """预览 (Ctrl+Shift+P): the selected document in the print preview (read on the
        runner's worker, the preview on the GUI thread)."""
        chosen = self._selected_document()
        if chosen is None:
            return
        self._archived(chosen, lambda doc: self.documents.print_document(self, doc,
                                                                         preview=True))

    def save_document(self) -> None:
        """另存为 PDF (Ctrl+Shift+S): the selected document, as archived, in a file."""
        chosen = self._selected_document()
        if chosen is None:
            return

        def saved(path) -> None:
            if path is not None:
                self.message.emit(self.tr("已另存为 {path}").format(path=path))

        self._archived(chosen, lambda doc: self.documents.save(self, doc, then=saved))

    # -- 重置查询密码 --------------------------------------------------------------------------

    def reset_password(self) -> None:
        """重置查询密码: confirm (identity checked, the old password ends), then
        ``cases.reset_query_password``; the new password is shown once, with 打印 / 预览 /
        另存为 PDF of a new first receipt carrying it (:meth:`ui.documents.DocumentActions.
        reissue_receipt`)."""
        case = self.case
        if not may_reset_password(case):
            return
        dialog = ConfirmResetDialog(case, self)
        self.dialog = dialog

        def confirmed() -> None:
            try:
                actor = self._actor()
            except Exception as exc:  # noqa: BLE001 - CounterError as it is, else an incident id
                show_error(self, exc)
                return
            ops.run(self, lambda: self._cases.reset_query_password(case.case_no, actor),
                    success=reset_done, key="reset_password",
                    label=self.tr("正在重置查询密码…"))

        def reset_done(reset) -> None:
            self._show(reset.case)
            self._password_result(reset)

        dialog.accepted.connect(confirmed)
        dialog.open()

    def _password_result(self, reset) -> None:
        from ui.intake.decisions import DecisionResultDialog

        platform = (self.tr("新密码随受理信息报送平台，政务服务网查询使用新密码。")
                    if reset.platform_updated else
                    self.tr("办件已报送平台，平台不接收密码重置：政务服务网仍只认原密码，"
                            "申请人可实名登录政务服务网查询，新通知书上已注明。"))
        dialog = DecisionResultDialog(
            self.tr("查询密码已重置"), reset.case,
            [(self.tr("重置时间"), _moment(reset.reset_at)), (self.tr("政务服务网"), platform)],
            password=reset.query_password, print_label=self.tr("打印新的受理通知书"), parent=self)
        dialog.setObjectName("passwordResetResult")
        self.dialog = dialog
        dialog.set_print_available(True)
        case = reset.case

        def run(preview: bool = False, save: bool = False) -> None:
            self.documents.reissue_receipt(dialog, case, reset, preview=preview, save=save,
                                           then=lambda outcome: done(outcome, preview, save))

        def done(outcome, preview: bool, save: bool) -> None:
            if outcome is None:
                if not (preview or save):
                    dialog.show_print_failed(self.tr(
                        "未打印：排除打印机故障后可再按“打印”，或另存为 PDF 后在其他电脑打印。"
                        "新密码只在这里显示，请勿关闭本窗口。"))
            elif save:
                dialog.show_printed(self.tr("已另存为 PDF：{path}。").format(path=outcome))
            elif outcome.printed:
                dialog.show_printed(self.tr("已打印新的受理通知书（打印机：{name}）。").format(
                    name=outcome.printer_name or self.tr("默认")))

        dialog.print_requested.connect(lambda _no: run())
        dialog.preview_requested.connect(lambda _no: run(preview=True))
        dialog.save_requested.connect(lambda _no: run(save=True))
        dialog.open()
        self.message.emit(self.tr("办件 {no} 的查询密码已重置。").format(no=case.case_no))

    # -- pickup ----------------------------------------------------------------------------

    def pickup(self) -> None:
        """出件 (F8): ask who collects the result, then ``cases.pickup``; with tolerated
        material owed, say so and offer the supervisor's override instead."""
        case = self.case
        if case is None or ops.default_runner().running(self, PICKUP_OP):
            return  # nothing shown, or the pickup confirmed a moment ago is being written
        if not case.state.result_ready:
            self.message.emit(self.tr("办件状态为「{state}」，尚不能出件。").format(
                state=state_label(case.state)))
            return
        if case.tolerance_owed:
            self._owed_pickup(case, [m.name for m in case.tolerance_owed])
            return
        self._ask_who(case)

    def _owed_pickup(self, case: Case, materials: list[str]) -> None:
        """出件前须补齐容缺材料: the reason, and 值班长批准出件… (reason, then credentials)."""
        from ui.tolerance.pickup import OwedPickupDialog

        dialog = OwedPickupDialog(case.case_no, case.name, materials, self)
        self.dialog = dialog
        dialog.override_requested.connect(lambda reason: self._confirm_override(case, reason))
        dialog.open()
        self.message.emit(dialog.reason_label.text())

    def _confirm_override(self, case: Case, reason: str) -> None:
        """The supervisor's 工号 and 密码 here (as for approving a tolerance), then 出件."""
        from ui.tolerance.approval import SupervisorConfirmDialog
        from ui.tolerance.pickup import override_heading

        users = self._ctx.users
        confirm = SupervisorConfirmDialog(users, self)
        confirm.setWindowTitle(self.tr("值班长批准出件"))
        confirm.set_heading(override_heading(self))
        self.dialog = confirm
        confirm.accepted.connect(
            lambda: self._ask_who(case, PickupOverride(confirm.actor, reason)))
        confirm.open()

    def _ask_who(self, case: Case, override: PickupOverride | None = None) -> None:
        note = ""
        if override is not None:
            note = self.tr("{flag}，经 {supervisor} 批准先行出件：{reason}").format(
                flag=_tr(TOLERANCE_OWED), supervisor=override.supervisor.user_id,
                reason=override.reason)
        dialog = PickupDialog(case, lambda: self._ctx.clock.now().date(), self, note=note)
        self.dialog = dialog

        def confirmed() -> None:
            try:
                actor = self._actor()
            except Exception as exc:  # noqa: BLE001 - CounterError as it is, else an incident id
                show_error(self, exc)
                return
            picked_up_by = dialog.picked_up_by()
            ops.run(self, lambda: self._cases.pickup(case.case_no, actor, picked_up_by,
                                                     override=override),
                    success=done, failure=refused, key=PICKUP_OP, triggers=(self.pickup_button,),
                    label=self.tr("正在出件…"))

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ToleranceOwed):  # the case shown was out of date: say why
                self._owed_pickup(case, exc.materials)
            else:  # CounterError as it is, anything else with an incident id
                show_error(self, exc)

        def done(updated: Case) -> None:
            self._show(updated)
            self.message.emit(self.tr("办件 {no} 已出件。").format(no=updated.case_no))

        dialog.accepted.connect(confirmed)
        dialog.open()
