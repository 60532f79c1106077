"""What the simulated platform checks in an event body (事件校验), by JSON path.

The checks follow ``contracts/platform-api.md``: the envelope (``event_id``, ``seq``, ``type``,
``occurred_at``, ``actor``, ``payload``), the payload keys of each event type, item codes
against the published catalogs, ID numbers of residents (GB 11643) and credit codes
(GB 32100) by checksum, and every referenced blob. Unknown keys are accepted (forward
compatibility). Messages are Chinese and never repeat a personal value.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from counter.ids import id_number_problem, uscc_problem

#: Required and optional payload keys per event type (the contract's table).
PAYLOAD_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "accepted": (("items", "applicant", "contact", "form", "answers", "materials",
                  "accepted_at", "promised_at", "query_password_hash"),
                 ("package_id", "tolerance")),
    "notified": (("items", "applicant", "missing", "notice_blob"), ()),
    "rejected": (("items", "applicant", "reason_code", "reason_text", "notice_blob"), ()),
    "supplemented": (("materials",), ()),
    "terminated": (("reason_text", "approved_by"), ()),
    "picked_up": (("picked_up_by",), ("signature_blob",)),
    "rated": (("level",), ("reasons", "comment")),
    "voided": (("reason_text", "approved_by"), ()),
}
DECISIONS = ("accepted", "notified", "rejected")
MATERIAL_STATUSES = ("received", "e_licence", "tolerated", "not_applicable")
RESIDENT_ID = "111"
CREDIT_CODE = "001"
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Problems:
    """Problems found, by kind; the first non-empty kind decides the error code."""

    invalid: list[dict] = field(default_factory=list)
    unknown_item: list[dict] = field(default_factory=list)
    bad_id: list[dict] = field(default_factory=list)
    blob_missing: list[dict] = field(default_factory=list)

    def add(self, kind: str, path: str, message: str) -> None:
        getattr(self, kind).append({"path": path, "message": message})

    def first(self) -> tuple[str, str, list[dict]] | None:
        """``(code, Chinese message, details)`` of the most fundamental problem kind."""
        if self.invalid:
            return "invalid_event", "事件内容不符合接口规范。", self.invalid
        if self.unknown_item:
            return "unknown_item", "事项编码在省级事项库中不存在。", self.unknown_item
        if self.bad_id:
            return "bad_id_number", "证件号码校验未通过。", self.bad_id
        if self.blob_missing:
            return "blob_missing", "事件引用的附件尚未上传，请先上传附件。", self.blob_missing
        return None


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 time with an offset, else None."""
    if not isinstance(value, str) or not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)", value):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def check_envelope(body: Any, p: Problems) -> None:
    """The event's own keys (everything but the payload's content)."""
    if not isinstance(body, dict):
        p.add("invalid", "", "请求体应为 JSON 对象")
        return
    try:
        uuid.UUID(str(body.get("event_id")))
        if not isinstance(body.get("event_id"), str):
            raise ValueError
    except ValueError:
        p.add("invalid", "event_id", "应为 UUID 字符串")
    seq = body.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        p.add("invalid", "seq", "应为从 1 开始的整数")
    if body.get("type") not in PAYLOAD_KEYS:
        p.add("invalid", "type", "未知的事件类型")
    if parse_time(body.get("occurred_at")) is None:
        p.add("invalid", "occurred_at", "应为带时区的 RFC 3339 时间")
    actor = body.get("actor")
    if not isinstance(actor, dict):
        p.add("invalid", "actor", "应为对象")
    else:
        for key in ("user_id", "role", "site", "counter"):
            if not isinstance(actor.get(key), str) or not actor.get(key):
                p.add("invalid", f"actor.{key}", "缺少或不是字符串")
    if not isinstance(body.get("payload"), dict):
        p.add("invalid", "payload", "应为对象")


