"""What the simulated platform checks in an event body (事件校验), by JSON path.

The checks follow ``contracts/platform-api.md``: the envelope (``event_id``, ``seq``, ``type``,
``occurred_at``, ``actor``, ``payload``), the payload keys of each event type, item codes
against the published catalogs, ID numbers of residents (GB 11643) and credit codes
(GB 32100) by checksum, and every referenced blob. Unknown keys are accepted (forward
compatibility). Messages are Chinese and never repeat a personal value.

Contract 1.1 event types, and the bounds the simulator chose where the contract is silent:

* ``rated``: ``level`` an integer 1–5; ``channel`` one of :data:`RATING_CHANNELS`; ``clerk``
  a non-empty user id (≤ 64 characters); ``items`` a non-empty list of item codes, each in a
  published catalog (``unknown_item``); ``reasons?`` a list of non-empty codes (≤ 20);
  ``comment?`` a string of at most :data:`MAX_COMMENT` (500) characters.
* ``rating_followed_up``: ``rating_event_id`` the ``event_id`` of a ``rated`` event already
  stored for the same case; ``verified`` a boolean; ``measures`` non-empty text (≤
  :data:`MAX_TEXT`); ``callback_result`` one of :data:`CALLBACK_RESULTS`; ``closed_at``
  RFC 3339 with an offset.
* ``voided`` (like ``terminated``): ``reason_text`` and ``approved_by`` non-empty.
* ``clock``: ``action`` ``pause``/``resume``; ``cause`` ``supplement``/``special_procedure``,
  the latter with non-empty ``procedure`` text; ``at`` RFC 3339; ``expected_days?`` an
  integer 0–:data:`MAX_EXPECTED_DAYS` (365). Whether the clock was running is not checked.
* ``mailed``: ``carrier`` non-empty; ``tracking_no`` 5–40 letters, digits or ``-``;
  ``address`` with non-empty ``province``, ``city``, ``county``, ``detail``; ``recipient``
  with a non-empty ``name`` and a mainland mobile (11 digits, ``1[3-9]…``).
* Texts without a stated limit are at most :data:`MAX_TEXT` (2000) characters.
* A 1.0 ``rated`` payload (``level``, ``reasons?``, ``comment?`` and none of ``channel``,
  ``clerk``, ``items``) is still accepted when ``check_payload(…, rated_1_0=True)``
  (``SimConfig.accept_1_0_ratings``, default on): the counter's outbox still writes 1.0
  ratings. Once any 1.1 key is present, all of them are required.
* Who submits a ``rated`` event (``actor``) is not checked: the contract says a clerk never
  submits one, but not which actor the counter names for the applicant.

Hall records (:func:`check_hall_record`, :func:`check_hall_update`) are checked the same way;
see their docstrings.
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
    "rated": (("level", "channel", "clerk", "items"), ("reasons", "comment")),
    "rating_followed_up": (("rating_event_id", "verified", "measures", "callback_result",
                            "closed_at"), ()),
    "voided": (("reason_text", "approved_by"), ()),
    "clock": (("action", "cause", "at"), ("procedure", "expected_days")),
    "mailed": (("carrier", "tracking_no", "address", "recipient"), ()),
}
#: The ``rated`` keys new in 1.1 (see ``rated_1_0`` of :func:`check_payload`).
RATED_1_1 = ("channel", "clerk", "items")
#: Required and optional payload keys per hall-record kind (1.1 ``/hall-records``).
RECORD_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "consultation": (("topic", "answer"), ("items", "follow_up")),
    "unresolved": (("summary", "assigned_to", "due_at"), ("items", "case_no")),
}
#: Required and optional payload keys of a hall-record update (``…/updates/{n}``).
UPDATE_KEYS: tuple[tuple[str, ...], tuple[str, ...]] = (("status", "note"), ("closed_at",))
UPDATE_STATUSES = ("in_progress", "closed")
RATING_CHANNELS = ("screen", "device", "qr", "sms")
CALLBACK_RESULTS = ("satisfied", "unsatisfied", "unreachable")
CLOCK_ACTIONS = ("pause", "resume")
CLOCK_CAUSES = ("supplement", "special_procedure")
ADDRESS_KEYS = ("province", "city", "county", "detail")
MAX_COMMENT = 500
MAX_TEXT = 2000
MAX_CODES = 20
MAX_EXPECTED_DAYS = 365
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_TRACKING = re.compile(r"^[A-Za-z0-9-]{5,40}$")
_RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
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
    _actor(body.get("actor"), p)
    if not isinstance(body.get("payload"), dict):
        p.add("invalid", "payload", "应为对象")


def check_payload(body: dict, p: Problems, *, known_item: Callable[[str], bool],
                  has_blob: Callable[[str], bool],
                  rated_event: Callable[[str], bool] = lambda _event_id: False,
                  rated_1_0: bool = False) -> None:
    """The payload of a well-formed envelope: keys, shapes, codes, ID numbers, blobs.

    Args:
        rated_event: whether an ``event_id`` is a stored ``rated`` event of the same case
            (``rating_followed_up``).
        rated_1_0: accept a 1.0 ``rated`` payload (no ``channel``, ``clerk``, ``items``).
    """
    kind, payload = body["type"], body["payload"]
    required, _optional = PAYLOAD_KEYS[kind]
    if kind == "rated" and rated_1_0 and not set(RATED_1_1) & set(payload):
        required = ("level",)
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
        _rated(payload, p, known_item)
    elif kind == "rating_followed_up":
        _followed_up(payload, p, rated_event)
    elif kind == "clock":
        _clock(payload, p)
    elif kind == "mailed":
        _mailed(payload, p)
    for path, value, nullable in blobs:
        if value is None and nullable:
            continue
        if not isinstance(value, str) or not _SHA.match(value):
            p.add("invalid", path, "附件标识应为 64 位小写十六进制 SHA-256")
        elif not has_blob(value):
            p.add("blob_missing", path, f"附件 {value} 尚未上传")


def _rated(payload: dict, p: Problems, known_item: Callable[[str], bool]) -> None:
    level = payload.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        p.add("invalid", "payload.level", "评价等级应为 1 至 5")
    if set(RATED_1_1) & set(payload):  # else a 1.0 rating (check_payload let it through)
        if payload.get("channel") not in RATING_CHANNELS:
            p.add("invalid", "payload.channel", "评价渠道应为 screen、device、qr 或 sms")
        _text(payload, "clerk", p, limit=64)
        _codes(payload.get("items"), "payload.items", p, known_item, empty_ok=False)
    if "reasons" in payload:
        reasons = payload["reasons"]
        if not _str_list(reasons, empty_ok=True) or len(reasons) > MAX_CODES \
                or not all(r.strip() for r in reasons):
            p.add("invalid", "payload.reasons", f"应为不超过 {MAX_CODES} 个原因代码的列表")
    if "comment" in payload:
        comment = payload["comment"]
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
            p.add("invalid", "payload.comment", f"应为不超过 {MAX_COMMENT} 字的文字")


def _followed_up(payload: dict, p: Problems, rated_event: Callable[[str], bool]) -> None:
    ref = payload.get("rating_event_id")
    if not isinstance(ref, str) or not rated_event(ref):
        p.add("invalid", "payload.rating_event_id", "应为本办件已报送的好差评事件标识")
    if not isinstance(payload.get("verified"), bool):
        p.add("invalid", "payload.verified", "应为 true 或 false")
    _text(payload, "measures", p)
    if payload.get("callback_result") not in CALLBACK_RESULTS:
        p.add("invalid", "payload.callback_result", "回访结果应为 satisfied、unsatisfied 或 unreachable")
    if parse_time(payload.get("closed_at")) is None:
        p.add("invalid", "payload.closed_at", "应为带时区的 RFC 3339 时间")


def _clock(payload: dict, p: Problems) -> None:
    if payload.get("action") not in CLOCK_ACTIONS:
        p.add("invalid", "payload.action", "应为 pause 或 resume")
    cause = payload.get("cause")
    if cause not in CLOCK_CAUSES:
        p.add("invalid", "payload.cause", "应为 supplement 或 special_procedure")
    if cause == "special_procedure" or "procedure" in payload:
        _text(payload, "procedure", p)
    if parse_time(payload.get("at")) is None:
        p.add("invalid", "payload.at", "应为带时区的 RFC 3339 时间")
    if "expected_days" in payload:
        days = payload["expected_days"]
        if not isinstance(days, int) or isinstance(days, bool) \
                or not 0 <= days <= MAX_EXPECTED_DAYS:
            p.add("invalid", "payload.expected_days", f"应为 0 至 {MAX_EXPECTED_DAYS} 的整数")


def _mailed(payload: dict, p: Problems) -> None:
    _text(payload, "carrier", p, limit=64)
    tracking = payload.get("tracking_no")
    if not isinstance(tracking, str) or not _TRACKING.match(tracking):
        p.add("invalid", "payload.tracking_no", "运单号应为 5 至 40 位字母、数字或连字符")
    address = payload.get("address")
    if not isinstance(address, dict):
        p.add("invalid", "payload.address", "应为对象")
    else:
        for key in ADDRESS_KEYS:
            _text(address, key, p, path=f"payload.address.{key}", limit=200)
    recipient = payload.get("recipient")
    if not isinstance(recipient, dict):
        p.add("invalid", "payload.recipient", "应为对象")
        return
    _text(recipient, "name", p, path="payload.recipient.name", limit=64)
    mobile = recipient.get("mobile")
    if not isinstance(mobile, str) or not _MOBILE.match(mobile):
        p.add("invalid", "payload.recipient.mobile", "应为 11 位大陆手机号码")


def check_hall_record(body: Any, record_id: str, p: Problems, *,
                      known_item: Callable[[str], bool]) -> None:
    """A hall record (首问咨询 ``consultation``, 办不成事反映 ``unresolved``).

    Envelope: ``record_id`` (equal to the path's; 1–64 letters, digits, ``.``, ``_``, ``-``),
    ``kind``, ``occurred_at``, ``actor`` as for events, ``payload``. ``consultation``:
    ``topic`` (≤ 200), ``answer`` (≤ :data:`MAX_TEXT`), ``items?`` (codes),
    ``follow_up?`` (text ≤ 500, what was promised). ``unresolved``: ``summary``,
    ``assigned_to`` (≤ 64), ``due_at`` (RFC 3339), ``items?``, ``case_no?`` (not checked
    against the cases: it may not have reached the platform yet).
    """
    _record_envelope(body, record_id, p)
    if p.invalid:
        return
    if body.get("kind") not in RECORD_KEYS:
        p.add("invalid", "kind", "应为 consultation 或 unresolved")
        return
    payload = body["payload"]
    required, _optional = RECORD_KEYS[body["kind"]]
    for key in required:
        if key not in payload:
            p.add("invalid", f"payload.{key}", "缺少必填项")
    if p.invalid:
        return
    if "items" in payload:
        _codes(payload["items"], "payload.items", p, known_item, empty_ok=True)
    if body["kind"] == "consultation":
        _text(payload, "topic", p, limit=200)
        _text(payload, "answer", p)
        if "follow_up" in payload:
            _text(payload, "follow_up", p, limit=500)
    else:
        _text(payload, "summary", p)
        _text(payload, "assigned_to", p, limit=64)
        if parse_time(payload.get("due_at")) is None:
            p.add("invalid", "payload.due_at", "应为带时区的 RFC 3339 时间")
        if "case_no" in payload:
            _text(payload, "case_no", p, limit=64)


def check_hall_update(body: Any, record_id: str, p: Problems) -> None:
    """An update of a hall record (``…/updates/{n}``, progress and closure).

    Envelope: ``record_id`` (the path's), ``occurred_at``, ``actor``, ``payload``:
    ``status`` (``in_progress`` / ``closed``), ``note`` (≤ :data:`MAX_TEXT`), ``closed_at``
    (RFC 3339, required when ``closed``).
    """
    _record_envelope(body, record_id, p)
    if p.invalid:
        return
    payload = body["payload"]
    for key in UPDATE_KEYS[0]:
        if key not in payload:
            p.add("invalid", f"payload.{key}", "缺少必填项")
    if p.invalid:
        return
    if payload["status"] not in UPDATE_STATUSES:
        p.add("invalid", "payload.status", "应为 in_progress 或 closed")
    _text(payload, "note", p)
    if (payload["status"] == "closed" or "closed_at" in payload) \
            and parse_time(payload.get("closed_at")) is None:
        p.add("invalid", "payload.closed_at", "应为带时区的 RFC 3339 时间")


def _record_envelope(body: Any, record_id: str, p: Problems) -> None:
    if not isinstance(body, dict):
        p.add("invalid", "", "请求体应为 JSON 对象")
        return
    if not _RECORD_ID.match(record_id):
        p.add("invalid", "record_id", "记录标识应为 1 至 64 位字母、数字、点、下划线或连字符")
    elif body.get("record_id") != record_id:
        p.add("invalid", "record_id", "应与地址中的记录标识一致")
    if parse_time(body.get("occurred_at")) is None:
        p.add("invalid", "occurred_at", "应为带时区的 RFC 3339 时间")
    _actor(body.get("actor"), p)
    if not isinstance(body.get("payload"), dict):
        p.add("invalid", "payload", "应为对象")


def _actor(actor: Any, p: Problems) -> None:
    if not isinstance(actor, dict):
        p.add("invalid", "actor", "应为对象")
        return
    for key in ("user_id", "role", "site", "counter"):
        if not isinstance(actor.get(key), str) or not actor.get(key):
            p.add("invalid", f"actor.{key}", "缺少或不是字符串")


def _text(obj: dict, key: str, p: Problems, *, path: str | None = None,
          limit: int = MAX_TEXT) -> None:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        p.add("invalid", path or f"payload.{key}", f"应为不超过 {limit} 字的非空文字")


def _codes(codes: Any, path: str, p: Problems, known_item: Callable[[str], bool], *,
           empty_ok: bool) -> None:
    if not _str_list(codes, empty_ok=empty_ok) or len(codes) > MAX_CODES:
        p.add("invalid", path, f"应为不超过 {MAX_CODES} 个事项编码的列表")
        return
    for i, code in enumerate(codes):
        if not known_item(code):
            p.add("unknown_item", f"{path}[{i}]", "事项编码未在省级事项库中登记")


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

