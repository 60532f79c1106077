"""What a scanner-gun code is (扫码分派): case number, e-licence, ID QR code, queue ticket.

A keyboard-wedge scanner (扫码枪) at the window reads barcodes and QR codes of several kinds;
:func:`classify` tells them apart **by content** and :func:`apply_to_intake` records what a
code means for the draft being worked on. Nothing here opens a case or touches a widget: the
UI routes :attr:`CodeKind.CASE_NO` to the case view and applies the rest.

Formats recognised (documented in ``docs/capture.md``):

* **case number** (办件编号): 24 characters with a valid check character
  (:func:`counter.cases.numbering.parse_case_no`), as printed on receipts → open the case.
* **e-licence QR** (电子证照二维码), either form:

  - JSON ``{"kind": "e_licence", "type": "营业执照", "number": "…", "holder_id": "…",
    "holder_name": "…", "issuer": "…", "valid_until": "2030-12-31"}`` (``kind`` may also be
    ``"elicence"`` or ``"dzzz"``; ``type`` and ``number`` are required);
  - a URL whose path or host names ``dzzz`` / ``elicence`` / ``e-licence`` with query
    parameters ``type``, ``number`` and optionally ``holder_id``, e.g.
    ``https://dzzz.example.gov.cn/verify?type=营业执照&number=…&holder_id=…``.

  → the material whose e-licence type matches (or the selected one) becomes exempt
  (免提交（电子证照）) with the licence number; ``holder_id`` prefills the applicant.
* **ID QR** (身份信息二维码): JSON ``{"kind": "id", "id_number": "…", "name": "…"}`` (``kind``
  may also be ``"idcard"``), or a bare 18-character resident ID number with a valid check
  character → prefill the applicant.
* **queue ticket** (取号): a bare ticket as the queue machine prints it — one letter (the
  business line, 业务类别) and 3 or 4 digits (``A023``, ``A0023``), or ``VIP`` and 3 or 4
  digits (``VIP007``, bank-branch 政银合作 points) — or the same inside the queue system's
  dated form ``Q-20261121-A023`` → attached to the draft (``intake.queue_ticket``), replacing
  a ticket attached before (the message says so). Lower case is accepted and upper-cased.
  Not tickets: fewer than 3 digits (``B12``), two letters (``AB123``), more than 4 digits —
  they are too easily something else. A bare ticket is short, so the scanner filter accepts
  it with fewer than 8 characters only when it matches :func:`is_bare_ticket`
  (``ui/scanner.py``).
* anything else → :data:`UNRECOGNISED`, and nothing changes.

Scanned content is personal data: nothing of it is logged.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Mapping
from urllib.parse import parse_qs, urlsplit

from counter.cases.numbering import normalise_case_no
from counter.ids import id_number_problem, normalise_id_number, normalise_uscc, uscc_problem

log = logging.getLogger(__name__)

__all__ = ["CodeKind", "ScannedCode", "classify", "apply_to_intake", "Applied",
           "UNRECOGNISED", "TICKET_PATTERN", "is_bare_ticket"]

#: What the clerk is told when a code means nothing to the counter.
UNRECOGNISED = "无法识别的条码内容"

#: A bare queue ticket (取号), upper case: one letter or ``VIP``, then 3 or 4 digits.
#: ASCII digits only (``\d`` would take any script's digits).
TICKET_PATTERN = r"(?:[A-Z]|VIP)[0-9]{3,4}"
_TICKET = re.compile(TICKET_PATTERN)
_DATED_TICKET = re.compile(rf"Q-([0-9]{{8}})-({TICKET_PATTERN})")
_LICENCE_KINDS = {"e_licence", "elicence", "dzzz", "e-licence"}
_ID_KINDS = {"id", "idcard", "id_card"}
_LICENCE_URL = re.compile(r"dzzz|e-?licence", re.IGNORECASE)
_MAX_LENGTH = 4096


class CodeKind(str, Enum):
    """The kinds of scanned code (条码类型)."""

    CASE_NO = "case_no"  #: 办件编号
    E_LICENCE = "e_licence"  #: 电子证照
    ID_QR = "id_qr"  #: 身份信息二维码
    QUEUE_TICKET = "queue_ticket"  #: 排队取号
    UNKNOWN = "unknown"  #: 无法识别


@dataclass(frozen=True)
class ScannedCode:
    """A classified scan (扫码结果).

    Attributes:
        kind: what it is.
        value: the essential value: the canonical case number, the licence number, the ID
            number, the ticket number (``A023``); empty for :attr:`CodeKind.UNKNOWN`.
        fields: further values: for an e-licence ``type``, ``holder_id``, ``holder_name``,
            ``issuer``, ``valid_until``; for an ID QR ``name``; for a dated ticket ``date``
            (ISO).
        message: what to tell the clerk when the code is not recognised.
    """

    kind: CodeKind
    value: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    message: str = ""

    def __repr__(self) -> str:  # the value may be personal data
        return f"ScannedCode({self.kind.value})"

    def form_values(self) -> dict[str, str]:
        """Form values the code prefills (免填写), by field key.

        An ID QR or an e-licence held by a person gives ``applicant.id_number`` (and
        ``applicant.name`` when present); one held by an organisation gives
        ``enterprise.uscc`` (and ``enterprise.name``).
        """
        out: dict[str, str] = {}
        if self.kind is CodeKind.ID_QR:
            out["applicant.id_number"] = self.value
            if self.fields.get("name"):
                out["applicant.name"] = self.fields["name"]
        elif self.kind is CodeKind.E_LICENCE and self.fields.get("holder_id"):
            holder = self.fields["holder_id"]
            name = self.fields.get("holder_name")
            if uscc_problem(holder) is None:
                out["enterprise.uscc"] = normalise_uscc(holder)
                if name:
                    out["enterprise.name"] = name
            elif id_number_problem(holder) is None:
                out["applicant.id_number"] = normalise_id_number(holder)
                if name:
                    out["applicant.name"] = name
        return out


def _unknown() -> ScannedCode:
    return ScannedCode(CodeKind.UNKNOWN, message=UNRECOGNISED)


def is_bare_ticket(text: str) -> bool:
    """True when ``text`` is a bare queue ticket (``A023``, ``a0023``, ``VIP007``).

    The scanner filter asks this of a short fast burst ending in Enter: only such a burst is
    a scan although it has fewer than 8 characters.
    """
    return _TICKET.fullmatch((text or "").strip().upper()) is not None


def classify(text: str) -> ScannedCode:
    """What the scanned ``text`` is; never raises (unknown content → :attr:`CodeKind.UNKNOWN`)."""
    text = (text or "").strip()
    if not text or len(text) > _MAX_LENGTH:
        return _unknown()
    case_no = normalise_case_no(text)
    if case_no is not None:
        return ScannedCode(CodeKind.CASE_NO, case_no)
    if text.startswith("{"):
        return _from_json(text)
    if re.match(r"https?://", text, re.IGNORECASE):
        return _from_url(text)
    upper = text.upper()
    m = _DATED_TICKET.fullmatch(upper)
    if m is not None:
        try:
            day = date(int(m[1][:4]), int(m[1][4:6]), int(m[1][6:]))
        except ValueError:
            return _unknown()
        return ScannedCode(CodeKind.QUEUE_TICKET, m[2], {"date": day.isoformat()})
    if _TICKET.fullmatch(upper):
        return ScannedCode(CodeKind.QUEUE_TICKET, upper)
    number = normalise_id_number(text)
    if len(number) == 18 and id_number_problem(number) is None:
        return ScannedCode(CodeKind.ID_QR, number)
    return _unknown()


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return str(value).strip() if isinstance(value, (str, int)) else ""


def _licence(data: Mapping[str, Any]) -> ScannedCode:
    licence_type, number = _text(data, "type"), _text(data, "number")
    if not licence_type or not number:
        return _unknown()
    fields = {"type": licence_type}
    for key in ("holder_id", "holder_name", "issuer", "valid_until"):
        if _text(data, key):
            fields[key] = _text(data, key)
    return ScannedCode(CodeKind.E_LICENCE, number, fields)


def _from_json(text: str) -> ScannedCode:
    try:
        data = json.loads(text)
    except ValueError:
        return _unknown()
    if not isinstance(data, dict):
        return _unknown()
    kind = _text(data, "kind").lower()
    if kind in _LICENCE_KINDS:
        return _licence(data)
    if kind in _ID_KINDS:
        number = normalise_id_number(_text(data, "id_number"))
        if id_number_problem(number) is not None:
            return _unknown()
        fields = {"name": _text(data, "name")} if _text(data, "name") else {}
        return ScannedCode(CodeKind.ID_QR, number, fields)
    return _unknown()


def _from_url(text: str) -> ScannedCode:
    try:
        parts = urlsplit(text)
    except ValueError:
        return _unknown()
    if not _LICENCE_URL.search(parts.netloc + parts.path):
        return _unknown()
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if v}
    return _licence(query)


# -- applying a code to a draft --------------------------------------------------------------

@dataclass(frozen=True)
class Applied:
    """What :func:`apply_to_intake` did (扫码处理结果).

    Attributes:
        changed: the draft changed (save it).
        message: one line for the clerk.
        material_id: the material made exempt, if any.
        form_values: values for the form to prefill (the form widget applies and validates
            them; they are not written into the draft here).
        open_case: the case number to open, for a case-number scan.
    """

    changed: bool
    message: str
    material_id: str | None = None
    form_values: Mapping[str, str] = field(default_factory=dict)
    open_case: str | None = None


def apply_to_intake(code: ScannedCode, intake, *, materials: Mapping[str, Any] | None = None,
                    selected_material: str | None = None) -> Applied:
    """Record what ``code`` means for ``intake`` (a :class:`counter.intake.Intake`).

    Args:
        code: from :func:`classify`.
        intake: the draft at the window, or None when no draft is open.
        materials: material id → :class:`counter.catalog.model.Material` (or anything with
            ``e_licence_type`` and ``name``) of the materials that apply now; an e-licence
            goes to the one whose e-licence type (or name) matches its ``type``.
        selected_material: the material selected on screen; used for an e-licence when no
            material matches by type.

    Nothing changes for an unknown code, or when the code does not fit the draft; the message
    then says why.
    """
    from counter.intake.intake import MaterialStatus

    if code.kind is CodeKind.CASE_NO:
        return Applied(False, "正在打开办件。", open_case=code.value)
    if code.kind is CodeKind.UNKNOWN:
        return Applied(False, code.message or UNRECOGNISED)
    if intake is None:
        return Applied(False, "请先开始受理，再扫描此条码。")
    if code.kind is CodeKind.QUEUE_TICKET:
        previous = intake.queue_ticket
        if previous == code.value:
            return Applied(False, f"排队号 {code.value} 已关联到本次受理。")
        intake.queue_ticket = code.value
        if previous:
            return Applied(True, f"排队号已由 {previous} 更换为 {code.value}。")
        return Applied(True, f"已关联排队号 {code.value}。")
    if code.kind is CodeKind.ID_QR:
        return Applied(False, "已读取身份信息，正在预填申请人。", form_values=code.form_values())
    # an e-licence
    target = _licence_material(code, materials or {}, selected_material, intake)
    prefill = code.form_values()
    if target is None:
        return Applied(False, f"未找到与电子证照“{code.fields.get('type', '')}”对应的材料，"
                       "请先在材料清单中选中该材料再扫描。", form_values=prefill)
    state = intake.materials[target]
    if state.status is MaterialStatus.E_LICENCE and state.e_licence_number == code.value:
        return Applied(False, "该材料已按电子证照免提交。", material_id=target,
                       form_values=prefill)
    state.status = MaterialStatus.E_LICENCE
    state.e_licence_number = code.value
    state.copies_received = 0
    name = getattr((materials or {}).get(target), "name", "") or "该材料"
    return Applied(True, f"{name}：已按电子证照免提交。", material_id=target,
                   form_values=prefill)


def _licence_material(code: ScannedCode, materials: Mapping[str, Any],
                      selected: str | None, intake) -> str | None:
    """The material an e-licence stands for: by the catalog's e-licence type (the selected
    one first when several match, then one not yet provided), else the only one whose name
    holds the type, else the selected material."""
    licence_type = code.fields.get("type", "")
    candidates = [mid for mid in materials if mid in intake.materials]
    by_type = [mid for mid in candidates
               if licence_type and getattr(materials[mid], "e_licence_type", None) == licence_type]
    if by_type:
        if selected in by_type:
            return selected
        open_ = [mid for mid in by_type if not intake.materials[mid].status.provided]
        return (open_ or by_type)[0]
    by_name = [mid for mid in candidates
               if licence_type and licence_type in (getattr(materials[mid], "name", "") or "")]
    if len(by_name) == 1:
        return by_name[0]
    if selected is not None and selected in intake.materials:
        return selected
    return None
