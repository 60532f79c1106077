"""Decisions on an intake (受理决定): 受理, 一次性告知, 不予受理.

Shortcuts (active while the intake screen is shown; see ``docs/keyboard.md``):

=====================  ==============  =============================================
action                 shortcut        service call
=====================  ==============  =============================================
受理 accept             Ctrl+Enter, F9  ``cases.accept(intake, actor)``
一次性告知 notify        F10             ``cases.notify(intake, actor)``
不予受理 reject          F11             ``cases.reject(intake, actor, code, text)``
容缺受理 tolerance       F12             ``tolerance.request(…)`` (:mod:`ui.tolerance`)
=====================  ==============  =============================================

Each action calls exactly one service method, off the GUI thread through the operations runner
(:mod:`ui.ops`, on a copy of the intake): the buttons and shortcuts are disabled while it runs
(a second F9 does nothing), a busy indicator shows when it takes longer than 600 ms, and the
result dialog opens when the call returned. A refusal (a
:class:`counter.errors.CounterError`, e.g. an invalid form with its list of problems) is shown
with :func:`ui.errors.show_error` and reported through :attr:`DecisionActions.refused`, so that
the screen can mark the fields and put the focus on the first invalid one. A decision that went
through shows its result (the case number; for an acceptance the query password in groups of five,
shown only this once) in a :class:`DecisionResultDialog`; closing it means "next applicant".

Printing in one step: when the screen has document actions (:class:`ui.documents.
DocumentActions`, given by :class:`ui.intake.wiring.DeskRouter` through
:meth:`DecisionActions.set_documents`), the result dialog's default button prints the decision's
document — 受理通知书 (with the query password, on this paper only), 一次性告知书, 不予受理通知书 —
on this counter's printer: ``Enter`` prints, ``Enter`` again (or ``Esc``) finishes; 预览
(``Ctrl+Shift+P``) shows it first and 另存为 PDF (``Ctrl+Shift+S``) writes it to a file — both
without any printer (a counter's first day: :mod:`printing.preview`), password included. The decision archived the document already; a missing or
failing printer is shown in Chinese, the case stays decided, and the document can be printed
or saved as PDF later from 办件查询. Without document actions the print button is disabled and
its tooltip says so: nothing pretends to print.
"""

from __future__ import annotations

import copy
import logging
from typing import Callable, Sequence

import shiboken6

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame,
                               QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from counter.cases.model import Case
from counter.cases.password import grouped
from counter.catalog.model import Reason
from counter.errors import CounterError
from counter.identity import Actor
from counter.intake.intake import Intake
from ui import ops
from ui.errors import show_error

log = logging.getLogger(__name__)

__all__ = ["ACCEPT_KEYS", "NOTIFY_KEYS", "REJECT_KEYS", "TOLERANCE_KEYS", "DecisionBar", "DecisionActions",
           "DecisionResultDialog", "RejectDialog", "default_actor"]

#: Preview the decision's document in the result dialog (and the case view's 预览).
PREVIEW_KEY = "Ctrl+Shift+P"
#: Save it as PDF (the case view's 另存为 PDF too).
SAVE_PDF_KEY = "Ctrl+Shift+S"
#: Shortcuts of the decisions.
ACCEPT_KEYS = ("Ctrl+Return", "Ctrl+Enter", "F9")
NOTIFY_KEYS = ("F10",)
REJECT_KEYS = ("F11",)
TOLERANCE_KEYS = ("F12",)
#: The result dialog's width before the text asks for more (px), what a frame and title bar
#: take around it, and the least height of a scrolled list of lines.
RESULT_WIDTH = 560
FRAME_ALLOWANCE = 48
LISTING_MIN = 96

def default_actor(ctx) -> Actor:
    """Who acts: the logged-in user in their primary role at this counter (the login
    session of ``ctx.permissions.guard``, see :mod:`counter.auth`).

    Raises:
        CounterError: nobody is logged in (尚未登录); the screens show it like any refusal.
    """
    return ctx.permissions.guard.actor()



