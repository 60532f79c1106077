"""The audit log (审计日志): who did what, chained with sha256 so that tampering shows.

Each entry's ``hash`` is ``sha256`` of the canonical JSON (sorted keys, no blanks, UTF-8) of
the entry's fields *including* ``prev_hash``; ``prev_hash`` of the first entry is 64 zeros.
Changing, deleting or reordering any entry breaks the chain at that entry; :func:`verify`
finds the first broken one. The head of the chain (last seq and hash) is kept in the
``audit_head`` row, locked by every append, so that appends serialise on PostgreSQL too.

Entries are written by the services inside their own transaction (a decision and its audit
entry commit together). ``detail`` must never hold personal data: no names, ID numbers or
phone numbers — only codes, counts and case numbers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from counter.identity import Actor
from counter.store.models import AuditHeadRow, AuditRow

GENESIS = "0" * 64
_HEAD_ID = 1
_LOG = AuditRow.__table__
_HEAD = AuditHeadRow.__table__
_SELECT_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == _HEAD_ID).with_for_update()


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(data: Any) -> str:
    """Canonical JSON: sorted keys, no blanks, non-ASCII kept (hashed as UTF-8)."""
    return _CANONICAL.encode(data)


def _moment(at: datetime) -> str:
    return at.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_hash(*, seq: int, at: datetime, user_id: str, role: str, action: str,
               case_no: str | None, result: str, detail: str, prev_hash: str) -> str:
    """The hash of one entry (see the module docstring)."""
    body = {"seq": seq, "at": _moment(at), "user_id": user_id, "role": role, "action": action,
            "case_no": case_no, "result": result, "detail": detail, "prev_hash": prev_hash}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def append(session: Session, *, at: datetime, actor: Actor | None, action: str,
           case_no: str | None = None, result: str = "ok",
           detail: Mapping[str, Any] | None = None, user_id: str | None = None,
           role: str | None = None) -> AuditRow:
    """Append an entry inside the caller's transaction and return it (a detached row: the
    entry is written at once, on the session's connection).

    Args:
        at: when (aware datetime).
        actor: who; ``None`` with ``user_id``/``role`` for system actors (the sync worker).
        action: what, e.g. ``case.accept``.
        case_no: the case concerned, if any.
        result: ``ok`` or ``refused``.
        detail: codes and counts only — never personal data.
    """
    if result not in ("ok", "refused"):
        raise ValueError(f"audit result {result!r}")
    user_id = actor.user_id if actor else (user_id or "system")
    role = actor.role if actor else (role or "system")
    conn = session.connection()
    head = conn.execute(_SELECT_HEAD).first()
    seq, prev = (head.seq + 1, head.hash) if head is not None else (1, GENESIS)
    detail_text = canonical(dict(detail or {}))
    at = at.astimezone(timezone.utc)
    digest = entry_hash(seq=seq, at=at, user_id=user_id, role=role, action=action,
                        case_no=case_no, result=result, detail=detail_text, prev_hash=prev)
    values = dict(seq=seq, at=at, user_id=user_id, role=role, action=action, case_no=case_no,
                  result=result, detail=detail_text, prev_hash=prev, hash=digest)
    conn.execute(insert(_LOG), [values])
    if head is None:
        conn.execute(insert(_HEAD), [dict(id=_HEAD_ID, seq=seq, hash=digest)])
    else:
        conn.execute(update(_HEAD).where(_HEAD.c.id == _HEAD_ID).values(seq=seq, hash=digest))
    return AuditRow(**values)


def verify(session: Session, *, batch: int = 5000) -> int | None:
    """The seq of the first broken entry, or None when the whole chain holds.

    An entry is broken when its hash does not match its content, its ``prev_hash`` is not the
    previous entry's hash, or its seq does not follow the previous one (a deleted entry).
    A head row that disagrees with the last entry (entries cut off at the end) breaks at
    ``last seq + 1``.
    """
    prev_seq, prev_hash = 0, GENESIS
    while True:
        rows = session.scalars(select(AuditRow).where(AuditRow.seq > prev_seq)
                               .order_by(AuditRow.seq).limit(batch)).all()
        if not rows:
            break
        for r in rows:
            expected = entry_hash(seq=r.seq, at=r.at, user_id=r.user_id, role=r.role,
                                  action=r.action, case_no=r.case_no, result=r.result,
                                  detail=r.detail, prev_hash=r.prev_hash)
            if r.seq != prev_seq + 1 or r.prev_hash != prev_hash or r.hash != expected:
                return r.seq
            prev_seq, prev_hash = r.seq, r.hash
    head = session.get(AuditHeadRow, _HEAD_ID)
    if head is not None and (head.seq, head.hash) != (prev_seq, prev_hash):
        return prev_seq + 1
    return None
