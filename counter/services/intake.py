"""Intake use cases (受理草稿服务): start, save as the clerk types, resume after a crash,
discard, and prefill from the applicant's previous case (免填写).

Each call is one short transaction. :meth:`IntakeService.save` runs while the clerk types
(debounced by the UI), so it writes one row and nothing else; a crash loses nothing that was
saved, because the store commits with ``synchronous=FULL``. :meth:`IntakeService.update`
changes a stored draft by id (pages of an import that finished after the clerk moved on).

Permissions (:mod:`counter.permissions`): every call names its actor and checks it first —
``draft.edit`` to start, save, list, resume or discard a draft (at a 政银合作服务点, and for bank
staff, only items delegated to bank points can be started), ``case.view`` for the values of an
applicant's previous case (免填写). A locked screen refuses them all; refusals are audited.
"""

from __future__ import annotations

import json
import logging
from typing import Callable, Iterable, TypeVar

from sqlalchemy import select

from counter import audit
from counter.cases.repository import draft_row, upsert_draft
from counter.clock import Clock
from counter.errors import InvalidInput
from counter.identity import Actor
from counter.intake.intake import Intake
from counter.intake.merge import IntakeSpec, is_empty
from counter.permissions import Permissions
from counter.services.catalog import CatalogService
from counter.store.models import CaseRow, DraftRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

__all__ = ["IntakeService", "DraftClosed", "PREFILL_PREFIXES", "usage_key"]

T = TypeVar("T")

#: Form fields that describe the applicant and may be carried over from their previous case
#: (免填写), by applicant type. Item-specific fields (a project, a newborn, an agent …) never
#: are, and a person's values are never offered for an organisation or the other way round.
PREFILL_PREFIXES = {
    "person": ("applicant.", "contact.", "hukou.", "bank."),
    "organisation": ("enterprise.", "contact."),
}


def usage_key(kind: str, key: str) -> str:
    """The catalog usage key: the item code, or ``pkg:<id>`` for a package."""
    return key if kind == "item" else f"pkg:{key}"


