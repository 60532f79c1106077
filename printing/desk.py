"""The document desk (文书台): what the decision dialog and the case view call.

One object, built from the application context, that turns a decided case into its document,
archives it, prints it on this counter's printer, and later prints it again, reprints it (补打)
or saves it as PDF::

    desk = DocumentDesk.from_context(ctx)
    # decision dialog, after cases.accept(...) returned ``result``:
    outcome = desk.issue_and_print(dialog, result.case, "receipt", actor,
                                   password=result.query_password)
    # case view:
    desk.print_archived(view, case_no, "receipt", actor)  # the original again, e.g. a jam
    desk.reprint(view, case_no, "receipt", actor)         # 补打（第n次）, archived and audited
    desk.save_pdf(view, case_no, "receipt", actor)

Issuing is idempotent per case, kind and layout: pressing 打印 twice prints the same archived
document, it does not issue a second original. When the case service has a renderer
(:class:`printing.archive.PdfRenderer`), the decision itself archived the A4 original and the
desk only prints it.

The query password is never archived (see :mod:`counter.documents`): :meth:`issue` strips it,
and :meth:`issue_and_print` prints the password only on the paper it prints right after the
acceptance — rendered in memory from the archived snapshot with the password put back. Every
later print, reprint (补打) or saved PDF says where the password is ("查询密码：见首次打印的受理通知书（回执）；
遗失的，可凭有效身份证件到窗口重置"). After 重置查询密码 :meth:`reissue_receipt` renders a new first
receipt with the new password and 查询密码已于…重置, again in memory only. A printer that is missing or fails raises
:class:`printing.printer.PrintFailed` (a ``CounterError``) *after* the document was archived:
the case stays decided and the document can be printed or saved later. Show the error with
``ui.errors.show_error``.

The store is written only through :class:`counter.documents.DocumentService` and the site
service; nothing here opens a session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from dataclasses import replace

from counter.cases.model import Case
from counter.documents import DocumentService, IssuedDocument
from counter.errors import CounterError
from counter.identity import Actor
from printing import model, render, render_snapshot, sources
from printing.model import (KINDS, PASSWORD_KINDS, ROLL_KINDS, RenderOptions, Snapshot,
                            without_password)

log = logging.getLogger(__name__)

#: The document each counter action hands out.
DECISION_KINDS = {"accept": "receipt", "accept_tolerance": "tolerance", "notify": "notice",
                  "reject": "rejection", "supplement": "supplement", "pickup": "pickup"}
#: Print button labels (打印受理通知书 …).
PRINT_LABELS = {kind: f"打印{name}" for kind, name in KINDS.items()}


@dataclass(frozen=True)
class Issued:
    """A document issued (or found already issued) for a case, with its PDF."""

    document: IssuedDocument
    pdf: bytes

    @property
    def title(self) -> str:
        """A print-job name without personal data: kind and case number."""
        return f"{self.document.kind_label} {self.document.case_no}"


class DocumentDesk:
    """Issue, print, reprint and save the documents of cases.

    Args:
        documents: the archive service.
        site: the site service (profile, training flag, remembered printers).
        catalog: the catalog service (``version``/``active``), for requirements and limits.
        wording_dir: an administrator's wording override folder, if any.
    """

    def __init__(self, documents: DocumentService, site, catalog=None, *,
                 wording_dir: Path | None = None) -> None:
        self._documents = documents
        self._site = site
        self._catalog = catalog
        self._wording_dir = wording_dir

    @classmethod
    def from_context(cls, ctx) -> "DocumentDesk":
        """The desk of an application context (its archive, site and catalog services)."""
        return cls(ctx.documents, ctx.site, ctx.catalog,
                   wording_dir=Path(ctx.data_dir) / "documents")

    @property
    def wording_dir(self) -> Path | None:
        """The wording override folder, when it exists (an administrator may create it
        while the program runs)."""
        d = self._wording_dir
        return d if d is not None and d.is_dir() else None

    # -- choices -----------------------------------------------------------------------------

    def layout_for(self, kind: str) -> str:
        """``roll80`` for a receipt or pickup slip when this counter has a roll printer,
        else ``a4``."""
        from printing import printer

        if kind in ROLL_KINDS and printer.remembered_printer(self._site, "roll80"):
            return "roll80"
        return "a4"

    def _catalog_for(self, case: Case):
        if self._catalog is None:
            return None
        try:
            return self._catalog.version(case.catalog_version)
        except CounterError:
            return None

    # -- issuing -----------------------------------------------------------------------------

    def content(self, case: Case, kind: str, *, password: str | None = None):
        """The document content of ``case`` (raises ``CounterError`` when the kind does not
        fit the case)."""
        if kind == "receipt":
            problem = sources.kind_problem(kind, case)
            if problem:
                raise CounterError(problem)
            return sources.receipt_doc(case, self._site.get(), catalog=self._catalog_for(case),
                                       query_password=password)
        return sources.document_for(kind, case, self._site.get(),
                                    catalog=self._catalog_for(case))

    def issue(self, case: Case, kind: str, actor: Actor, *, layout: str | None = None,
              doc: model.Document | None = None) -> Issued:
        """Render and archive the ``kind`` document of ``case`` — or return the original
        already archived for that case, kind and layout. What is archived never holds the
        query password (a password in ``doc`` is removed).

        Args:
            layout: ``a4`` or ``roll80``; default :meth:`layout_for`.
            doc: content built elsewhere (the tolerance documents from plain arguments).
        """
        layout = layout or self.layout_for(kind)
        for d in reversed(self._documents.of_case(case.case_no, actor)):
            if d.kind == kind and d.layout == layout and not d.is_reprint:
                return Issued(d, self._documents.pdf(d, actor))
        content = without_password(doc if doc is not None else self.content(case, kind))
        options = RenderOptions(layout=layout, training=self._site.is_training())
        pdf = render(content, options, wording_dir=self.wording_dir)
        snapshot = Snapshot(kind=kind, doc=content, options=options).to_bytes()
        document = self._documents.issue(case.case_no, kind, pdf, actor, snapshot=snapshot,
                                         layout=layout)
        return Issued(document, pdf)

    def with_password(self, issued: Issued, password: str | None, actor: Actor) -> Issued:
        """The paper handed out right after acceptance: the archived document rendered again
        from its snapshot with the query password in it — in memory only, never archived.
        Documents without a password (or archived without a snapshot) are returned as they
        are."""
        if not password or issued.document.kind not in PASSWORD_KINDS:
            return issued
        data = self._documents.snapshot(issued.document, actor)
        if data is None:
            return issued
        snap = Snapshot.from_bytes(data)
        pdf = render(replace(snap.doc, query_password=password), snap.options,
                     wording_dir=self.wording_dir)
        return Issued(issued.document, pdf)

    def reissue_receipt(self, case: Case, reset, actor: Actor) -> Issued:
        """The re-issued first receipt after 重置查询密码 (``reset``: the
        :class:`counter.services.cases.PasswordReset`): the archived original (issued now if
        it never was) rendered again in memory with the new password and the line
        查询密码已于…重置 — never archived, like the first paper."""
        issued = self.issue(case, "receipt", actor)
        data = self._documents.snapshot(issued.document, actor)
        if data is not None:
            snap = Snapshot.from_bytes(data)
            doc, options = snap.doc, snap.options
        else:  # archived without a snapshot: build the content again from the case
            doc = without_password(self.content(case, "receipt"))
            options = RenderOptions(layout=issued.document.layout,
                                    training=self._site.is_training())
        doc = replace(doc, query_password=reset.query_password,
                      password_reset_at=reset.reset_at,
                      password_reset_local=not reset.platform_updated)
        pdf = render(doc, replace(options, reprint_count=0, reprinted_at=None),
                     wording_dir=self.wording_dir)
        return Issued(issued.document, pdf)

    # -- printing ----------------------------------------------------------------------------

    def print_pdf(self, parent, issued: Issued, *, preview: bool = False):
        """Print an issued document on this counter's printer for its paper."""
        from printing import printer

        name = printer.remembered_printer(self._site, issued.document.layout)
        return printer.print_document(parent, issued.pdf, name, preview=preview,
                                      title=issued.title)

    def issue_and_print(self, parent, case: Case, kind: str, actor: Actor, *,
                        password: str | None = None, preview: bool = False):
        """Issue (archive) and print in one step — the decision dialog's 打印 button.

        Args:
            password: the query password the accept call returned: printed on this paper
                only (see :meth:`with_password`), never archived.

        Raises:
            PrintFailed: printing failed; the document is archived all the same.
        """
        issued = self.issue(case, kind, actor)
        return self.print_pdf(parent, self.with_password(issued, password, actor),
                              preview=preview)

    def issue_and_save(self, parent, case: Case, kind: str, actor: Actor, *,
                       password: str | None = None) -> Path | None:
        """Issue (archive) and save as PDF — the decision dialog's 另存为 PDF, which needs no
        printer. The file holds the query password like the first paper (see
        :meth:`with_password`); the archive never does."""
        from printing import printer

        issued = self.with_password(self.issue(case, kind, actor), password, actor)
        return printer.save_pdf(parent, issued.pdf,
                                f"{issued.document.kind_label}-{case.case_no}.pdf")

    # -- the archive of a case (case view) ---------------------------------------------------

    def documents(self, case_no: str, actor: Actor) -> list[IssuedDocument]:
        """Every archived document of the case, oldest first."""
        return self._documents.of_case(case_no, actor)

    def missing_kinds(self, case: Case, actor: Actor) -> list[str]:
        """Kinds the case has a document of but none archived yet (e.g. decided before
        documents were archived, or on a store without a renderer): the case view offers
        to issue them. The tolerance documents need their deadlines and are issued by the
        tolerance screens, so they are not offered here."""
        archived = {d.kind for d in self.documents(case.case_no, actor)}
        return [kind for kind in KINDS
                if kind not in archived and kind not in ("commitment", "tolerance")
                and sources.kind_problem(kind, case) is None]

    def issued(self, document: IssuedDocument, actor: Actor) -> Issued:
        """An archived document with its PDF."""
        return Issued(document, self._documents.pdf(document, actor))

    def print_document(self, parent, document: IssuedDocument, actor: Actor, *,
                       preview: bool = False):
        """Print this archived document again, exactly as archived."""
        return self.print_pdf(parent, self.issued(document, actor), preview=preview)

    def save_document(self, parent, document: IssuedDocument, actor: Actor) -> Path | None:
        """Save this archived document as a PDF file the clerk chooses."""
        return self.save_issued(parent, self.issued(document, actor))

    def save_issued(self, parent, issued: Issued) -> Path | None:
        """Save an archived document already read (:meth:`issued`) in a file the clerk
        chooses (the file chooser: GUI thread only)."""
        from printing import printer

        document = issued.document
        mark = f"-补打{document.reprint_count}" if document.is_reprint else ""
        return printer.save_pdf(parent, issued.pdf,
                                f"{document.kind_label}-{document.case_no}{mark}.pdf")

    def archived(self, case_no: str, kind: str, actor: Actor) -> Issued:
        """The latest archived document of that kind (CounterError when there is none)."""
        document = self._documents.latest(case_no, kind, actor)
        if document is None:
            raise CounterError(f"办件 {case_no} 尚未出具{KINDS.get(kind, kind)}。")
        return Issued(document, self._documents.pdf(document, actor))

    def print_archived(self, parent, case_no: str, kind: str, actor: Actor, *,
                       preview: bool = False):
        """Print the archived document again as it is (e.g. the first print jammed)."""
        return self.print_pdf(parent, self.archived(case_no, kind, actor), preview=preview)

    def reprint(self, parent, case_no: str, kind: str, actor: Actor, *,
                preview: bool = False):
        """补打: the original content marked ``补打（第n次）``, archived, audited, printed.
        Like the archived original it has no query password."""
        return self.print_pdf(parent, self.reprinted(case_no, kind, actor), preview=preview)

    def reprinted(self, case_no: str, kind: str, actor: Actor) -> Issued:
        """补打 without printing: the original content marked ``补打（第n次）``, archived and
        audited (what :meth:`reprint` prints; the case view prints it on the runner's
        worker)."""
        again = render_snapshot
        if kind == "termination":  # 终止办理通知书: its own snapshot format
            from printing import termination

            again = termination.render_snapshot
        document, pdf = self._documents.reprint(
            case_no, kind, actor,
            lambda snap, count, at: again(snap, count, at, wording_dir=self.wording_dir))
        return Issued(document, pdf)

    def save_pdf(self, parent, case_no: str, kind: str, actor: Actor) -> Path | None:
        """Save the archived document as a PDF file the clerk chooses."""
        from printing import printer

        issued = self.archived(case_no, kind, actor)
        suggested = f"{issued.document.kind_label}-{case_no}.pdf"
        return printer.save_pdf(parent, issued.pdf, suggested)
