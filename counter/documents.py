"""The document archive (文书存档): every issued document, kept so that a reprint reproduces it.

When a document is handed to the applicant (受理通知书, 一次性告知书 …) its PDF is stored in the
blob store and a ``documents`` row links it to the case: kind, sequence, who issued it and when.
Next to the PDF the service keeps the *snapshot* the PDF was rendered from (a JSON blob written
by :mod:`printing`; it holds only what is printed, already masked), so that a reprint (补打)
renders exactly the same content again, marked ``补打（第n次）``.

This module is pure: it never imports reportlab or Qt. Rendering is injected — the caller
passes ``render(snapshot, reprint_count, reprinted_at) -> pdf bytes``
(:func:`printing.render_snapshot` is that function), and the decision services get a
:class:`DocumentRenderer` (the port; :class:`printing.archive.PdfRenderer` is the adapter, wired
by the composition root, :func:`bootstrap.build`, for the GUI and the CLI). With no renderer (pure tests, benchmarks of the store) the
decisions archive nothing and the events' ``notice_blob`` stays ``null``.

The query password (查询密码) is never archived: the service stores only its hash, and an
archived receipt (PDF and snapshot) says "见首次打印的受理通知书（回执）；遗失的，可凭有效身份证件到窗口重置" where the first paper printed
the password. The first print, right after acceptance, is rendered with the password in memory
only (:meth:`printing.desk.DocumentDesk.issue_and_print`).

Rows are never updated or deleted: the original is sequence 1 and each reprint adds a row.

Permissions (:mod:`counter.permissions`): :meth:`DocumentService.issue` checks
``document.issue`` and :meth:`DocumentService.reprint` ``document.reprint`` first in their units
of work (refusals audited); the reads (``latest``, ``original``, ``of_case``, ``pdf``,
``snapshot``) name their actor and check ``document.view``. :meth:`DocumentService.record` and ``record_in`` write inside a
caller's transaction, whose service checked its own action first (e.g. ``case.accept``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter import audit
from counter.clock import Clock
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import Actor
from counter.permissions import Permissions
from counter.store.blobs import BlobStore
from counter.store.models import DocumentRow
from counter.changes import ChangeKind
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

__all__ = ["DocumentService", "IssuedDocument", "DOCUMENT_KINDS", "Render", "DocumentRenderer",
           "RenderedDocument", "DeferredRenderer"]

#: Document kinds (文书种类); the same keys as ``printing.model.KINDS``.
DOCUMENT_KINDS: dict[str, str] = {
    "receipt": "受理通知书", "notice": "一次性告知书", "rejection": "不予受理通知书",
    "commitment": "容缺受理告知承诺书", "tolerance": "容缺受理通知书", "supplement": "补正回执",
    "pickup": "出件单",
    "termination": "终止办理通知书",  # printing.termination (容缺受理逾期终止)
}
LAYOUTS = ("a4", "roll80")
#: ``render(snapshot, reprint_count, reprinted_at) -> pdf`` — injected by the caller.
Render = Callable[[bytes, int, datetime], bytes]

_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class RenderedDocument:
    """A document rendered for the archive (待存档文书).

    Attributes:
        pdf: the PDF bytes.
        snapshot: the content it was rendered from (reprints render it again), or None.
        layout: ``a4`` or ``roll80``.
    """

    pdf: bytes
    snapshot: bytes | None = None
    layout: str = "a4"


class DocumentRenderer(Protocol):
    """Renders the document of a decided case (文书生成端口).

    The decision services call it inside their transaction, so that the archived document
    and the outbox event referencing it exist together. The adapter lives in ``printing``
    (:class:`printing.archive.PdfRenderer`); ``counter`` never imports it.
    """

    def render(self, kind: str, case, profile, catalog, *,
               training: bool = False) -> RenderedDocument:
        """The ``kind`` document of ``case``.

        Args:
            kind: one of :data:`DOCUMENT_KINDS`.
            case: the decided :class:`counter.cases.model.Case` (its query password is never
                set here: archived documents do not hold it).
            profile: this counter's :class:`counter.identity.SiteProfile`.
            catalog: the catalog version the case was decided under (or None).
            training: a training store (培训 on every page).

        Raises:
            CounterError: the kind does not fit the case.
        """
        ...  # pragma: no cover - a protocol


class DeferredRenderer:
    """A :class:`DocumentRenderer` made by ``factory`` on first use, so that the heavy
    rendering libraries are not imported at start-up (only by the first decision).

    Args:
        factory: returns the real renderer.
    """

    def __init__(self, factory: Callable[[], DocumentRenderer]) -> None:
        self._factory = factory
        self._renderer: DocumentRenderer | None = None

    def render(self, kind: str, case, profile, catalog, *,
               training: bool = False) -> RenderedDocument:
        if self._renderer is None:
            self._renderer = self._factory()
        return self._renderer.render(kind, case, profile, catalog, training=training)


@dataclass(frozen=True)
class IssuedDocument:
    """An archived document (已出具文书).

    Attributes:
        case_no: the case.
        kind: one of :data:`DOCUMENT_KINDS`.
        sequence: 1 for the first issued, then 2, 3 … per case and kind.
        reprint_count: 0 for an original, n for the n-th reprint (补打).
        sha256: the PDF blob.
        snapshot_sha256: the content blob it was rendered from (None: not reproducible).
        layout: ``a4`` or ``roll80``.
        issued_at: when.
        issued_by: the operator id.
    """

    case_no: str
    kind: str
    sequence: int
    reprint_count: int
    sha256: str
    snapshot_sha256: str | None
    layout: str
    issued_at: datetime
    issued_by: str

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    @property
    def is_reprint(self) -> bool:
        return self.reprint_count > 0


def _from_row(row: DocumentRow) -> IssuedDocument:
    return IssuedDocument(case_no=row.case_no, kind=row.kind, sequence=row.sequence,
                          reprint_count=row.reprint_count, sha256=row.sha256,
                          snapshot_sha256=row.snapshot_sha256, layout=row.layout,
                          issued_at=row.issued_at, issued_by=row.issued_by)


def _check_kind(kind: str, layout: str) -> None:
    if kind not in DOCUMENT_KINDS:
        raise InvalidInput(f"未知的文书种类：{kind}")
    if layout not in LAYOUTS:
        raise InvalidInput(f"未知的版式：{layout}")


class DocumentService:
    """Issued documents of cases (文书存档服务), one transaction per call.

    Args:
        uow: the unit-of-work factory.
        blobs: where PDFs and snapshots are stored.
        clock: the source of "now".
        permissions: the permission checks; default: the role matrix only.
    """

    def __init__(self, uow: UowFactory, blobs: BlobStore, clock: Clock, *,
                 permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._blobs = blobs
        self._clock = clock
        self._perm = permissions or Permissions(None, clock)

    # -- writing ---------------------------------------------------------------------------

    def issue(self, case_no: str, kind: str, pdf_bytes: bytes, actor: Actor, *,
              snapshot: bytes | None = None, layout: str = "a4") -> IssuedDocument:
        """Archive a document just issued (出具文书) and link it to its case.

        Args:
            case_no: the case (it must be stored).
            kind: one of :data:`DOCUMENT_KINDS`.
            pdf_bytes: the rendered PDF.
            actor: who issued it.
            snapshot: the content it was rendered from (``printing.Snapshot.to_bytes()``);
                without it the document can be reproduced only as it is, never reprinted
                with the 补打 mark.
            layout: ``a4`` or ``roll80``.
        """
        _check_kind(kind, layout)
        if not pdf_bytes.startswith(b"%PDF"):
            raise InvalidInput("文书内容不是 PDF，未存档。")
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with self._uow() as u:
                    now = self._clock.now()
                    self._perm.require(u.session, actor, "document.issue", case_no=case_no,
                                       at=now, detail={"kind": kind})
                    doc = self.record(u.session, self._blobs, case_no=case_no, kind=kind,
                                      pdf_bytes=pdf_bytes, actor=actor, at=now,
                                      snapshot=snapshot, layout=layout)
                    u.case_changed(case_no, ChangeKind.DOCUMENT_ISSUED)
                    u.commit()
                break
            except IntegrityError:
                if attempt == _MAX_ATTEMPTS - 1:
                    raise
                # another counter issued the same kind at the same moment: take the next number
        log.info("document %s #%d archived for case %s", kind, doc.sequence, case_no)
        return doc

    def record_in(self, session: Session, *, case_no: str, kind: str,
                  rendered: RenderedDocument, actor: Actor, at: datetime) -> IssuedDocument:
        """Archive a rendered document inside the caller's transaction (the decision
        services: the ``notified``/``rejected`` event carries the PDF's sha256 as
        ``notice_blob``). See :meth:`record`."""
        if not rendered.pdf.startswith(b"%PDF"):
            raise InvalidInput("文书内容不是 PDF，未存档。")
        return self.record(session, self._blobs, case_no=case_no, kind=kind,
                           pdf_bytes=rendered.pdf, actor=actor, at=at,
                           snapshot=rendered.snapshot, layout=rendered.layout)

    @staticmethod
    def record(session: Session, blobs: BlobStore, *, case_no: str, kind: str, pdf_bytes: bytes,
               actor: Actor, at: datetime, snapshot: bytes | None = None,
               layout: str = "a4", reprint_count: int = 0) -> IssuedDocument:
        """Archive a document inside the caller's transaction (e.g. a decision service that
        must reference the notice blob in its outbox event). Writes the blobs first (a blob
        left by a rolled-back transaction is harmless), then the row and the audit entry."""
        _check_kind(kind, layout)
        from counter.store.models import CaseRow

        if session.get(CaseRow, case_no) is None:
            raise NotFound(f"未找到办件 {case_no}，文书未存档。")
        digest = blobs.put(pdf_bytes)
        snap = blobs.put(snapshot) if snapshot is not None else None
        last = session.scalar(select(func.max(DocumentRow.sequence))
                              .where(DocumentRow.case_no == case_no, DocumentRow.kind == kind))
        row = DocumentRow(case_no=case_no, kind=kind, sequence=(last or 0) + 1,
                          reprint_count=reprint_count, sha256=digest, snapshot_sha256=snap,
                          layout=layout, issued_at=at, issued_by=actor.user_id)
        session.add(row)
        session.flush()
        audit.append(session, at=at, actor=actor,
                     action="document.reprint" if reprint_count else "document.issue",
                     case_no=case_no, detail={"kind": kind, "sequence": row.sequence,
                                              "reprint_count": reprint_count,
                                              "sha256": digest})
        return _from_row(row)

    def reprint(self, case_no: str, kind: str, actor: Actor, render: Render) -> tuple[IssuedDocument, bytes]:
        """Reprint (补打) the document: the original content, marked ``补打（第n次）``.

        The content is the snapshot of the first issued document of that kind (the latest
        original when several were issued, e.g. A4 and roll); the reprint is archived too.

        Args:
            render: ``render(snapshot, reprint_count, reprinted_at) -> pdf``.

        Returns:
            The archived reprint and its PDF bytes.

        Raises:
            NotFound: the document was never issued for this case.
            CounterError: it was archived without its content (cannot be re-rendered).
        """
        for _attempt in range(_MAX_ATTEMPTS):
            with self._uow(read_only=True) as u:
                self._perm.require(u.session, actor, "document.reprint", case_no=case_no,
                                   detail={"kind": kind})
                original = self._original(u.session, case_no, kind)
                count = self._reprints(u.session, case_no, kind) + 1
            if original.snapshot_sha256 is None:
                raise CounterError(f"该{original.kind_label}存档时未保存文书内容，无法补打；"
                                   "可按原件另存为 PDF 后打印。")
            now = self._clock.now()
            pdf = render(self._blobs.get(original.snapshot_sha256), count, now)
            try:
                with self._uow() as u:
                    self._perm.require(u.session, actor, "document.reprint", case_no=case_no,
                                       at=now, detail={"kind": kind})
                    if self._reprints(u.session, case_no, kind) + 1 != count:
                        continue  # another counter reprinted meanwhile: render the next count
                    doc = self.record(u.session, self._blobs, case_no=case_no, kind=kind,
                                      pdf_bytes=pdf, actor=actor, at=now,
                                      snapshot=self._blobs.get(original.snapshot_sha256),
                                      layout=original.layout, reprint_count=count)
                    u.case_changed(case_no, ChangeKind.DOCUMENT_ISSUED)
                    u.commit()
            except IntegrityError:
                continue
            log.info("document %s of case %s reprinted (%d)", kind, case_no, count)
            return doc, pdf
        raise CounterError("补打未完成：其他窗口正在补打同一文书，请稍后重试。")

    # -- reading ---------------------------------------------------------------------------
    #
    # Every read names its actor and checks ``document.view`` first (archived documents hold
    # the applicant's name and masked ID number). Refusals are audited; reads that succeed are
    # not (see docs/security.md, "Reads").

    def latest(self, case_no: str, kind: str, actor: Actor) -> IssuedDocument | None:
        """The most recently issued document of that kind (original or reprint), or None."""
        with self._uow(read_only=True) as u:
            self._view(u.session, actor, case_no)
            row = u.session.scalars(
                select(DocumentRow).where(DocumentRow.case_no == case_no, DocumentRow.kind == kind)
                .order_by(DocumentRow.sequence.desc()).limit(1)).first()
            return None if row is None else _from_row(row)

    def original(self, case_no: str, kind: str, actor: Actor) -> IssuedDocument:
        """The most recent original (not a reprint) of that kind; :class:`NotFound` if none."""
        with self._uow(read_only=True) as u:
            self._view(u.session, actor, case_no)
            return self._original(u.session, case_no, kind)

    def of_case(self, case_no: str, actor: Actor) -> list[IssuedDocument]:
        """Every document issued for the case, oldest first (for the case view)."""
        with self._uow(read_only=True) as u:
            self._view(u.session, actor, case_no)
            rows = u.session.scalars(select(DocumentRow).where(DocumentRow.case_no == case_no)
                                     .order_by(DocumentRow.issued_at, DocumentRow.id))
            return [_from_row(r) for r in rows]

    def pdf(self, document: IssuedDocument, actor: Actor) -> bytes:
        """The PDF bytes of an archived document."""
        with self._uow(read_only=True) as u:
            self._view(u.session, actor, document.case_no)
        return self._blobs.get(document.sha256)

    def record_export(self, case_no: str, kind: str, actor: Actor, *,
                      document: IssuedDocument | None = None) -> None:
        """Audit that ``actor`` wrote a case's document to a file (``document.export``; the
        command line's ``document``): the archived ``document``, or one rendered from the
        case when None. Checked first (``document.export``; a refusal is audited)."""
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "document.export", case_no=case_no, at=now)
            detail = {"kind": kind, "archived": document is not None}
            if document is not None:
                detail.update(sequence=document.sequence, sha256=document.sha256)
            audit.append(u.session, at=now, actor=actor, action="document.export",
                         case_no=case_no, detail=detail)
            u.commit()

    def snapshot(self, document: IssuedDocument, actor: Actor) -> bytes | None:
        """The content an archived document was rendered from, if kept."""
        with self._uow(read_only=True) as u:
            self._view(u.session, actor, document.case_no)
        if document.snapshot_sha256 is None:
            return None
        return self._blobs.get(document.snapshot_sha256)

    def _view(self, session: Session, actor: Actor, case_no: str) -> None:
        self._perm.require(session, actor, "document.view", case_no=case_no,
                           at=self._clock.now())

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _original(session: Session, case_no: str, kind: str) -> IssuedDocument:
        row = session.scalars(
            select(DocumentRow).where(DocumentRow.case_no == case_no, DocumentRow.kind == kind,
                                      DocumentRow.reprint_count == 0)
            .order_by(DocumentRow.sequence.desc()).limit(1)).first()
        if row is None:
            raise NotFound(f"办件 {case_no} 尚未出具{DOCUMENT_KINDS.get(kind, kind)}，无法补打。")
        return _from_row(row)

    @staticmethod
    def _reprints(session: Session, case_no: str, kind: str) -> int:
        return session.scalar(
            select(func.count()).select_from(DocumentRow)
            .where(DocumentRow.case_no == case_no, DocumentRow.kind == kind,
                   DocumentRow.reprint_count > 0)) or 0
