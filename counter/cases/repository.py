"""Mapping between :class:`counter.cases.model.Case` and the store's case tables (办件存取).

Only the case services call this, inside their unit of work. JSON columns hold compact JSON
with sorted keys, so that equal content is stored byte for byte the same.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.cases.model import (Applicant, Case, CaseState, CaseSummary, HistoryEntry,
                                 LedgerEntry, PickupInfo)
from counter.identity import Actor
from counter.store.models import (CaseHistoryRow, CaseItemRow, CaseMaterialRow, CaseRow,
                                  DraftRow)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _actor(text: str | None) -> Actor | None:
    return Actor.from_json(json.loads(text)) if text else None


# -- writing -------------------------------------------------------------------------------------

def insert_case(session: Session, case: Case, *, draft_id: str | None,
                query_password_hash: str | None) -> CaseRow:
    """Add a decided case with its items, materials ledger and first history entry."""
    row = CaseRow(
        case_no=case.case_no, state=case.state.value, kind=case.kind, key=case.key,
        name=case.name, catalog_version=case.catalog_version, draft_id=draft_id,
        applicant_type=case.applicant.type, applicant_name=case.applicant.name,
        applicant_id_type=case.applicant.id_type, applicant_id_number=case.applicant.id_number,
        contact=dumps(case.contact), form=dumps(case.form), answers=dumps(case.answers),
        missing=dumps(case.missing) if case.missing else None,
        decided_at=case.decided_at, decided_by=dumps(case.decided_by.to_json()),
        accepted_at=case.accepted_at, promised_at=case.promised_at,
        query_password_hash=query_password_hash, reason_code=case.reason_code,
        reason_text=case.reason_text, result=None, status_message=None, picked_up=None,
        created_at=case.decided_at, updated_at=case.decided_at)
    session.add(row)
    session.flush()  # no ORM relationships: the parent row goes first for the foreign keys
    session.add_all(CaseItemRow(case_no=case.case_no, position=i, code=code, name=name)
                    for i, (code, name) in enumerate(case.items))
    session.add_all(CaseMaterialRow(case_no=case.case_no, position=i, material=m.material,
                                    name=m.name, status=m.status, necessity=m.necessity,
                                    copies=m.copies, original=m.original,
                                    pages=dumps(list(m.pages)), items=dumps(list(m.items)))
                    for i, m in enumerate(case.materials))
    for h in case.history:
        add_history(session, case.case_no, h)
    return row


def add_history(session: Session, case_no: str, entry: HistoryEntry) -> None:
    session.add(CaseHistoryRow(case_no=case_no, at=entry.at, action=entry.action,
                               actor=dumps(entry.actor.to_json()) if entry.actor else None,
                               note=entry.note))


def lock_case(session: Session, case_no: str) -> CaseRow | None:
    """The case row, locked for this transaction (``FOR UPDATE`` on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` already holds the write lock)."""
    return session.scalars(select(CaseRow).where(CaseRow.case_no == case_no)
                           .with_for_update()).first()


def pickup_json(info: PickupInfo) -> str:
    return dumps({"at": info.at.isoformat(), "by_applicant": info.by_applicant,
                  "name": info.name, "id_type": info.id_type, "id_number": info.id_number,
                  "actor": info.actor.to_json()})


# -- reading -------------------------------------------------------------------------------------

def _pickup(text: str | None) -> PickupInfo | None:
    if not text:
        return None
    d = json.loads(text)
    return PickupInfo(at=datetime.fromisoformat(d["at"]), by_applicant=d["by_applicant"],
                      name=d["name"], id_type=d["id_type"], id_number=d["id_number"],
                      actor=Actor.from_json(d["actor"]))


def history(session: Session, case_no: str) -> list[HistoryEntry]:
    rows = session.scalars(select(CaseHistoryRow).where(CaseHistoryRow.case_no == case_no)
                           .order_by(CaseHistoryRow.id)).all()
    return [HistoryEntry(at=r.at, action=r.action, actor=_actor(r.actor), note=r.note)
            for r in rows]


def load_case(session: Session, case_no: str, row: CaseRow | None = None) -> Case | None:
    """The whole case (items, ledger, history), or None when there is no such case."""
    row = row if row is not None else session.get(CaseRow, case_no)
    if row is None:
        return None
    items = session.execute(select(CaseItemRow.code, CaseItemRow.name)
                            .where(CaseItemRow.case_no == case_no)
                            .order_by(CaseItemRow.position)).all()
    mats = session.scalars(select(CaseMaterialRow).where(CaseMaterialRow.case_no == case_no)
                           .order_by(CaseMaterialRow.position)).all()
    return Case(
        case_no=row.case_no, state=CaseState(row.state), kind=row.kind, key=row.key,
        name=row.name, items=[(c, n) for c, n in items], catalog_version=row.catalog_version,
        applicant=Applicant(row.applicant_type, row.applicant_name, row.applicant_id_type,
                            row.applicant_id_number),
        contact=json.loads(row.contact), form=json.loads(row.form),
        answers=json.loads(row.answers),
        materials=[LedgerEntry(material=m.material, name=m.name, status=m.status,
                               necessity=m.necessity, copies=m.copies, original=m.original,
                               pages=tuple(json.loads(m.pages)), items=tuple(json.loads(m.items)))
                   for m in mats],
        decided_at=row.decided_at, decided_by=_actor(row.decided_by),
        accepted_at=row.accepted_at, promised_at=row.promised_at,
        reason_code=row.reason_code, reason_text=row.reason_text,
        missing=json.loads(row.missing) if row.missing else [],
        result=json.loads(row.result) if row.result else None,
        status_message=row.status_message, picked_up=_pickup(row.picked_up),
        history=history(session, case_no), updated_at=row.updated_at)


SUMMARY_COLUMNS = (CaseRow.case_no, CaseRow.state, CaseRow.name, CaseRow.applicant_type,
                   CaseRow.applicant_name, CaseRow.decided_at, CaseRow.promised_at)


def summaries(rows: Iterable) -> list[CaseSummary]:
    return [CaseSummary(case_no=r.case_no, state=CaseState(r.state), name=r.name,
                        applicant_type=r.applicant_type, applicant_name=r.applicant_name,
                        decided_at=r.decided_at, promised_at=r.promised_at) for r in rows]


# -- drafts ----------------------------------------------------------------------------------------

def upsert_draft(session: Session, intake, *, now: datetime, status: str = "open",
                 case_no: str | None = None) -> DraftRow:
    """Insert or update the draft row of ``intake`` (one statement pair, no history)."""
    row = session.get(DraftRow, intake.id)
    text = intake.to_json()
    if row is None:
        row = DraftRow(id=intake.id, kind=intake.kind, key=intake.key, json=text, status=status,
                       case_no=case_no, created_at=intake.created_at, updated_at=now)
        session.add(row)
    else:
        row.kind, row.key, row.json, row.status, row.updated_at = (intake.kind, intake.key, text,
                                                                   status, now)
        if case_no is not None:
            row.case_no = case_no
    return row
