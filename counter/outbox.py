"""The transactional outbox (发件箱): case events for the provincial platform.

A decision writes its event here in the same transaction as the case, so an event exists
exactly when its decision does. The sync worker (``sync/``, later issue) posts pending events
in ``seq`` order per case (``POST /cases/{case_no}/events``) and records the outcome.

The payload builders below produce exactly the shapes of ``contracts/platform-api.md``.
``notice_blob`` of ``notified``/``rejected`` is the sha256 of the notice the decision archived
in its own transaction (:mod:`counter.services.cases`, when a document renderer is wired; the
worker uploads the blob first, as the contract requires); without a renderer it is ``null``,
which the platform accepts for a document that was never produced.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from counter.clock import to_rfc3339
from counter.errors import CounterError
from counter.identity import Actor
from counter.store.models import OutboxRow

#: Event types of the contract and the payload keys each must carry (optional ones apart).
EVENT_KEYS: dict[str, tuple[frozenset, frozenset]] = {
    "accepted": (frozenset({"items", "applicant", "contact", "form", "answers", "materials",
                            "accepted_at", "promised_at", "query_password_hash"}),
                 frozenset({"package_id", "tolerance"})),
    "notified": (frozenset({"items", "applicant", "missing", "notice_blob"}), frozenset()),
    "rejected": (frozenset({"items", "applicant", "reason_code", "reason_text", "notice_blob"}),
                 frozenset()),
    "supplemented": (frozenset({"materials"}), frozenset()),
    "terminated": (frozenset({"reason_text", "approved_by"}), frozenset()),
    "picked_up": (frozenset({"picked_up_by"}), frozenset({"signature_blob"})),
    "rated": (frozenset({"level"}), frozenset({"reasons", "comment"})),
    "voided": (frozenset({"reason_text", "approved_by"}), frozenset()),
}
#: Sync states of an event.
STATES = ("pending", "sent", "acked", "failed", "refused")
#: The platform refuses event bodies above 1 MiB.
MAX_EVENT_BYTES = 1024 * 1024

#: Ledger statuses the contract knows for ``accepted.materials[].status``.
CONTRACT_MATERIAL_STATUSES = ("received", "e_licence", "tolerated", "not_applicable")


def _items(case) -> list[dict]:
    return [{"code": code, "name": name} for code, name in case.items]


def accepted_payload(case, query_password_hash: str, tolerance: dict | None = None) -> dict:
    """``accepted`` (受理): the full case snapshot.

    Args:
        case: the accepted :class:`counter.cases.model.Case`.
        query_password_hash: as stored (see ``counter.cases.password``).
        tolerance: ``{materials, deadline, approved_by, commitment_blob}`` for 容缺受理
            (later issue); omitted when None.
    """
    payload = {
        "items": _items(case),
        "applicant": case.applicant.to_json(),
        "contact": {"name": case.contact.get("name", ""), "mobile": case.contact.get("mobile", "")},
        "form": dict(case.form),
        "answers": dict(case.answers),
        "materials": [{"material": m.material, "status": m.status, "copies": m.copies,
                       "original": m.original, "blobs": list(m.pages)}
                      for m in case.materials if m.status in CONTRACT_MATERIAL_STATUSES],
        "accepted_at": to_rfc3339(case.accepted_at),
        "promised_at": to_rfc3339(case.promised_at),
        "query_password_hash": query_password_hash,
    }
    if case.package_id:
        payload["package_id"] = case.package_id
    if tolerance is not None:
        payload["tolerance"] = tolerance
    return payload


def notified_payload(case, notice_blob: str | None = None) -> dict:
    """``notified`` (一次性告知): the complete list of missing material ids."""
    return {"items": _items(case), "applicant": case.applicant.to_json(),
            "missing": list(case.missing), "notice_blob": notice_blob}


def rejected_payload(case, notice_blob: str | None = None) -> dict:
    """``rejected`` (不予受理): reason code from the catalog and the clerk's text."""
    return {"items": _items(case), "applicant": case.applicant.to_json(),
            "reason_code": case.reason_code, "reason_text": case.reason_text,
            "notice_blob": notice_blob}


def picked_up_payload(name: str, id_type: str, id_number: str,
                      signature_blob: str | None = None) -> dict:
    """``picked_up`` (出件): who collected the result."""
    payload: dict[str, Any] = {"picked_up_by": {"name": name, "id_type": id_type,
                                                "id_number": id_number}}
    if signature_blob:
        payload["signature_blob"] = signature_blob
    return payload