class DecisionBar(QWidget):
    """The decision buttons and their shortcuts.

    Args:
        shortcut_scope: the widget whose subtree the shortcuts work in (the intake screen).
        parent: the parent widget.

    Signals:
        accept_requested(): 受理 (Ctrl+Enter or F9).
        notify_requested(): 一次性告知 (F10).
        reject_requested(): 不予受理 (F11).
        tolerance_requested(): 容缺受理 (F12; handled by :mod:`ui.tolerance`, wired in
            :class:`ui.intake.wiring.DeskRouter`).
    """

    accept_requested = Signal()
    notify_requested = Signal()
    reject_requested = Signal()
    tolerance_requested = Signal()

    def __init__(self, shortcut_scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        self.reject_button = QPushButton(self.tr("不予受理 (F11)"), self)
        self.notify_button = QPushButton(self.tr("一次性告知 (F10)"), self)
        self.tolerance_button = QPushButton(self.tr("容缺受理 (F12)"), self)
        self.tolerance_button.setObjectName("toleranceButton")
        self.accept_button = QPushButton(self.tr("受理 (Ctrl+Enter / F9)"), self)
        self.accept_button.setObjectName("acceptButton")
        font = self.accept_button.font()
        font.setBold(True)
        self.accept_button.setFont(font)
        for button in (self.reject_button, self.notify_button, self.tolerance_button,
                       self.accept_button):
            button.setAutoDefault(False)
            layout.addWidget(button)
        self.tolerance_button.clicked.connect(self.tolerance_requested)
        self.accept_button.clicked.connect(self.accept_requested)
        self.notify_button.clicked.connect(self.notify_requested)
        self.reject_button.clicked.connect(self.reject_requested)
        self.accept_button.setToolTip(self.tr("材料齐全、表单无误时受理，生成办件编号和查询密码"))
        self.notify_button.setToolTip(self.tr("材料不齐：一次性告知申请人需补齐的全部材料"))
        self.reject_button.setToolTip(self.tr("不符合受理条件：选择理由并填写说明"))
        self.tolerance_button.setToolTip(self.tr(
            "次要材料暂缺：申请人签署承诺书，经值班长审批后容缺受理"))
        self.shortcuts: list[QShortcut] = []
        for keys, signal in ((ACCEPT_KEYS, self.accept_requested),
                             (NOTIFY_KEYS, self.notify_requested),
                             (REJECT_KEYS, self.reject_requested),
                             (TOLERANCE_KEYS, self.tolerance_requested)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), shortcut_scope)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(signal)
                self.shortcuts.append(shortcut)

    def focus_widgets(self) -> list[QWidget]:
        return [self.accept_button, self.tolerance_button, self.notify_button,
                self.reject_button]

    def triggers(self) -> list:
        """The buttons and shortcuts that start a decision (disabled while one runs)."""
        return [self.reject_button, self.notify_button, self.tolerance_button,
                self.accept_button, *self.shortcuts]

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable the buttons and the shortcuts (e.g. after a decision)."""
        for button in (self.reject_button, self.notify_button, self.tolerance_button,
                       self.accept_button):
            button.setEnabled(enabled)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)


def _big(label: QLabel, size: float = 1.6, mono: bool = True) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * size)
    font.setBold(True)
    if mono:
        font.setFamilies(["DejaVu Sans Mono", "Consolas", "Courier New", "monospace",
                          *label.font().families()])
        font.setStyleHint(QFont.StyleHint.Monospace)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DecisionResultDialog(QDialog):
    """The result of a decision: the case number and what the applicant must know.

    Args:
        title: the window title (受理成功 …).
        case: the case the decision created.
        rows: further ``(label, value)`` lines.
        lines: a list shown below (e.g. the missing materials).
        password: the query password (shown once, large), for an acceptance.
        print_label: text of the print button (打印受理通知书 …).
        parent: the parent widget.

    Signals:
        print_requested(str): the clerk asked to print (the case number); only when printing
            was made available with :meth:`set_print_available`.
        preview_requested(str): the clerk asked for the print preview (预览, Ctrl+Shift+P).
        save_requested(str): the clerk asked to save the document as PDF (另存为 PDF,
            Ctrl+Shift+S) — the paper of this decision, password included; no printer needed.
    """

    print_requested = Signal(str)
    preview_requested = Signal(str)
    save_requested = Signal(str)

    def __init__(self, title: str, case: Case, rows: Sequence[tuple[str, str]] = (),
                 lines: Sequence[str] = (), *, password: str | None = None,
                 print_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.case = case
        layout = QVBoxLayout(self)
        headline = QLabel(title, self)
        _big(headline, 1.3, mono=False)
        layout.addWidget(headline)
        form = QFormLayout()
        self.case_no_label = _big(QLabel(case.case_no, self))
        self.case_no_label.setObjectName("caseNo")
        form.addRow(self.tr("办件编号"), self.case_no_label)
        self.password_label: QLabel | None = None
        if password is not None:
            spaced = grouped(password)
            self.password_label = _big(QLabel(spaced, self), 2.0)
            self.password_label.setObjectName("queryPassword")
            form.addRow(self.tr("查询密码"), self.password_label)
        for label, value in rows:
            value_label = QLabel(value, self)
            value_label.setWordWrap(True)
            form.addRow(label, value_label)
        layout.addLayout(form)
        if password is not None:
            note = QLabel(self.tr("查询密码只显示这一次，系统仅保存其校验值。请告知申请人，"
                                  "并印在受理通知书上。"), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #c62828;")
            layout.addWidget(note)
        self.listing: QLabel | None = None
        self._listing_area: QScrollArea | None = None
        if lines:
            listing = QLabel("\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)))
            listing.setObjectName("resultLines")
            listing.setWordWrap(True)
            listing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            area = QScrollArea(self)  # a very long list scrolls; everything else stays in view
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(listing)
            self.listing, self._listing_area = listing, area
            layout.addWidget(area, 1)
        self.print_status = QLabel(self)
        self.print_status.setObjectName("printStatus")
        self.print_status.setWordWrap(True)
        self.print_status.hide()
        layout.addWidget(self.print_status)
        buttons = QDialogButtonBox(self)
        self._print_label = print_label or self.tr("打印")
        self.preview_button = buttons.addButton(self.tr("预览 (Ctrl+Shift+P)"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(case.case_no))
        self.save_button = buttons.addButton(self.tr("另存为 PDF (Ctrl+Shift+S)"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("savePdfButton")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(case.case_no))
        self.print_button = buttons.addButton(self._print_label,
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(case.case_no))
        self.done_button = buttons.addButton(self.tr("完成，接待下一位 (Enter)"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.preview_shortcut = QShortcut(QKeySequence(PREVIEW_KEY), self)
        self.preview_shortcut.activated.connect(self.preview_button.click)
        self.save_shortcut = QShortcut(QKeySequence(SAVE_PDF_KEY), self)
        self.save_shortcut.activated.connect(self.save_button.click)
        self.set_print_available(False)
        for label in self.findChildren(QLabel):  # a label never squeezes below its text
            label.setMinimumHeight(label.sizeHint().height() if not label.wordWrap() else 0)
        self._fit()

    # -- size: the text decides, the screen limits ------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        """Size the dialog to its text: at least :data:`RESULT_WIDTH` wide (wider when the
        buttons need it), as tall as the wrapped lines need at that width, within the screen's
        available geometry. When even that is too little, only the list of lines (e.g. the
        missing materials) scrolls: the case number, the password and the status lines stay
        whole and in view."""
        layout = self.layout()
        layout.activate()
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        width = max(RESULT_WIDTH, layout.totalMinimumSize().width(), self.width()
                    if self.isVisible() else 0)
        max_height = None
        if avail is not None:
            width = min(width, avail.width() - FRAME_ALLOWANCE)
            max_height = avail.height() - FRAME_ALLOWANCE
        if self._listing_area is not None:
            inner = width - layout.contentsMargins().left() - layout.contentsMargins().right()
            bar = self._listing_area.verticalScrollBar().sizeHint().width()
            need = self.listing.heightForWidth(max(50, inner - bar))
            self._listing_area.setMinimumHeight(need)
            layout.activate()
            total = layout.totalHeightForWidth(width)
            if max_height is not None and total > max_height:
                self._listing_area.setMinimumHeight(max(LISTING_MIN, need - (total - max_height)))
        layout.activate()
        height = layout.totalHeightForWidth(width)
        if max_height is not None:
            height = min(height, max_height)
        self.setMinimumSize(min(width, layout.totalMinimumSize().width()), height)
        self.resize(width, height)

    def set_print_available(self, available: bool) -> None:
        """Offer printing: 打印 becomes the default button (``Enter``) and has the focus,
        预览 and 另存为 PDF are enabled (they need no printer); :attr:`print_requested`,
        :attr:`preview_requested` and :attr:`save_requested` are then connected by the caller.
        Unavailable: all three disabled, 完成 is the default."""
        for button, shortcut in ((self.print_button, None),
                                 (self.preview_button, self.preview_shortcut),
                                 (self.save_button, self.save_shortcut)):
            button.setEnabled(available)
            if shortcut is not None:
                shortcut.setEnabled(available)
        self.print_button.setToolTip(self.tr("打印到本窗口的打印机（打印机设置见“文件”菜单）")
                                     if available else self.tr(
            "打印功能尚未接入：受理通知书等文书的打印由打印模块提供。"))
        self._make_default(self.print_button if available else self.done_button)

    def show_printed(self, text: str) -> None:
        """Printing went through: say so; ``Enter`` now finishes (next applicant)."""
        self.print_status.setText(text)
        self.print_status.setStyleSheet("color: #2e7d32;")
        self.print_status.show()
        self._fit()
        self._make_default(self.done_button)

    def show_print_failed(self, text: str) -> None:
        """Printing failed (the error was shown): say what to do; ``Enter`` tries again."""
        self.print_status.setText(text)
        self.print_status.setStyleSheet("color: #c62828;")
        self.print_status.show()
        self._fit()
        self._make_default(self.print_button)

    def _make_default(self, button: QPushButton) -> None:
        for b in (self.preview_button, self.save_button, self.print_button, self.done_button):
            b.setDefault(b is button)
        self.print_button.setText(self._print_label + (" (Enter)" if button is self.print_button
                                                       else ""))
        self.done_button.setText(self.tr("完成，接待下一位 (Enter)") if button is self.done_button
                                 else self.tr("完成，接待下一位 (Esc)"))
        button.setFocus()


class RejectDialog(QDialog):
    """Choose the reason for 不予受理 from the catalog's list and explain it (both required).

    Args:
        reasons: the catalog's reasons of kind ``reject`` that apply to the item types
            (:meth:`counter.catalog.model.Catalog.reasons_for`).
        parent: the parent widget.
    """

    def __init__(self, reasons: Sequence[Reason], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reasons = {r.code: r for r in reasons}
        self.setWindowTitle(self.tr("不予受理"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.addItem(self.tr("请选择理由"), "")
        for r in reasons:
            self.reason.addItem(f"{r.code}  {r.text}", r.code)
            self.reason.setItemData(self.reason.count() - 1, r.text, Qt.ItemDataRole.ToolTipRole)
        self.reason.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reason.setMinimumContentsLength(30)
        form.addRow(self.tr("理由"), self.reason)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("具体说明（必填，将印在不予受理通知书上）"))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("说明"), self.text)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("不予受理"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def reason_code(self) -> str:
        return self.reason.currentData() or ""

    def reason_text(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        reason = self._reasons.get(self.reason_code())
        if reason is not None and reason.names_authority:  # 不属于本机关职权范围: say where
            self.text.setPlaceholderText(self.tr("写明应向哪个行政机关申请（必填，将印在不予受理"
                                                 "通知书上），如：运城市市场监督管理局"))
        else:
            self.text.setPlaceholderText(self.tr("具体说明（必填，将印在不予受理通知书上）"))
        self.ok_button.setEnabled(bool(self.reason_code()) and bool(self.reason_text()))


class DecisionActions(QObject):
    """Runs the decisions on an intake, one service call each.

    Args:
        cases: the case service (``ctx.cases``).
        actor: returns the acting clerk.
        parent: the widget dialogs and messages belong to (the intake screen).

    Attributes:
        dialog: the dialog shown last (a result or the reject dialog), for tests.

    Signals:
        decided(str, str): a decision went through (``accept``/``notify``/``reject``, case
            number); the intake is now closed.
        done(str): the clerk closed the result dialog (case number): next applicant.
        refused(object): the service said no (the :class:`CounterError`); it has been shown.
    """

    decided = Signal(str, str)
    done = Signal(str)
    refused = Signal(object)

    def __init__(self, cases, actor: Callable[[], Actor], parent: QWidget) -> None:
        super().__init__(parent)
        self._cases = cases
        self._actor = actor
        self._parent = parent
        self._documents = None
        self.dialog: QDialog | None = None
        self.triggers: list = []

    def set_documents(self, documents) -> None:
        """Print from the result dialogs with these :class:`ui.documents.DocumentActions`
        (one per window; None: no printing)."""
        self._documents = documents

    def busy(self) -> bool:
        """Whether a decision is being made (its service call runs on the runner)."""
        return ops.default_runner().running(self._parent, "decide")

    def accept(self, intake: Intake) -> bool:
        """受理: ``cases.accept``; the result dialog shows the case number and password.

        The call runs off the GUI thread (:mod:`ui.ops`) on a copy of ``intake``; the result
        dialog opens when it returns. Returns whether the decision started (not while another
        one runs)."""
        def accepted(result) -> None:
            case = result.case
            rows = []
            if case.promised_at is not None:
                promised = f"{case.promised_at:%Y-%m-%d %H:%M}"
                if case.promised_provisional:
                    promised += self.tr("（预计，以节假日安排公布后为准）")
                rows.append((self.tr("承诺办结时间"), promised))
            rows.append((self.tr("办理事项"), case.name))
            dialog = DecisionResultDialog(self.tr("受理成功"), case, rows,
                                          password=result.query_password,
                                          print_label=self.tr("打印受理通知书"),
                                          parent=self._parent)
            self._finish("accept", case, dialog, password=result.query_password)

        return self._call(lambda snapshot, actor: self._cases.accept(snapshot, actor), intake,
                          accepted, self.tr("正在受理并生成受理通知书…"))

    def notify(self, intake: Intake) -> bool:
        """一次性告知: ``cases.notify``; the result lists every missing material."""
        def notified(case) -> None:
            missing = set(case.missing)
            lines = [m.name for m in case.materials if m.material in missing]
            dialog = DecisionResultDialog(self.tr("已一次性告知"), case,
                                          [(self.tr("办理事项"), case.name)], lines,
                                          print_label=self.tr("打印一次性告知书"),
                                          parent=self._parent)
            self._finish("notify", case, dialog)

        return self._call(lambda snapshot, actor: self._cases.notify(snapshot, actor), intake,
                          notified, self.tr("正在生成一次性告知书…"))

    def reject(self, intake: Intake, reasons: Sequence[Reason]) -> None:
        """不予受理: ask for the reason and the explanation, then ``cases.reject``."""
        if self.busy():
            return
        dialog = RejectDialog(reasons, self._parent)
        self.dialog = dialog

        def chosen() -> None:
            code, text = dialog.reason_code(), dialog.reason_text()

            def rejected(case) -> None:
                reason = next((r.text for r in reasons if r.code == code), code)
                result = DecisionResultDialog(self.tr("不予受理"), case,
                                              [(self.tr("办理事项"), case.name),
                                               (self.tr("理由"), reason),
                                               (self.tr("说明"), case.reason_text or text)],
                                              print_label=self.tr("打印不予受理通知书"),
                                              parent=self._parent)
                self._finish("reject", case, result)

            self._call(lambda snapshot, actor: self._cases.reject(snapshot, actor, code, text),
                       intake, rejected, self.tr("正在生成不予受理通知书…"))

        dialog.accepted.connect(chosen)
        dialog.open()

    # -- internals -------------------------------------------------------------------------

    def _call(self, call, intake: Intake, done: Callable, label: str) -> bool:
        """Run ``call(copy of intake, actor)`` through the runner; ``done(result)`` on the GUI
        thread, or the refusal shown (and :attr:`refused` emitted). The intake is copied: the
        clerk may go on typing while the service reads it."""
        if self.busy():
            return False
        try:
            actor = self._actor()
        except Exception as exc:  # noqa: BLE001 - not logged in: shown like any refusal
            self._failed(exc)
            return False
        snapshot = copy.deepcopy(intake)
        return ops.run(self._parent, lambda: call(snapshot, actor), success=done,
                       failure=self._failed, key="decide", triggers=self.triggers, label=label)

    def _failed(self, exc: BaseException) -> None:
        show_error(self._parent, exc)  # CounterError as it is, else with an incident id
        if isinstance(exc, CounterError):
            self.refused.emit(exc)

    def _finish(self, action: str, case: Case, dialog: DecisionResultDialog, *,
                password: str | None = None) -> None:
        self.dialog = dialog
        if self._documents is not None:
            dialog.set_print_available(True)
            dialog.print_requested.connect(
                lambda _no: self._print(dialog, action, case, password, preview=False))
            dialog.preview_requested.connect(
                lambda _no: self._print(dialog, action, case, password, preview=True))
            dialog.save_requested.connect(
                lambda _no: self._save(dialog, action, case, password))
        self.decided.emit(action, case.case_no)
        dialog.finished.connect(lambda _result, no=case.case_no: self.done.emit(no))
        dialog.open()

    def _save(self, dialog: DecisionResultDialog, action: str, case: Case,
              password: str | None) -> None:
        """另存为 PDF: the decision's paper (with the query password, as printed now) in a file
        the clerk chooses — no printer needed; the dialog says where it went. The document is
        made off the GUI thread; the file chooser opens when it is ready."""
        def saved(path) -> None:
            if path is not None and shiboken6.isValid(dialog):
                dialog.show_printed(self.tr("已另存为 PDF：{path}。可在有打印机的电脑打印后交给申请人。"
                                            "按 Enter 接待下一位。").format(path=path))

        self._documents.save_decision(dialog, case, action, password=password, then=saved)

    def _print(self, dialog: DecisionResultDialog, action: str, case: Case,
               password: str | None, *, preview: bool) -> None:
        """The decision's document to this counter's printer (errors shown by the
        document actions); the dialog says what happened. Rendering and printing run off
        the GUI thread; a preview opens when its pages are ready."""
        def printed(outcome) -> None:
            if not shiboken6.isValid(dialog):
                return
            if outcome is None:
                dialog.show_print_failed(self.tr(
                    "未打印。办件已按决定保存，文书已存档：排除故障后可再按“打印”，"
                    "或稍后在“办件查询”中打印或另存为 PDF。"))
            elif outcome.printed:
                dialog.show_printed(self.tr("已打印（打印机：{name}，{pages} 页）。按 Enter 接待下一位。")
                                    .format(name=outcome.printer_name or self.tr("默认"),
                                            pages=outcome.pages or "—"))

        self._documents.print_decision(dialog, case, action, password=password,
                                       preview=preview, then=printed)