def check_payload(body: dict, p: Problems, *, known_item: Callable[[str], bool],
                  has_blob: Callable[[str], bool]) -> None:
    """The payload of a well-formed envelope: keys, shapes, codes, ID numbers, blobs."""
    kind, payload = body["type"], body["payload"]
    required, _optional = PAYLOAD_KEYS[kind]
    for key in required:
        if key not in payload:
            p.add("invalid", f"payload.{key}", "缺少必填项")
    if p.invalid:
        return
    blobs: list[tuple[str, Any, bool]] = []  # (path, value, nullable)
    if kind in DECISIONS:
        _items(payload.get("items"), p, known_item)
        _party(payload.get("applicant"), "payload.applicant", p, with_type=True)
    if kind == "accepted":
        _accepted(payload, p, blobs)
    elif kind in ("notified", "rejected"):
        blobs.append(("payload.notice_blob", payload.get("notice_blob"), True))
        if kind == "notified" and not _str_list(payload.get("missing")):
            p.add("invalid", "payload.missing", "应为材料编号列表")
        if kind == "rejected":
            for key in ("reason_code", "reason_text"):
                if not isinstance(payload.get(key), str) or not payload[key].strip():
                    p.add("invalid", f"payload.{key}", "不能为空")
    elif kind == "supplemented":
        materials = payload.get("materials")
        if not isinstance(materials, list) or not materials:
            p.add("invalid", "payload.materials", "应为非空列表")
        else:
            for i, m in enumerate(materials):
                _material_blobs(m, f"payload.materials[{i}]", p, blobs)
    elif kind in ("terminated", "voided"):
        for key in ("reason_text", "approved_by"):
            if not isinstance(payload.get(key), str) or not payload[key].strip():
                p.add("invalid", f"payload.{key}", "不能为空")
    elif kind == "picked_up":
        _party(payload.get("picked_up_by"), "payload.picked_up_by", p, with_type=False)
        if "signature_blob" in payload:
            blobs.append(("payload.signature_blob", payload["signature_blob"], True))
    elif kind == "rated":
        level = payload.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            p.add("invalid", "payload.level", "评价等级应为 1 至 5")
        if "reasons" in payload and not _str_list(payload["reasons"], empty_ok=True):
            p.add("invalid", "payload.reasons", "应为原因代码列表")
    for path, value, nullable in blobs:
        if value is None and nullable:
            continue
        if not isinstance(value, str) or not _SHA.match(value):
            p.add("invalid", path, "附件标识应为 64 位小写十六进制 SHA-256")
        elif not has_blob(value):
            p.add("blob_missing", path, f"附件 {value} 尚未上传")


def _items(items: Any, p: Problems, known_item: Callable[[str], bool]) -> None:
    if not isinstance(items, list) or not items:
        p.add("invalid", "payload.items", "应为非空的事项列表")
        return
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) \
                or not isinstance(item.get("name"), str):
            p.add("invalid", f"payload.items[{i}]", "应包含 code 与 name")
        elif not known_item(item["code"]):
            p.add("unknown_item", f"payload.items[{i}].code", "事项编码未在省级事项库中登记")


def _party(party: Any, path: str, p: Problems, *, with_type: bool) -> None:
    if not isinstance(party, dict):
        p.add("invalid", path, "应为对象")
        return
    keys = ("type", "name", "id_type", "id_number") if with_type else ("name", "id_type", "id_number")
    for key in keys:
        if not isinstance(party.get(key), str) or not party[key].strip():
            p.add("invalid", f"{path}.{key}", "不能为空")
    if with_type and party.get("type") not in ("person", "organisation", None):
        p.add("invalid", f"{path}.type", "应为 person 或 organisation")
    number = party.get("id_number")
    if not isinstance(number, str):
        return
    if party.get("id_type") == RESIDENT_ID:
        problem = id_number_problem(number)
        if problem:
            p.add("bad_id", f"{path}.id_number", f"居民身份证号码无效：{problem}")
    elif party.get("id_type") == CREDIT_CODE:
        problem = uscc_problem(number)
        if problem:
            p.add("bad_id", f"{path}.id_number", f"统一社会信用代码无效：{problem}")


def _accepted(payload: dict, p: Problems, blobs: list) -> None:
    contact = payload.get("contact")
    if not isinstance(contact, dict):
        p.add("invalid", "payload.contact", "应为对象")
    for key in ("form", "answers"):
        if not isinstance(payload.get(key), dict):
            p.add("invalid", f"payload.{key}", "应为对象")
    for key in ("accepted_at", "promised_at"):
        if parse_time(payload.get(key)) is None:
            p.add("invalid", f"payload.{key}", "应为带时区的 RFC 3339 时间")
    if not isinstance(payload.get("query_password_hash"), str):
        p.add("invalid", "payload.query_password_hash", "应为字符串")
    materials = payload.get("materials")
    if not isinstance(materials, list):
        p.add("invalid", "payload.materials", "应为列表")
    else:
        for i, m in enumerate(materials):
            path = f"payload.materials[{i}]"
            if isinstance(m, dict) and m.get("status") not in MATERIAL_STATUSES:
                p.add("invalid", f"{path}.status", "材料状态无效")
            _material_blobs(m, path, p, blobs)
    tolerance = payload.get("tolerance")
    if tolerance is not None:
        if not isinstance(tolerance, dict):
            p.add("invalid", "payload.tolerance", "应为对象")
        else:
            blobs.append(("payload.tolerance.commitment_blob", tolerance.get("commitment_blob"), True))


def _material_blobs(m: Any, path: str, p: Problems, blobs: list) -> None:
    if not isinstance(m, dict) or not isinstance(m.get("material"), str):
        p.add("invalid", path, "应包含材料编号 material")
        return
    pages = m.get("blobs", [])
    if not isinstance(pages, list):
        p.add("invalid", f"{path}.blobs", "应为附件列表")
        return
    blobs.extend((f"{path}.blobs[{j}]", sha, False) for j, sha in enumerate(pages))


def _str_list(value: Any, *, empty_ok: bool = True) -> bool:
    return isinstance(value, list) and (empty_ok or value) and all(isinstance(v, str) for v in value)