def supplemented_payload(materials: list[tuple[str, list[str]]]) -> dict:
    """``supplemented`` (补正): ``[(material id, [sha256 …])]``."""
    return {"materials": [{"material": m, "blobs": list(b)} for m, b in materials]}


def terminated_payload(reason_text: str, approved_by: Actor) -> dict:
    """``terminated`` (终止, tolerance overdue)."""
    return {"reason_text": reason_text, "approved_by": approved_by.user_id}


def voided_payload(reason_text: str, approved_by: Actor) -> dict:
    """``voided`` (作废)."""
    return {"reason_text": reason_text, "approved_by": approved_by.user_id}


def rated_payload(level: int, reasons: list[str] | None = None, comment: str | None = None) -> dict:
    """``rated`` (好差评): level 1–5."""
    if not 1 <= int(level) <= 5:
        raise ValueError("rating level must be 1..5")
    payload: dict[str, Any] = {"level": int(level)}
    if reasons:
        payload["reasons"] = list(reasons)
    if comment:
        payload["comment"] = comment
    return payload


def check_payload(event_type: str, payload: Mapping[str, Any]) -> None:
    """Raise ValueError when ``payload`` lacks a key of its type or has one it must not."""
    if event_type not in EVENT_KEYS:
        raise ValueError(f"unknown event type {event_type!r}")
    required, optional = EVENT_KEYS[event_type]
    keys = set(payload)
    if not required <= keys or not keys <= required | optional:
        raise ValueError(f"payload of {event_type!r}: missing {sorted(required - keys)}, "
                         f"unexpected {sorted(keys - required - optional)}")


_OUTBOX = OutboxRow.__table__
_LAST_SEQ = select(func.max(_OUTBOX.c.seq)).where(_OUTBOX.c.case_no == bindparam("case_no"))


def next_seq(session: Session, case_no: str) -> int:
    """The next contiguous seq of ``case_no`` (1 for a new case)."""
    last = session.connection().execute(_LAST_SEQ, {"case_no": case_no}).scalar()
    return (last or 0) + 1


def append_event(session: Session, case_no: str, type: str, actor: Actor,  # noqa: A002
                 payload: Mapping[str, Any], occurred_at: datetime) -> OutboxRow:
    """Add an event in the caller's transaction, with the next seq of its case; returns it
    (a detached row: the event is written at once, on the session's connection).

    The caller holds the case's write lock (SQLite ``BEGIN IMMEDIATE``; on PostgreSQL the
    services lock the case row first), so the seq cannot be taken twice; the unique
    ``(case_no, seq)`` constraint guards it anyway.
    """
    check_payload(type, payload)
    payload_text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(payload_text.encode("utf-8")) > MAX_EVENT_BYTES - 4096:
        raise CounterError("办件数据过大，超过平台单个事件 1 MiB 的上限，请精简填写内容。")
    values = dict(event_id=str(uuid.uuid4()), case_no=case_no, seq=next_seq(session, case_no),
                  type=type, occurred_at=occurred_at,
                  actor=json.dumps(actor.to_json(), ensure_ascii=False, sort_keys=True),
                  payload=payload_text, state="pending", attempts=0, last_error=None,
                  next_attempt_at=None, created_at=occurred_at, updated_at=occurred_at)
    session.connection().execute(insert(_OUTBOX), [values])
    return OutboxRow(**values)


def event_body(row: OutboxRow) -> dict:
    """The request body of ``POST /cases/{case_no}/events`` for an outbox row."""
    return {"event_id": row.event_id, "seq": row.seq, "type": row.type,
            "occurred_at": to_rfc3339(row.occurred_at), "actor": json.loads(row.actor),
            "payload": json.loads(row.payload)}


def renew_unsent_password_hash(session: Session, case_no: str, query_password_hash: str) -> bool:
    """Put a reset query password's hash into the case's ``accepted`` event — only while that
    event has never been handed to a sync worker (``pending``, no attempt, untouched since it
    was written: a claim marks ``updated_at``), so the platform can never see two bodies under
    one ``event_id`` (``event_conflict``). Locks the row (``FOR UPDATE``; a worker's claim
    skips it meanwhile). True when the event now carries the new hash.

    The platform contract has no event for a password reset; once the ``accepted`` event may
    have left, the reset stays local (see docs/sync.md).
    """
    row = session.scalars(select(OutboxRow).where(OutboxRow.case_no == case_no,
                                                  OutboxRow.type == "accepted")
                          .with_for_update()).first()
    if (row is None or row.state != "pending" or row.attempts
            or row.updated_at != row.created_at):
        return False
    payload = json.loads(row.payload)
    payload["query_password_hash"] = query_password_hash
    row.payload = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return True
