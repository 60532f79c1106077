"""The tolerance documents at the counter (容缺文书): build, archive, print.

* 容缺受理告知承诺书 — printed for the applicant's signature *before* the request (there is no
  case number yet, so it is not archived; the signed page is captured and kept instead);
* 容缺受理通知书 — after the approval, archived with the case and printed with the query
  password (the password only on the paper printed now, when the printing module supports
  that; see :meth:`printing.desk.DocumentDesk.with_password`);
* 补正回执 — after each supplement (a new original each time: a second supplement gets its own
  receipt);
* 终止办理通知书 — after a termination (:mod:`printing.termination`).

Printing goes through :mod:`printing.printer` on this counter's A4 printer; a missing or failing
printer raises :class:`printing.printer.PrintFailed` *after* the document was archived (show it
with :func:`ui.errors.show_error`; the document can be printed again from the case view).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Sequence

from counter.cases.model import Applicant, Case, LedgerEntry
from counter.documents import DocumentService
from counter.identity import Actor
from counter.intake.intake import Intake
from counter.intake.merge import IntakeSpec
from counter.tolerance import ToleratedMaterial, final_deadline

log = logging.getLogger(__name__)

__all__ = ["TolerancePrinter", "print_or_show"]


def print_or_show(parent, print_document: Callable[[], object]) -> bool:
    """Print one tolerance document; a failure is shown over ``parent``, not raised.

    A :class:`printing.printer.PrintFailed` comes after the document was archived (it can be
    printed again from the case view); anything else is shown with an incident id.

    Args:
        parent: the widget the error is shown over.
        print_document: the printer call, e.g. ``lambda: printer.print_supplement_receipt(…)``.

    Returns:
        True when the document went to the printer.
    """
    from ui.errors import show_error

    try:
        print_document()
    except Exception as exc:  # noqa: BLE001 - PrintFailed and the like: shown
        show_error(parent, exc)
        return False
    return True


def print_later(parent, print_document: Callable[[], object],
                then: Callable[[bool], None] | None = None) -> bool:
    """:func:`print_or_show` off the GUI thread (:mod:`ui.ops`): render, archive and print
    on the runner's worker; a failure is shown over ``parent``; ``then(printed)`` on the GUI
    thread. ``print_document`` must not touch widgets (pass ``None`` as the printer's parent:
    printing without a preview opens no dialog). Returns whether it started (not while the
    same widget's print still runs)."""
    from ui import ops
    from ui.errors import show_error

    def failed(exc: BaseException) -> None:
        show_error(parent, exc)
        if then is not None:
            then(False)

    return ops.run(parent, print_document, key="print", label="正在打印…",
                   success=lambda _outcome: then(True) if then is not None else None,
                   failure=failed)


def _day(moment):
    return moment.date() if moment is not None else None


class TolerancePrinter:
    """Builds, archives and prints the tolerance documents of this counter.

    Args:
        ctx: the application context (site, catalog, blobs, the document archive).
    """

    def __init__(self, ctx) -> None:
        from printing.desk import DocumentDesk

        self._ctx = ctx
        self.desk = DocumentDesk.from_context(ctx)
        self.documents: DocumentService = ctx.documents

    # -- small helpers -------------------------------------------------------------------------

    @property
    def wording_dir(self) -> Path | None:
        d = Path(self._ctx.data_dir) / "documents"
        return d if d.is_dir() else None

    def _options(self):
        from printing.model import RenderOptions

        return RenderOptions(layout="a4", training=self._ctx.site.is_training())

    def print_pdf(self, parent, pdf: bytes, title: str, *, preview: bool = False):
        """Print ``pdf`` on this counter's A4 printer (raises ``PrintFailed``); ``preview``:
        show it first — or, with no printer at all, show it with 另存为 PDF."""
        from printing import printer

        name = self._ctx.devices.printers.printer_name("a4")  # this counter's A4 printer
        return printer.print_document(parent, pdf, name, title=title, preview=preview)

    def _catalog_of(self, case: Case):
        """The catalog version the case was taken under (None when it is gone)."""
        from counter.errors import CounterError

        try:
            return self._ctx.catalog.version(case.catalog_version)
        except CounterError:
            return None

    @staticmethod
    def _lines(materials: Sequence[ToleratedMaterial]):
        from printing import sources

        return [sources.tolerated_line(m.name, _day(m.deadline), copies=m.copies,
                                       original=m.original) for m in materials]

    # -- 容缺受理告知承诺书 ---------------------------------------------------------------------------

    def commitment_pdf(self, intake: Intake, spec: IntakeSpec,
                       materials: Sequence[ToleratedMaterial], clerk: Actor) -> bytes:
        """The commitment for signature (no case number yet), as PDF; not archived."""
        from printing import render, sources

        who = intake.applicant(spec)
        applicant = Applicant(who["type"], who.get("name") or "", who.get("id_type") or "",
                              who.get("id_number") or "")
        doc = sources.commitment_doc(
            profile=self._ctx.site.get(), case_name=spec.name,
            items=[(i.code, i.name) for i in spec.items], applicant=applicant,
            tolerated=self._lines(materials), deadline=final_deadline(materials).date(),
            clerk=clerk.user_id, issued_at=self._ctx.clock.now(), catalog=spec.catalog,
            deadline_provisional=self._ctx.calendar.is_provisional(
                self._ctx.clock.now(), final_deadline(materials)))
        return render(doc, self._options(), wording_dir=self.wording_dir)

    def print_commitment(self, parent, intake: Intake, spec: IntakeSpec,
                         materials: Sequence[ToleratedMaterial], clerk: Actor):
        return self.print_pdf(parent, self.commitment_pdf(intake, spec, materials, clerk),
                              "容缺受理告知承诺书")

    # -- 容缺受理通知书 -------------------------------------------------------------------------------

    def tolerance_notice(self, result, actor: Actor):
        """Archive the 容缺受理通知书 of an approval (:class:`ApprovalResult`); returns the
        desk's ``Issued`` ready to print (with the query password on this paper)."""
        from printing import sources

        case, request = result.case, result.request
        catalog = self._ctx.catalog.version(case.catalog_version)
        spec = IntakeSpec.for_target(catalog, case.kind, case.key)
        doc = sources.tolerance_doc(
            profile=self._ctx.site.get(), case_no=case.case_no, case_name=case.name,
            items=case.items, applicant=case.applicant,
            tolerated=self._lines(request.materials), deadline=request.deadline.date(),
            clerk=case.decided_by.user_id, accepted_at=case.accepted_at,
            promised_at=case.promised_at, promised_limit=spec.promised_limit.label(),
            promised_provisional=case.promised_provisional,
            deadline_provisional=self._ctx.calendar.is_provisional(case.accepted_at,
                                                                   request.deadline),
            query_password=result.query_password,
            approved_by=request.decided_by.user_id if request.decided_by else "",
            received=[sources.material_line(e) for e in case.materials
                      if e.status in ("received", "e_licence")],
            catalog=catalog, legal_at=case.legal_at, legal_limit=spec.legal_limit.label())
        issued = self.desk.issue(case, "tolerance", actor, doc=doc)
        with_password = getattr(self.desk, "with_password", None)
        if with_password is not None:
            issued = with_password(issued, result.query_password, actor)
        return issued

    def print_tolerance_notice(self, parent, result, actor: Actor):
        issued = self.tolerance_notice(result, actor)
        return self.desk.print_pdf(parent, issued)

    # -- 补正回执 --------------------------------------------------------------------------------------

    def supplement_receipt(self, case: Case, supplemented: Sequence[LedgerEntry],
                           actor: Actor) -> bytes:
        """Archive a new 补正回执 for the materials received now; its PDF."""
        from printing import render, sources
        from printing.model import Snapshot

        doc = sources.supplement_doc(case, self._ctx.site.get(), supplemented=supplemented,
                                     at=self._ctx.clock.now(), clerk=actor.user_id,
                                     catalog=self._catalog_of(case))
        options = self._options()
        pdf = render(doc, options, wording_dir=self.wording_dir)
        self.documents.issue(case.case_no, "supplement", pdf, actor,
                             snapshot=Snapshot(kind="supplement", doc=doc,
                                               options=options).to_bytes())
        return pdf

    def print_supplement_receipt(self, parent, case: Case, supplemented, actor: Actor):
        pdf = self.supplement_receipt(case, supplemented, actor)
        return self.print_pdf(parent, pdf, f"补正回执 {case.case_no}")

    # -- 终止办理通知书 -----------------------------------------------------------------------------

    def termination_notice(self, case: Case, request, supervisor: Actor, reason: str) -> bytes:
        """Archive the 终止办理通知书 of a terminated case; its PDF. When the archive does not
        know the kind yet, the notice is still rendered (and printed) but not archived."""
        from counter.errors import InvalidInput
        from printing import termination

        doc = termination.termination_doc(
            case, self._ctx.site.get(), reason_text=reason, terminated_at=self._ctx.clock.now(),
            approved_by=supervisor.user_id, deadline=request.deadline,
            catalog=self._catalog_of(case),
            owed=[m for m in request.materials
                  if any(e.material == m.material and e.status == "tolerated"
                         for e in case.materials)])
        try:
            _issued, pdf = termination.issue(self.documents, doc, supervisor,
                                             training=self._ctx.site.is_training(),
                                             wording_dir=self.wording_dir)
        except InvalidInput:
            log.warning("termination notice not archived (kind unknown to the archive)")
            pdf = termination.render(doc, self._options(), wording_dir=self.wording_dir)
        return pdf

    def print_termination_notice(self, parent, case: Case, request, supervisor: Actor,
                                 reason: str):
        pdf = self.termination_notice(case, request, supervisor, reason)
        return self.print_pdf(parent, pdf, f"终止办理通知书 {case.case_no}")