class IntakeService:
    """Drafts at the window (受理草稿服务).

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        catalog: the catalog service (the active catalog, other versions, usage counts).
        site: the site service (a bank point offers only its delegated items); None: every
            item may be started (the role's own limits still apply).
        permissions: the permission checks; default: the role matrix only.
    """

    def __init__(self, uow: UowFactory, clock: Clock, catalog: CatalogService, *,
                 site=None, permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._site = site
        self._perm = permissions or Permissions(None, clock)

    def spec(self, intake: Intake) -> IntakeSpec:
        """The form definition of a draft, from the catalog version it was started with."""
        return IntakeSpec.for_target(self._catalog.version(intake.catalog_version),
                                     intake.kind, intake.key)

    def start(self, kind: str, key: str, actor: Actor, *, queue_ticket: str | None = None,
              applicant_kind: str | None = None) -> Intake:
        """A new draft for an item (``kind="item"``, ``key`` = code) or a package
        (``kind="package"``, ``key`` = id) of the active catalog (开始受理).

        Counts one use of the item for search ranking (the only write); the draft itself is
        stored by the first :meth:`save`. Refused (audited) when ``actor`` may not edit drafts
        or, at a bank point or for bank staff, when an item is not delegated to bank points.
        """
        now = self._clock.now()
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "draft.edit", at=now)
            spec = IntakeSpec.for_target(self._catalog.active(), kind, key)
            if self._site is not None:
                self._perm.require_offered(u.session, actor, "draft.edit",
                                           self._site.load(u.session), spec.items, at=now)
        intake = Intake.new(spec, self._clock.now(), queue_ticket=queue_ticket,
                            applicant_kind=applicant_kind)
        self._catalog.record_use(usage_key(kind, key))
        return intake

    def save(self, intake: Intake, actor: Actor) -> None:
        """Store the draft as it is now (保存草稿); sets its ``updated_at``.

        Refuses a draft that was already decided or discarded, so that a late save never
        brings it back.
        """
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "draft.edit", at=now)
            row = draft_row(u.session, intake.id, lock=True, missing_ok=True)
            if row is not None and row.status != "open":
                raise DraftClosed(_closed_message(row), status=row.status, case_no=row.case_no)
            intake.touch(now)
            upsert_draft(u.session, intake, now=now)
            u.commit()

    def update(self, intake_id: str, change: Callable[[Intake], T], actor: Actor) -> T:
        """Change the stored draft ``intake_id`` and store it, in one transaction (按编号保存).

        For work that ends after the clerk moved on — pages of an import that finished after
        the draft was parked (暂存), another draft opened, or the window put away for another
        user: ``change`` gets the draft *as stored*, changes it (e.g.
        ``lambda d: capture.attach(d, material_id, prepared)``) and returns what the caller
        wants back. When ``change`` raises, nothing is stored.

        Raises:
            DraftClosed: the draft was decided (``case_no`` says which case it became) or
                discarded meanwhile; nothing is stored.
            NotFound: no draft was ever saved under this id.
        """
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "draft.edit", at=now)
            row = draft_row(u.session, intake_id, lock=True)
            if row.status != "open":
                raise DraftClosed(_closed_message(row), status=row.status, case_no=row.case_no)
            intake = Intake.from_json(row.json)
            result = change(intake)
            intake.touch(now)
            upsert_draft(u.session, intake, now=now)
            u.commit()
        return result

    def load(self, intake_id: str, actor: Actor) -> Intake:
        """A saved draft by id (any status)."""
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "draft.edit")
            return Intake.from_json(draft_row(u.session, intake_id).json)

    def unfinished(self, actor: Actor, limit: int = 50) -> list[Intake]:
        """Open drafts, most recently changed first (未完成的受理), to resume after a crash.

        A draft that can no longer be read (written by a newer program, damaged) is skipped
        with a warning in the log.
        """
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "draft.edit")
            rows = u.session.execute(
                select(DraftRow.id, DraftRow.json).where(DraftRow.status == "open")
                .order_by(DraftRow.updated_at.desc(), DraftRow.id).limit(limit)).all()
        out = []
        for draft_id, text in rows:
            try:
                out.append(Intake.from_json(text))
            except InvalidInput as e:
                log.warning("draft %s cannot be resumed: %s", draft_id, e.message)
        return out

    def discard(self, intake_id: str, actor: Actor) -> None:
        """Throw a draft away (放弃受理); it no longer shows among the unfinished ones.

        Discarding twice is harmless; a decided draft cannot be discarded. Audited
        (``draft.discard``).
        """
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "draft.edit", at=now)
            row = draft_row(u.session, intake_id, lock=True)
            if row.status == "decided":
                raise InvalidInput(_closed_message(row))
            if row.status != "discarded":
                row.status = "discarded"
                row.updated_at = now
                audit.append(u.session, at=now, actor=actor, action="draft.discard",
                             detail={"draft": intake_id[:12], "kind": row.kind,
                                     "key": row.key})
            u.commit()

    def trim_decided(self, after: str = "", limit: int = 1000, *,
                     actor: Actor | None = None) -> tuple[int, str | None]:
        """Empty the content of drafts decided by older versions (办结草稿瘦身), one batch.

        Since a decision keeps only the draft's identity
        (:func:`counter.cases.repository.decided_draft_json`), this is the clean-up of the
        drafts decided before: the next ``limit`` decided drafts with an id after ``after``,
        each one still holding content trimmed the same way. System housekeeping (the
        command line's ``store trim-drafts``): one audit entry per batch with the count, in
        the name of ``actor`` (the administrator logged in on the command line, checked first:
        ``store.maintain``), or of the system when None. A draft that cannot be read is left
        as it is.

        Returns:
            how many drafts were trimmed, and the ``after`` of the next batch (None: done).
        """
        from counter.cases.repository import DECIDED_DRAFT_MARK, decided_draft_json

        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            if actor is not None:
                self._perm.require(s, actor, "store.maintain", at=now)
            ids = s.scalars(select(DraftRow.id).where(DraftRow.status == "decided",
                                                      DraftRow.id > after)
                            .order_by(DraftRow.id).limit(limit)).all()
            if not ids:
                return 0, None
            rows = s.scalars(select(DraftRow).where(
                DraftRow.id.in_(ids),
                DraftRow.json.not_like(f"%{DECIDED_DRAFT_MARK}%"))).all()
            trimmed = 0
            for row in rows:
                try:
                    text = decided_draft_json(Intake.from_json(row.json))
                except InvalidInput:
                    log.warning("decided draft %s cannot be read; left as it is", row.id[:12])
                    continue
                if text != row.json:
                    row.json = text
                    trimmed += 1
            if trimmed or actor is not None:  # a person's run is audited even when idle
                audit.append(s, at=now, actor=actor, action="draft.trim",
                             detail={"drafts": trimmed})
            u.commit()
        return trimmed, ids[-1] if len(ids) == limit else None

    def prefill_for(self, id_number: str, actor: Actor, *, applicant_type: str = "person",
                    keys: Iterable[str] | None = None) -> dict | None:
        """Form values from this applicant's latest case (免填写), or None when there is none.

        Args:
            id_number: the applicant's ID number (a person) or credit code (an organisation),
                as typed; compared in its canonical form.
            applicant_type: ``person`` or ``organisation``; only cases of the same applicant
                type are looked at, and only the fields of :data:`PREFILL_PREFIXES` of that type
                are returned.
            keys: further restrict to these field keys (the fields of the current form).

        ``actor`` must be allowed ``case.view`` (the values come from a decided case).
        """
        from counter.ids import normalise_id_number

        if applicant_type not in PREFILL_PREFIXES:
            raise InvalidInput(f"未知的申请人类型：{applicant_type}")
        number = normalise_id_number(id_number or "")
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "case.view")
            if not number:
                return None
            form_text = u.session.scalar(
                select(CaseRow.form).where(CaseRow.applicant_id_number == number,
                                           CaseRow.applicant_type == applicant_type)
                .order_by(CaseRow.decided_at.desc()).limit(1))
        if form_text is None:
            return None
        prefixes = PREFILL_PREFIXES[applicant_type]
        wanted = set(keys) if keys is not None else None
        values = {k: v for k, v in json.loads(form_text).items()
                  if k.startswith(prefixes) and (wanted is None or k in wanted)
                  and not is_empty(v)}
        return values or None


class DraftClosed(InvalidInput):
    """The draft was decided or discarded; it can no longer change (草稿已办结或已放弃).

    Attributes:
        status: ``decided`` or ``discarded``.
        case_no: the case the draft became (``decided``), else None.
    """

    def __init__(self, message: str, *, status: str, case_no: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.case_no = case_no


def _closed_message(row: DraftRow) -> str:
    if row.status == "decided":
        return f"该受理草稿已办结（办件编号 {row.case_no}），不能再修改。"
    return "该受理草稿已放弃，不能再修改。"
