"""What an event body refers to (事件引用的附件).

Shared by the worker (uploads these before posting) and the simulator (checks them).
"""

from __future__ import annotations

from typing import Any


def referenced_blobs(body: dict[str, Any]) -> list[str]:
    """Every blob digest an event body refers to, each once, in order of appearance.

    The contract's blob references: ``materials[].blobs[]`` (``accepted``, ``supplemented``),
    ``notice_blob`` (``notified``, ``rejected``), ``signature_blob`` (``picked_up``) and
    ``tolerance.commitment_blob`` (``accepted`` with 容缺受理). ``null`` references are skipped.
    """
    payload = body.get("payload") or {}
    out: list[str] = []
    for m in payload.get("materials") or []:
        if isinstance(m, dict):
            out.extend(s for s in m.get("blobs") or [] if isinstance(s, str))
    for key in ("notice_blob", "signature_blob"):
        if isinstance(payload.get(key), str):
            out.append(payload[key])
    tolerance = payload.get("tolerance")
    if isinstance(tolerance, dict) and isinstance(tolerance.get("commitment_blob"), str):
        out.append(tolerance["commitment_blob"])
    return list(dict.fromkeys(out))
