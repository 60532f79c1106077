"""Printing for the screens (打印文书): what the decision dialog and the case view call.

One :class:`DocumentActions` per main window holds the one
:class:`printing.desk.DocumentDesk` (made on first use: ``printing`` imports reportlab, which
start-up does not need; :meth:`DocumentActions.warm_up` loads it in the background once the
window is shown). Each method is one clerk action: it calls the desk, shows a refusal or a
printer failure with :func:`ui.errors.show_error` (a :class:`printing.printer.PrintFailed` says
in Chinese that the case is saved as decided and the document can be printed or saved as PDF
later from 办件查询), and returns what happened, or None when it did not happen.

Given ``then=`` (a callback), an action runs through the operations runner (:mod:`ui.ops`):
rendering, archiving and painting the pages on the printer happen on the runner's worker
thread (a ``QPrinter`` and its ``QPainter`` may be used there); only the dialogs (the print
preview, the file chooser) open on the GUI thread, once the document is ready. ``then`` gets
what the action returns without it (the outcome, or None after an error was shown). The case
view's actions (:meth:`~DocumentActions.issue`, :meth:`~DocumentActions.print_document`,
:meth:`~DocumentActions.reprint`, :meth:`~DocumentActions.save`,
:meth:`~DocumentActions.reissue_receipt`) always run through the runner, keyed per action (``document.print``,
``document.reprint``, …): a second press of the same action while it runs does nothing. Only :meth:`~DocumentActions.
print_decision` and :meth:`~DocumentActions.save_decision` without ``then`` still run at once
on the calling thread, with a wait cursor.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QWidget

from counter.cases.model import Case
from counter.documents import IssuedDocument
from counter.errors import CounterError
from counter.identity import Actor
from ui import ops
from ui.errors import show_error

log = logging.getLogger(__name__)

__all__ = ["DocumentActions"]


def _key(action: str) -> str:
    """The runner's key of a case-view document action (one per action and widget: a second
    打印 while one prints does nothing, a 另存为 PDF meanwhile still opens its chooser)."""
    return f"document.{action}"


def _ignore(_outcome) -> None:
    """The default ``then``: nothing more to do."""


@dataclass
class _Reprinted:
    """What a 补打 on the worker gives the GUI thread: the outcome (or the document to
    preview), the error, and whether the archive grew."""

    result: object
    error: BaseException | None
    changed: bool


def _load_printing() -> None:
    """Import the rendering and printing modules and register the PDF font."""
    from printing import desk, fonts, printer  # noqa: F401 - imported for their side effect

    fonts.register()


class DocumentActions(QObject):
    """Issue, print, preview, reprint and save documents, errors shown the one way.

    Args:
        ctx: the application context.
        actor: returns the acting clerk.
        parent: the owner (the main window's router, or a screen).

    Signals:
        archive_changed(str): a document of the case (its number) was archived (first issue
            or 补打): lists of its documents should refresh.
        failed(str): an action failed and its error was shown (the case number).
    """

    archive_changed = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx, actor: Callable[[], Actor], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._actor = actor
        self._desk = None
        self._warm: threading.Thread | None = None

    # -- the desk ------------------------------------------------------------------------------

    def desk(self):
        """The :class:`printing.desk.DocumentDesk` of this context (one per window)."""
        if self._desk is None:
            from printing.desk import DocumentDesk

            self._desk = DocumentDesk.from_context(self._ctx)
        return self._desk

    def warm_up(self) -> None:
        """Load the printing modules and the PDF font on a background thread, so that the
        first decision or print does not wait for them (called once the window is shown)."""
        if self._warm is None:
            self._warm = threading.Thread(target=_load_printing, name="printing-warm-up",
                                          daemon=True)
            self._warm.start()

    # -- reading -------------------------------------------------------------------------------

    def documents(self, case_no: str) -> list[IssuedDocument]:
        """The archived documents of a case, oldest first."""
        return self._ctx.documents.of_case(case_no, self._actor())

    def missing_kinds(self, case: Case) -> list[str]:
        """Documents the case has but that were never archived (offered to be issued)."""
        return self.desk().missing_kinds(case, self._actor())

    # -- actions -------------------------------------------------------------------------------

    def print_decision(self, parent: QWidget, case: Case, action: str, *,
                       password: str | None = None, preview: bool = False,
                       then: Callable | None = None):
        """The decision dialog's 打印 / 预览: the decision's document (archived by the
        decision, or now) printed on this counter's printer; the query password, if any, is
        printed on this paper only.

        Returns:
            The :class:`printing.printer.PrintOutcome`, or None after an error was shown
            (with ``then``: whether the operation started; ``then`` gets the outcome).
        """
        def issued(actor):
            from printing.desk import DECISION_KINDS

            desk = self.desk()
            return desk.with_password(desk.issue(case, DECISION_KINDS[action], actor),
                                      password, actor)

        if then is None:
            def call():
                return self.desk().print_pdf(parent, issued(self._actor()), preview=preview)

            return self._run(parent, case.case_no, call, busy=not preview)
        if preview:  # render on the worker, the preview dialog on the GUI thread
            return self._start(parent, case.case_no, issued,
                               lambda doc: self.desk().print_pdf(parent, doc, preview=True),
                               then, key="document", label=self.tr("正在准备预览…"))
        # render, archive and paint the pages on the printer, all on the worker
        return self._start(parent, case.case_no,
                           lambda actor: self.desk().print_pdf(None, issued(actor)),
                           None, then, key="document", label=self.tr("正在打印…"))

    def save_decision(self, parent: QWidget, case: Case, action: str, *,
                      password: str | None = None, then: Callable | None = None):
        """The decision dialog's 另存为 PDF: the decision's document (archived by the
        decision, or now) with the query password, if any, as the first paper has it — in a
        file the clerk chooses; no printer involved. The path, or None (cancelled, or an
        error was shown); with ``then``, ``then`` gets it."""
        def issued(actor):
            from printing.desk import DECISION_KINDS

            desk = self.desk()
            return desk.with_password(desk.issue(case, DECISION_KINDS[action], actor),
                                      password, actor)

        def save(doc):
            from printing import printer

            return printer.save_pdf(parent, doc.pdf, f"{doc.document.kind_label}-{case.case_no}.pdf")

        if then is None:
            return self._run(parent, case.case_no, lambda: save(issued(self._actor())),
                             busy=False)
        return self._start(parent, case.case_no, issued, save, then, key="document",
                           label=self.tr("正在生成 PDF…"))

    def reissue_receipt(self, parent: QWidget, case: Case, reset, *, preview: bool = False,
                        save: bool = False, then: Callable | None = None) -> bool:
        """After 重置查询密码 (``reset``: the service's ``PasswordReset``): a new first
        受理通知书 with the new password — printed, previewed or (``save``) saved as PDF; no
        printer needed for the last two. Never archived. Runs through the runner: rendered
        (and printed) on the worker, the preview or file chooser on the GUI thread.

        ``then`` gets the :class:`printing.printer.PrintOutcome` (the saved path with
        ``save``), or None (cancelled, or an error was shown). Returns whether it started.
        """
        def work(actor):
            issued = self.desk().reissue_receipt(case, reset, actor)
            if preview or save:
                return issued
            return self.desk().print_pdf(None, issued)

        def show(issued):
            if save:
                from printing import printer

                return printer.save_pdf(parent, issued.pdf,
                                        f"受理通知书-{case.case_no}-重置查询密码.pdf")
            return self.desk().print_pdf(parent, issued, preview=True)

        def done(outcome) -> None:
            self.archive_changed.emit(case.case_no)  # the original may have been issued now
            if then is not None:
                then(outcome)

        label = (self.tr("正在生成 PDF…") if save else self.tr("正在准备预览…") if preview
                 else self.tr("正在打印…"))
        return self._start(parent, case.case_no, work, show if (preview or save) else None,
                           done, key=_key("save" if save else "preview" if preview else "print"),
                           label=label)

    def issue(self, parent: QWidget, case: Case, kind: str, *,
              then: Callable | None = None) -> bool:
        """Issue (archive) a document the case has but never had archived (e.g. decided on a
        store without a renderer), on the runner's worker; ``then`` gets the archived
        document, or None after an error was shown. Returns whether it started."""
        def done(issued) -> None:
            if issued is not None:
                self.archive_changed.emit(case.case_no)
            if then is not None:
                then(issued.document if issued is not None else None)

        return self._start(parent, case.case_no,
                           lambda actor: self.desk().issue(case, kind, actor), None, done,
                           key=_key("issue"), label=self.tr("正在出具文书…"))

    def print_document(self, parent: QWidget, document: IssuedDocument, *,
                       preview: bool = False, then: Callable | None = None) -> bool:
        """打印 / 预览 an archived document exactly as archived: read (and printed) on the
        runner's worker, the preview on the GUI thread. ``then`` gets the outcome, or None
        after an error was shown. Returns whether it started."""
        if preview:
            return self._start(parent, document.case_no,
                               lambda actor: self.desk().issued(document, actor),
                               lambda issued: self.desk().print_pdf(parent, issued,
                                                                    preview=True),
                               then or _ignore, key=_key("preview"),
                               label=self.tr("正在准备预览…"))
        return self._start(parent, document.case_no,
                           lambda actor: self.desk().print_pdf(
                               None, self.desk().issued(document, actor)),
                           None, then or _ignore, key=_key("print"), label=self.tr("正在打印…"))

    def reprint(self, parent: QWidget, case_no: str, kind: str, *, preview: bool = False,
                then: Callable | None = None) -> bool:
        """补打: archived and audited, marked 补打（第n次）, then printed — all on the runner's
        worker (a preview opens on the GUI thread). ``archive_changed`` is emitted when the
        archive grew (also when only the printing failed). ``then`` gets the outcome, or
        None after an error was shown. Returns whether it started."""
        def work(actor):
            before = len(self._ctx.documents.of_case(case_no, actor))
            try:
                issued = self.desk().reprinted(case_no, kind, actor)
                result = issued if preview else self.desk().print_pdf(None, issued)
            except Exception as exc:  # noqa: BLE001 - shown on the GUI thread
                try:
                    changed = len(self._ctx.documents.of_case(case_no, actor)) != before
                except CounterError:
                    changed = True  # the list reads again and shows why it cannot
                return _Reprinted(None, exc, changed)
            return _Reprinted(result, None, True)

        def done(reprinted: _Reprinted) -> None:  # (refused before: shown by _start)
            if reprinted.changed:
                self.archive_changed.emit(case_no)
            outcome = reprinted.result
            if reprinted.error is not None:
                show_error(parent, reprinted.error)
                self.failed.emit(case_no)
                outcome = None
            elif preview:
                try:
                    outcome = self.desk().print_pdf(parent, outcome, preview=True)
                except Exception as exc:  # noqa: BLE001 - shown the one way
                    show_error(parent, exc)
                    self.failed.emit(case_no)
                    outcome = None
            (then or _ignore)(outcome)

        return self._start(parent, case_no, work, None, done, key=_key("reprint"),
                           label=self.tr("正在补打…"))

    def save(self, parent: QWidget, document: IssuedDocument, *,
             then: Callable | None = None) -> bool:
        """另存为 PDF: the archived document (read on the runner's worker), in a file the
        clerk chooses (GUI thread). ``then`` gets the path, or None (cancelled, or an error
        was shown). Returns whether it started."""
        return self._start(parent, document.case_no,
                           lambda actor: self.desk().issued(document, actor),
                           lambda issued: self.desk().save_issued(parent, issued),
                           then or _ignore, key=_key("save"), label=self.tr("正在生成 PDF…"))

    # -- internals -----------------------------------------------------------------------------

    def _start(self, parent: QWidget, case_no: str, work: Callable, show: Callable | None,
               then: Callable, *, key: str, label: str = "") -> bool:
        """Run ``work(actor)`` through the runner, then ``show(result)`` on the GUI thread (a
        dialog), then ``then(outcome)``; an error anywhere is shown and ``then(None)``
        called. The actor is read on the GUI thread first. Returns whether it started (not
        when the same action of ``parent`` still runs)."""
        def failed(exc: BaseException) -> None:
            show_error(parent, exc)
            self.failed.emit(case_no)
            then(None)

        def done(result) -> None:
            if show is not None:
                try:
                    result = show(result)
                except Exception as exc:  # noqa: BLE001 - shown the one way
                    failed(exc)
                    return
            then(result)

        try:
            actor = self._actor()
        except CounterError as exc:
            failed(exc)
            return False
        return ops.run(parent, lambda: work(actor), success=done, failure=failed, key=key,
                       label=label)

    def _run(self, parent: QWidget, case_no: str, call, *, busy: bool = True):
        """Run one action; show its error (if any) and return None then.

        ``busy``: show a wait cursor meanwhile (not around a dialog: preview, file chooser).
        """
        if busy:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - CounterError (PrintFailed included) shown as
            error = exc           # it is; anything else with an incident id, logged there
        finally:
            if busy:
                QGuiApplication.restoreOverrideCursor()
        show_error(parent, error)
        self.failed.emit(case_no)
        return None
