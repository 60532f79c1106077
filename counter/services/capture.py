"""Capturing pages into a material of a draft (材料采集服务).

The one door for scanned pages, whatever their source (hot folder, file import, drag and drop,
camera, document-camera driver):

* :meth:`CaptureService.prepare` — the **slow half**, safe on any thread: read, split and
  normalise every file given (:mod:`counter.capture.importers`), and only when *every* file is
  good, store the pages in the blob store (content-addressed: a page already stored is not
  written again). A bad file refuses the whole call with a message naming it, and nothing is
  stored.
* :meth:`CaptureService.attach` — the **quick half**, on the thread that owns the draft:
  append the prepared pages to ``intake.materials[material_id].pages`` in order (a page the
  material already has is skipped) and mark the material received.
* :meth:`CaptureService.add_pages` — both halves in one call (CLI, tests, small imports).

Editing a material's pages — :meth:`reorder`, :meth:`move`, :meth:`rotate` (= :meth:`turn`
on any thread, then :meth:`replace`), :meth:`delete` — changes the draft only (a rotation
stores a new page and keeps the old blob, which other drafts or cases may hold). **None of
these methods saves the draft**: the caller saves it through
:meth:`counter.services.intake.IntakeService.save` afterwards, exactly as after the clerk
types in the form, so one save covers a whole burst of edits.

A material counts as received (已收取) when it has pages or the clerk ticked it as paper-only
(纸质材料，未扫描); deleting its last page makes it missing again unless it is paper-only or
the clerk set another status (exempt by e-licence, tolerated).

Permissions (:mod:`counter.permissions`): reading stored pages — :meth:`page_bytes`,
:meth:`is_blank`, and :meth:`turn`/:meth:`rotate`, which read the page they turn — names the
actor (keyword ``actor``) and checks ``page.view`` first (scanned pages are the applicant's
papers); a refusal is audited and raises
:class:`~counter.permissions.PermissionDenied`. Without a unit of work (the capture benchmark,
pure tests) the role matrix alone is checked and a refusal is not recorded (no store to record
it in). The writing calls are deliberately open: they change only the :class:`Intake` object the
caller holds, and :meth:`prepare` puts content-addressed blobs that nothing refers to until the draft is saved — and the save (``IntakeService.save``/``update``) checks
``draft.edit``. An import that ends while the screen is locked is thus processed and held
(:mod:`ui.intake.screen`), not refused page by page, and stored with its draft only once
someone may save it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, Union

from counter.capture.importers import PdfRasteriser, SourceFile, read_source, split_file
from counter.capture.processing import (MAX_LONG_SIDE, FileRefused, ProcessedPage,
                                        page_is_blank, rotate_page)
from counter.catalog.model import Material
from counter.clock import Clock
from counter.errors import InvalidInput, NotFound
from counter.identity import Actor
from counter.intake.intake import Intake, MaterialState, MaterialStatus
from counter.permissions import PermissionDenied, Permissions
from counter.store.blobs import BlobStore
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

__all__ = ["CaptureService", "Prepared", "AddResult", "Source", "colour_for"]

#: What may be imported: a file on disk, or bytes with a name (camera, driver, drag and drop).
Source = Union[SourceFile, str, "os.PathLike[str]"]
Progress = Callable[[int, int], None]


def colour_for(material: Material) -> bool:
    """Whether a material is captured in colour by default (彩色/灰度).

    Certificates and licences (证照: seals, photos, security print) are kept in colour; forms
    and other papers are greyscale, which is as legible and about a third smaller.
    """
    return material.kind == "certificate" or bool(material.e_licence_type)


@dataclass(frozen=True)
class Prepared:
    """Pages normalised and stored, ready to attach (已处理的页面).

    Attributes:
        pages: every page of every file, in order (a page may occur twice).
        files: how many files they came from.
    """

    pages: tuple[ProcessedPage, ...]
    files: int

    @property
    def digests(self) -> list[str]:
        return [p.sha256 for p in self.pages]


@dataclass(frozen=True)
class AddResult:
    """What an import did to a material (添加结果).

    Attributes:
        material_id: the material.
        added: digests appended to the material, in order.
        duplicates: pages not appended because the material already had them (or they came
            twice in the same import).
        blank: those of ``added`` that look blank (空白页): shown to the clerk, who decides.
        total: the material's page count afterwards.
    """

    material_id: str
    added: tuple[str, ...]
    duplicates: tuple[str, ...]
    blank: tuple[str, ...]
    total: int

    def summary(self) -> str:
        """One line for the status bar, e.g. ``已添加 3 页（1 页疑似空白，已跳过重复 2 页）``."""
        text = f"已添加 {len(self.added)} 页"
        notes = []
        if self.blank:
            notes.append(f"{len(self.blank)} 页疑似空白")
        if self.duplicates:
            notes.append(f"已跳过重复 {len(self.duplicates)} 页")
        if notes:
            text += "（" + "，".join(notes) + "）"
        return text + f"，本材料共 {self.total} 页。"


class CaptureService:
    """Pages of the materials of a draft (材料采集).

    Args:
        blobs: the content-addressed blob store pages are kept in.
        clock: the source of "now" (stamps the draft as changed).
        pdf: renders PDF pages (the desktop sets ``QtPdfRasteriser``); without it PDFs are
            refused.
        max_side: longest side of a stored page in pixels.
        uow: the unit-of-work factory the permission checks read the account from and record
            refusals in; None: the role matrix only, refusals not recorded.
        permissions: the permission checks; default: the role matrix only.
    """

    def __init__(self, blobs: BlobStore, clock: Clock, *, pdf: PdfRasteriser | None = None,
                 max_side: int = MAX_LONG_SIDE, uow: UowFactory | None = None,
                 permissions: Permissions | None = None) -> None:
        self._blobs = blobs
        self._clock = clock
        self.pdf = pdf
        self.max_side = max_side
        self._uow = uow
        self._perm = permissions or Permissions(None, clock)

    @property
    def permissions(self) -> Permissions:
        """The permission checks of this service (its ``guard`` gives the logged-in user)."""
        return self._perm

    def _require(self, actor: Actor, action: str) -> None:
        """Refuse (:class:`PermissionDenied`, audited when there is a store) unless ``actor``
        may perform ``action`` now; one short read-only unit of work."""
        if self._uow is None:
            reason = self._perm.problem(None, actor, action)
            if reason:
                raise PermissionDenied(reason, action=action)
            return
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, action, at=self._clock.now())

    # -- the slow half (any thread) --------------------------------------------------------

    def process(self, sources: Iterable[Source], *, colour: bool = True,
                progress: Progress | None = None) -> Prepared:
        """Read, split and normalise ``sources``; store nothing.

        Every file is looked at, so that one message lists every bad file.

        Raises:
            InvalidInput: one or more files were refused; the message (and ``problems``, when
                several) names each. Nothing was stored.
        """
        sources = list(sources)
        pages: list[ProcessedPage] = []
        problems: list[str] = []
        for done, source in enumerate(sources, start=1):
            try:
                if not isinstance(source, SourceFile):
                    source = read_source(source)
                pages.extend(split_file(source, colour=colour, pdf=self.pdf,
                                        max_side=self.max_side))
            except FileRefused as refusal:
                problems.append(refusal.message)
            if progress is not None:
                progress(done, len(sources))
        if problems:
            log.info("import refused: %d of %d file(s) bad", len(problems), len(sources))
            if len(problems) == 1:
                raise InvalidInput(problems[0] + ("" if len(sources) == 1
                                                  else "本次导入的其他文件也未保存。"))
            raise InvalidInput(f"{len(problems)} 个文件无法导入，本次导入的文件均未保存：",
                               problems=problems)
        return Prepared(pages=tuple(pages), files=len(sources))

    def prepare(self, sources: Iterable[Source], *, colour: bool = True,
                progress: Progress | None = None) -> Prepared:
        """:meth:`process` and then store every page (已存储，尚未关联到材料).

        Safe on a worker thread: it touches no draft. A page already in the store is not
        written again.
        """
        prepared = self.process(sources, colour=colour, progress=progress)
        for page in prepared.pages:
            digest = self._blobs.put(page.jpeg_bytes)
            if digest != page.sha256:  # pragma: no cover - the store hashes as we do
                raise RuntimeError("blob digest mismatch")
        return prepared

    # -- the quick half (the draft's thread) -----------------------------------------------

    def attach(self, intake: Intake, material_id: str, prepared: Prepared | Sequence[ProcessedPage]
               ) -> AddResult:
        """Append prepared pages to a material of ``intake`` (关联到材料), in order.

        A page the material already has, or that occurs twice in ``prepared``, is appended
        once. A material that gets pages is marked received (unless it is exempt by an
        e-licence, which stays). The draft is not saved.

        Raises:
            NotFound: the draft has no such material.
            InvalidInput: a page is not in the blob store (it was never prepared).
        """
        state = self._state(intake, material_id)
        pages = prepared.pages if isinstance(prepared, Prepared) else tuple(prepared)
        for page in pages:
            if not self._blobs.has(page.sha256):
                raise InvalidInput("页面尚未保存，无法添加到材料，请重新导入。")
        have = set(state.pages)
        added: list[str] = []
        duplicates: list[str] = []
        blank: list[str] = []
        for page in pages:
            if page.sha256 in have:
                duplicates.append(page.sha256)
                continue
            have.add(page.sha256)
            state.pages.append(page.sha256)
            added.append(page.sha256)
            if page.blank:
                blank.append(page.sha256)
        if added:
            self._received(state)
            intake.touch(self._clock.now())
        log.debug("attached %d page(s), %d duplicate(s)", len(added), len(duplicates))
        return AddResult(material_id=material_id, added=tuple(added),
                         duplicates=tuple(duplicates), blank=tuple(blank),
                         total=len(state.pages))

    def add_pages(self, intake: Intake, material_id: str, sources: Iterable[Source], *,
                  colour: bool = True, progress: Progress | None = None) -> AddResult:
        """Import ``sources`` into a material: :meth:`prepare` then :meth:`attach`.

        Raises:
            NotFound: no such material (checked first: nothing is processed or stored).
            InvalidInput: a file was refused (named in the message); nothing was stored.
        """
        self._state(intake, material_id)
        return self.attach(intake, material_id,
                           self.prepare(sources, colour=colour, progress=progress))

    # -- editing ---------------------------------------------------------------------------

    def pages(self, intake: Intake, material_id: str) -> list[str]:
        """The material's pages (sha256) in order."""
        return list(self._state(intake, material_id).pages)

    def page_count(self, intake: Intake, material_id: str) -> int:
        """How many pages the material has (页数)."""
        return len(self._state(intake, material_id).pages)

    def page_counts(self, intake: Intake) -> dict[str, int]:
        """Page counts of every material of the draft (for the checklist)."""
        return {mid: len(state.pages) for mid, state in intake.materials.items()}

    def reorder(self, intake: Intake, material_id: str, order: Sequence[str]) -> None:
        """Put the material's pages in ``order`` (调整顺序): the same pages, rearranged.

        Raises:
            InvalidInput: ``order`` is not a permutation of the material's pages.
        """
        state = self._state(intake, material_id)
        if sorted(order) != sorted(state.pages) or len(set(order)) != len(order):
            raise InvalidInput("页面顺序与材料的页面不一致，请刷新后重试。")
        if list(order) != state.pages:
            state.pages[:] = list(order)
            intake.touch(self._clock.now())

    def move(self, intake: Intake, material_id: str, page: str, offset: int) -> int:
        """Move a page ``offset`` places (−1: one earlier); returns its new index (clamped)."""
        state = self._state(intake, material_id)
        index = self._index(state, page)
        target = max(0, min(len(state.pages) - 1, index + offset))
        if target != index:
            state.pages.insert(target, state.pages.pop(index))
            intake.touch(self._clock.now())
        return target

    def rotate(self, intake: Intake, material_id: str, page: str, degrees: int = 90, *,
               actor: Actor) -> str:
        """Turn a page clockwise by ``degrees`` (旋转); returns the new page's digest.

        :meth:`turn` then :meth:`replace`; the UI calls those two separately, the first on
        its worker thread.
        """
        self._index(self._state(intake, material_id), page)
        turned = self.turn(page, degrees, actor=actor)
        self.replace(intake, material_id, page, turned.sha256)
        return turned.sha256

    def turn(self, page: str, degrees: int = 90, *, actor: Actor) -> ProcessedPage:
        """The stored page turned clockwise by ``degrees``, stored as a new blob (slow half
        of :meth:`rotate`: safe on any thread, touches no draft); ``page.view`` (it reads the
        stored page and returns it turned)."""
        self._require(actor, "page.view")
        turned = rotate_page(self._blobs.get(page), degrees)
        self._blobs.put(turned.jpeg_bytes)
        return turned

    def replace(self, intake: Intake, material_id: str, page: str, new_page: str) -> None:
        """Put the stored ``new_page`` in the place of ``page`` (quick half of :meth:`rotate`).

        The old blob stays (another draft or case may hold it). When the material already has
        ``new_page`` elsewhere, ``page`` is simply removed.
        """
        state = self._state(intake, material_id)
        index = self._index(state, page)
        if not self._blobs.has(new_page):
            raise InvalidInput("页面尚未保存，无法替换，请重试。")
        if new_page in state.pages and new_page != page:
            state.pages.pop(index)
        else:
            state.pages[index] = new_page
        intake.touch(self._clock.now())

    def delete(self, intake: Intake, material_id: str, page: str) -> None:
        """Remove a page from the material (删除); the blob stays in the store.

        When the last page goes, a material that was received only because of its pages is
        missing again (unless the clerk ticked paper-only).
        """
        state = self._state(intake, material_id)
        state.pages.pop(self._index(state, page))
        if not state.pages and not state.paper_only and state.status is MaterialStatus.RECEIVED:
            state.status = MaterialStatus.MISSING
            state.copies_received = 0
        intake.touch(self._clock.now())

    def set_paper_only(self, intake: Intake, material_id: str, paper_only: bool) -> None:
        """Tick or untick "paper only, not scanned" (纸质材料，未扫描) for a material."""
        state = self._state(intake, material_id)
        state.paper_only = paper_only
        if paper_only:
            self._received(state)
        elif not state.pages and state.status is MaterialStatus.RECEIVED:
            state.status = MaterialStatus.MISSING
            state.copies_received = 0
        intake.touch(self._clock.now())

    # -- reading pages ---------------------------------------------------------------------

    def page_bytes(self, digest: str, *, actor: Actor) -> bytes:
        """The stored JPEG of a page (for thumbnails, the viewer, printing); ``page.view``
        (audited only when refused: the strip reads one per thumbnail)."""
        self._require(actor, "page.view")
        return self._blobs.get(digest)

    def is_blank(self, digest: str, *, actor: Actor) -> bool:
        """Whether a stored page looks blank (疑似空白页); ``page.view``."""
        self._require(actor, "page.view")
        return page_is_blank(self._blobs.get(digest))

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _state(intake: Intake, material_id: str) -> MaterialState:
        state = intake.materials.get(material_id)
        if state is None:
            raise NotFound("本次受理没有这项材料，请刷新材料清单后重试。")
        return state

    @staticmethod
    def _index(state: MaterialState, page: str) -> int:
        try:
            return state.pages.index(page)
        except ValueError:
            raise NotFound("该页面已不在这项材料中，请刷新后重试。") from None

    @staticmethod
    def _received(state: MaterialState) -> None:
        if state.status is not MaterialStatus.E_LICENCE:
            state.status = MaterialStatus.RECEIVED
