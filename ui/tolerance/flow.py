"""容缺受理 (F12) from the intake screen, start to finish.

1. :meth:`ToleranceFlow.start` opens the :class:`ui.tolerance.request.RequestDialog` with the
   materials that may be tolerated now (refused at once, with the reason, when the item takes no
   tolerance or nothing may be tolerated). The dialog lists at once what in the draft would
   refuse the request (``ToleranceService.draft_problems``). Cancelled, the flow keeps the
   reason, the ticks and the captured signed page for that draft only: the next F12 on the
   same draft shows them again (until the request is submitted).
2. 打印承诺书 prints the 容缺受理告知承诺书 for signature; the signed page is captured in the
   dialog.
3. 提交 calls ``tolerance.request`` on a background thread (the credit lookup may take a few
   seconds); a refusal is shown in the dialog, which stays open.
4. Approval, either
   * here: the supervisor enters their 工号 and 密码 (:class:`SupervisorConfirmDialog`), reads
     the request and approves or refuses (:class:`ApprovalDialog`); or
   * from the queue (:mod:`ui.tolerance.queue`) on any counter of the store: this counter shows
     a waiting dialog that follows the request (:data:`POLL_MS`) and still offers 值班长当面审批
     and 撤回.
5. Approved here: the case is accepted; the 容缺受理通知书 is archived and printed (with the
   query password); the result dialog shows the case number, the password and the deadline.
   Approved in the queue: the supervisor's counter prints the notice (the password exists only
   there); this counter shows the case number. Refused: the reason is shown; the intake stays
   open (一次性告知 is the usual next step).

The flow reports to the intake screen through :attr:`ToleranceFlow.decided` and
:attr:`ToleranceFlow.done`, the same signals a decision emits (the wiring forwards them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout,
                               QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.intake.intake import Intake
from counter.intake.merge import IntakeSpec
from counter.permissions import PermissionDenied
from counter.tolerance import RequestStatus
from ui import ops
from ui.errors import show_error
from ui.intake.decisions import DecisionResultDialog
from ui.login import error_text
from ui.tolerance.approval import ApprovalDialog, SupervisorConfirmDialog
from ui.tolerance.documents import print_later
from ui.tolerance.request import HERE, RequestDialog

log = logging.getLogger(__name__)

__all__ = ["ToleranceFlow", "WaitingDialog", "POLL_MS", "report_printed"]

#: How often the waiting dialog looks at the request (milliseconds).
POLL_MS = 3000


@dataclass(frozen=True)
class KeptRequest:
    """What a cancelled request dialog held (kept per draft for the next try)."""

    reason: str
    pages: tuple[str, ...]
    chosen: tuple[str, ...]


def report_printed(dialog: DecisionResultDialog, printed: bool) -> None:
    """Say on the result dialog whether the notice went to the printer (when it can)."""
    if printed:
        show = getattr(dialog, "show_printed", None)
        if show is not None:
            show(dialog.tr("容缺受理通知书已打印（查询密码仅印在这一份上）。"))
    else:
        show = getattr(dialog, "show_print_failed", None)
        if show is not None:
            show(dialog.tr("容缺受理通知书未打印：请检查打印机后按“再次打印”，或稍后在办件查询中打印。"))


class WaitingDialog(QDialog):
    """The request is in the approval queue (等待审批): follow it, or approve here after all.

    Signals:
        approve_here(): 值班长当面审批.
        withdraw(): 撤回申请.
    """

    approve_here = Signal()
    withdraw = Signal()

    def __init__(self, request, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("等待审批"))
        self.request = request
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("已提交容缺受理申请，等待首席代表或值班长在审批队列中审批。"
                                     "\n申请人请稍候；审批通过后由审批窗口打印容缺受理通知书。"), self)
        self.status.setObjectName("waitingStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.here_button = buttons.addButton(self.tr("值班长当面审批"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.withdraw_button = buttons.addButton(self.tr("撤回申请"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("稍后查看"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.here_button.clicked.connect(self.approve_here)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)


class ToleranceFlow(QObject):
    """Runs 容缺受理 for the intake on screen.

    Args:
        ctx: the application context (``tolerance``, ``users``,
            the capture service if wired).
        actor: returns the acting clerk.
        parent: the widget the dialogs belong to (the intake screen).
        printer: the tolerance documents (default ``ctx.devices.printers.tolerance_printer()``).
        hub: the window's case hub (:class:`ui.hub.CaseHub`): the waiting dialog looks at its
            request as soon as it is decided in this process (else at the next poll).

    Attributes:
        dialog: the dialog shown last (for tests).
        request: the request submitted last.
        kept: per draft id, what a cancelled request dialog held (:class:`KeptRequest`).

    Signals:
        requested(object): the request was stored (pending).
        decided(str, str): ``accept_tolerance`` and the case number: the intake is decided.
        done(str): the clerk closed the result (the case number): next applicant.
        refused(object): the request was refused by the supervisor (the request) or a rule
            said no (the ``CounterError``); it has been shown.
        message(str): a line for the status bar.
    """

    requested = Signal(object)
    decided = Signal(str, str)
    done = Signal(str)
    refused = Signal(object)
    message = Signal(str)

    def __init__(self, ctx, actor: Callable[[], Actor], parent: QWidget, *,
                 printer=None, hub=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._actor = actor
        self._parent = parent
        self._printer = printer
        self.dialog: QDialog | None = None
        self.request = None
        self._intake: Intake | None = None
        self._spec: IntakeSpec | None = None
        self.kept: dict[str, KeptRequest] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_request)
        if hub is not None:
            hub.changed.connect(self._case_changed)

    # -- services ------------------------------------------------------------------------------

    @property
    def service(self):
        return self._ctx.tolerance

    @property
    def printer(self):
        if self._printer is None:
            self._printer = self._ctx.devices.printers.tolerance_printer()
        return self._printer

    def _capture(self):
        return self._ctx.capture

    def _users(self):
        return self._ctx.users

    # -- 1. the request dialog -----------------------------------------------------------------

    def start(self, intake: Intake, spec: IntakeSpec) -> RequestDialog | None:
        """Open the request dialog for ``intake`` (F12)."""
        if isinstance(self.dialog, (RequestDialog, WaitingDialog)) and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog if isinstance(self.dialog, RequestDialog) else None
        try:
            if not spec.tolerance_allowed:
                raise CounterError(f"“{spec.name}”不接受容缺受理。")
            pending = self.service.of_draft(intake.id, self._actor())
            if pending is not None:
                self._intake, self._spec, self.request = intake, spec, pending
                self._wait(pending)
                return None
            tolerable = self.service.tolerable(intake)
            if not tolerable:
                raise CounterError("当前情形下没有可以容缺的材料：容缺受理只适用于目录中标为"
                                   "“容缺后补”且尚未收取的材料。")
            choices = self.service.preview(intake, [m.material for m in tolerable])
        except CounterError as exc:
            show_error(self._parent, exc)
            self.refused.emit(exc)
            return None
        self._intake, self._spec = intake, spec
        kept = self.kept.get(intake.id)
        service = self.service
        dialog = RequestDialog(spec.name, choices, self._capture(), self._ctx.clock.now(),
                               self._parent,
                               check=lambda ids: service.draft_problems(intake, ids),
                               reason=kept.reason if kept else "",
                               pages=kept.pages if kept else (),
                               chosen=kept.chosen if kept else None,
                               devices=self._ctx.devices)
        self.dialog = dialog
        dialog.rejected.connect(lambda: self._keep(intake.id, dialog))
        dialog.print_requested.connect(self.print_commitment)
        dialog.preview_requested.connect(self.preview_commitment)
        dialog.save_requested.connect(self.save_commitment)
        dialog.submitted.connect(self.submit)
        dialog.open()
        return dialog

    def _keep(self, draft_id: str, dialog: RequestDialog) -> None:
        """Cancelled: keep what was entered for the next try on this draft."""
        kept = KeptRequest(dialog.reason.toPlainText(), tuple(dialog.signed_pages()),
                           tuple(dialog.chosen()))
        if kept.reason.strip() or kept.pages:
            self.kept[draft_id] = kept
        else:
            self.kept.pop(draft_id, None)

    def print_commitment(self) -> None:
        """打印承诺书: the commitment for the ticked materials."""
        if self._commitment("print"):
            self.message.emit(self.tr("已打印容缺受理告知承诺书，请申请人签字后采集签字页。"))

    def preview_commitment(self) -> None:
        """预览 (Ctrl+Shift+P): the commitment on screen — with no printer too."""
        self._commitment("preview")

    def save_commitment(self) -> None:
        """另存为 PDF (Ctrl+Shift+S): the commitment in a file, to print elsewhere."""
        path = self._commitment("save")
        if path:
            self.message.emit(self.tr("容缺受理告知承诺书已另存为 {path}，打印后请申请人签字并采集签字页。")
                              .format(path=path))

    def _commitment(self, how: str):
        """Render the commitment for the ticked materials (no case yet, not archived) and
        print, preview or save it; what that returned, or None after a refusal was shown."""
        dialog = self.dialog
        if not isinstance(dialog, RequestDialog):
            return None
        materials = dialog.chosen_materials()
        if not materials:
            dialog.show_error(self.tr("请勾选要容缺的材料。"))
            return None
        try:
            materials = self.service.preview(self._intake, [m.material for m in materials])
            pdf = self.printer.commitment_pdf(self._intake, self._spec, materials,
                                              self._actor())
            if how == "save":
                from printing import printer

                return printer.save_pdf(dialog, pdf, "容缺受理告知承诺书.pdf")
            return self.printer.print_pdf(dialog, pdf, "容缺受理告知承诺书",
                                          preview=how == "preview")
        except Exception as exc:  # noqa: BLE001 - CounterError as it is, else with an incident id
            show_error(dialog, exc)
            return None

    # -- 2. submitting ---------------------------------------------------------------------------

    def submit(self, mode: str) -> None:
        """提交: ``tolerance.request`` off the GUI thread, then approval ``here`` or queue."""
        dialog = self.dialog
        if not isinstance(dialog, RequestDialog):
            return
        intake, actor = self._intake, self._actor()
        materials, reason, pages = dialog.chosen(), dialog.reason_text(), dialog.signed_pages()
        service = self.service
        if ops.default_runner().running(dialog, "request"):
            return
        dialog.set_busy(True)

        def job():
            return service.request(intake, actor, materials, reason, commitment_pages=pages)

        def done(request) -> None:
            dialog.set_busy(False)
            self.kept.pop(intake.id, None)  # the request holds them now
            self.request = request
            self.requested.emit(request)
            dialog.accept()
            if mode == HERE:
                self.approve_here()
            else:
                self._wait(request)

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            if isinstance(exc, CounterError):
                dialog.show_error(error_text(exc))
                self.refused.emit(exc)
            else:
                dialog.show_error("")
                show_error(dialog, exc)

        if not ops.run(dialog, job, success=done, failure=failed, key="request",
                       progress=False):  # (the dialog says 正在提交并核查申请人信用… itself)
            return

    # -- 3. approval at this counter ---------------------------------------------------------------

    def approve_here(self) -> None:
        """The supervisor confirms here, then approves or refuses the pending request."""
        if self.request is None:
            return
        self._poll.stop()
        confirm = SupervisorConfirmDialog(self._users(), self._parent)
        self.dialog = confirm

        def confirmed() -> None:
            self.review(confirm.actor)

        confirm.accepted.connect(confirmed)
        confirm.rejected.connect(lambda: self._wait(self.request))
        confirm.open()

    def review(self, supervisor: Actor) -> ApprovalDialog | None:
        """Show the request to ``supervisor`` (confirmed at this counter) for the decision."""
        try:
            request = self.service.get(self.request.id, supervisor)
            if not request.is_pending:
                self._settled(request)
                return None
            reasons = self._ctx.catalog.version(request.catalog_version).reasons_of(
                "tolerance_refuse")
        except CounterError as exc:
            show_error(self._parent, exc)
            return None
        dialog = ApprovalDialog(request, reasons, self._capture(), self._parent)
        self.dialog = dialog
        dialog.approve_requested.connect(lambda: self._approve(dialog, supervisor))
        dialog.refuse_requested.connect(
            lambda code, words: self._refuse(dialog, supervisor, code, words))
        dialog.rejected.connect(lambda: self._wait(self.request))
        dialog.open()
        return dialog

    def _approve(self, dialog: ApprovalDialog, supervisor: Actor) -> None:
        """同意: ``tolerance.approve`` off the GUI thread (:mod:`ui.ops`; a request made
        offline has its credit looked up again, up to two network calls of up to 5 s each):
        the dialog stays responsive meanwhile and a second 同意 does nothing."""
        request_id = dialog.request.id

        def approved(result) -> None:
            dialog.accept()
            self.request = result.request
            self._approved(result, supervisor)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CounterError):
                dialog.show_error(error_text(exc))
                self.refused.emit(exc)
            else:
                show_error(dialog, exc)

        ops.run(dialog, lambda: self.service.approve(request_id, supervisor), success=approved,
                failure=failed, key="approve",
                triggers=(dialog.approve_button, dialog.refuse_button),
                label=self.tr("正在审批并核查申请人信用…"))

    def _refuse(self, dialog: ApprovalDialog, supervisor: Actor, code: str, words: str) -> None:
        request_id = dialog.request.id

        def refused(request) -> None:
            dialog.accept()
            self._settled(request)

        ops.run(dialog, lambda: self.service.refuse(request_id, supervisor, code, words),
                success=refused, failure=ops.on_error_line(dialog), key="refuse",
                triggers=(dialog.approve_button, dialog.refuse_button))

    def _approved(self, result, supervisor: Actor) -> None:
        """The case exists: print the 容缺受理通知书 and show the result."""
        case = result.case
        self.decided.emit("accept_tolerance", case.case_no)
        request = result.request
        rows = [(self.tr("办理事项"), case.name),
                (self.tr("容缺材料"), "、".join(m.name for m in request.materials)),
                (self.tr("补正期限"), f"{request.deadline:%Y-%m-%d %H:%M}"
                 + (self.tr("（预计）") if self._ctx.calendar.is_provisional(
                     case.accepted_at, request.deadline) else "")),
                (self.tr("审批人"), supervisor.user_id)]
        if case.promised_at is not None:
            promised = f"{case.promised_at:%Y-%m-%d %H:%M}"
            if case.promised_provisional:
                promised += self.tr("（预计，以节假日安排公布后为准）")
            rows.insert(0, (self.tr("承诺办结时间"), promised))
        done = DecisionResultDialog(self.tr("容缺受理成功"), case, rows,
                                    password=result.query_password,
                                    print_label=self.tr("再次打印容缺受理通知书"),
                                    parent=self._parent)
        done.set_print_available(True)
        done.print_requested.connect(lambda _no: self._print_notice(done, result, supervisor))
        done.preview_requested.connect(
            lambda _no: self._notice_copy(done, result, supervisor, save=False))
        done.save_requested.connect(
            lambda _no: self._notice_copy(done, result, supervisor, save=True))
        self.dialog = done
        done.finished.connect(lambda _r, no=case.case_no: self.done.emit(no))
        done.open()
        self._print_notice(done, result, supervisor)

    def _notice_copy(self, dialog: DecisionResultDialog, result, supervisor: Actor, *,
                     save: bool) -> None:
        """预览 / 另存为 PDF of the 容缺受理通知书 with its query password (the archived
        original, the password put back in memory) — no printer needed. The notice is read on
        the runner's worker (keys ``notice.preview`` / ``notice.save``: a second press while it
        runs does nothing); the preview or the file chooser opens on the GUI thread."""
        def show(issued) -> None:
            from printing import printer

            try:
                if not save:
                    self.printer.desk.print_pdf(dialog, issued, preview=True)
                    return
                path = printer.save_pdf(dialog, issued.pdf,
                                        f"容缺受理通知书-{result.case.case_no}.pdf")
            except Exception as exc:  # noqa: BLE001 - CounterError as it is, else an incident
                show_error(dialog, exc)
                return
            if path is not None:
                dialog.show_printed(self.tr("容缺受理通知书已另存为 PDF：{path}（含查询密码）。")
                                    .format(path=path))

        ops.run(dialog, lambda: self.printer.tolerance_notice(result, supervisor),
                success=show, key="notice.save" if save else "notice.preview",
                label=self.tr("正在生成 PDF…") if save else self.tr("正在准备预览…"))

    def _print_notice(self, done: DecisionResultDialog, result, supervisor: Actor) -> None:
        """Print the 容缺受理通知书 (archived first) off the GUI thread; the result dialog
        says how it went (a failure is shown over it)."""
        print_later(done, lambda: self.printer.print_tolerance_notice(None, result, supervisor),
                    lambda printed: report_printed(done, printed)
                    if shiboken6.isValid(done) else None)

    # -- 4. waiting for the queue ------------------------------------------------------------------

    def _wait(self, request) -> None:
        if request is None or not request.is_pending:
            return
        dialog = WaitingDialog(request, self._parent)
        self.dialog = dialog
        dialog.approve_here.connect(lambda: (dialog.accept(), self.approve_here()))
        dialog.withdraw.connect(lambda: self._withdraw(dialog))
        dialog.rejected.connect(self._poll.stop)
        self._poll.start()
        dialog.open()

    def check_request(self) -> None:
        """Look at the request once (the waiting dialog's timer; also callable by tests)."""
        if self.request is None:
            self._poll.stop()
            return
        actor = self._actor()
        permissions = self._ctx.permissions
        if permissions is not None and not permissions.allows(actor, "tolerance.view"):
            return  # locked, or another user: look again later; no refusal per poll
        try:
            request = self.service.get(self.request.id, actor)
        except PermissionDenied as exc:  # e.g. the account was disabled: stop asking (and
            self._poll.stop()             # recording a refusal every few seconds)
            log.info("tolerance request not readable: %s", exc.message)
            return
        except CounterError as exc:
            log.info("tolerance request not readable: %s", exc.message)
            return
        if not request.is_pending:
            self._settled(request)

    def _case_changed(self, change) -> None:
        """The hub: the request waited for was decided in this process (the queue screen of
        this counter): look at once instead of at the next poll."""
        if (self._poll.isActive() and self.request is not None
                and change.number == self.request.id):
            self.check_request()

    def _withdraw(self, dialog: WaitingDialog) -> None:
        try:
            request = self.service.withdraw(self.request.id, self._actor())
        except CounterError as exc:
            show_error(dialog, exc)
            return
        self._poll.stop()
        dialog.accept()
        self.request = request
        self.message.emit(self.tr("已撤回容缺受理申请。"))

    def _settled(self, request) -> None:
        """The request was decided elsewhere (queue) or just refused here."""
        self._poll.stop()
        self.request = request
        if isinstance(self.dialog, WaitingDialog):
            self.dialog.accept()
        if request.status is RequestStatus.REFUSED:
            reason = request.refuse_code or ""
            try:
                reasons = self._ctx.catalog.version(request.catalog_version).reasons_of(
                    "tolerance_refuse")
                reason = next((f"{r.code} {r.text}" for r in reasons
                               if r.code == request.refuse_code), reason)
            except CounterError:
                pass
            text = self.tr("值班长不同意容缺受理：{reason}").format(reason=reason)
            if request.refuse_text:
                text += "\n" + request.refuse_text
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("容缺受理"),
                              text + "\n" + self.tr("可一次性告知申请人所缺材料。"),
                              QMessageBox.StandardButton.Ok, self._parent)
            self.dialog = box
            box.open()
            self.refused.emit(request)
        elif request.status in (RequestStatus.APPROVED, RequestStatus.FULFILLED,
                                RequestStatus.TERMINATED):
            self.decided.emit("accept_tolerance", request.case_no)
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("容缺受理"),
                              self.tr("值班长已同意容缺受理，办件编号 {no}。容缺受理通知书已在"
                                      "审批窗口打印。").format(no=request.case_no),
                              QMessageBox.StandardButton.Ok, self._parent)
            self.dialog = box
            box.finished.connect(lambda _r, no=request.case_no: self.done.emit(no))
            box.open()
        elif request.status is RequestStatus.WITHDRAWN:
            self.message.emit(self.tr("容缺受理申请已撤回。"))
