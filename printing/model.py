"""What a document says (文书内容), independent of how it is laid out.

Every document is rendered from one of the frozen dataclasses below. They hold only what is
printed — already masked (the full ID number never enters them) and already labelled in
Chinese — so that they can be stored next to the PDF as a JSON snapshot and rendered again
for a reprint (补打) with exactly the same content. :mod:`printing.sources` builds them from the
domain objects (:class:`counter.cases.model.Case`, :class:`counter.identity.SiteProfile`, the
catalog); the tolerance documents can also be built from plain arguments.

:func:`to_json` / :func:`from_json` convert any of them (and :class:`Snapshot`) to and from
plain JSON values; dates and moments travel as ISO 8601 strings.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Document kinds (文书种类) → Chinese name. The CLI and the archive use these keys.
KINDS: dict[str, str] = {
    "receipt": "受理通知书",
    "notice": "一次性告知书",
    "rejection": "不予受理通知书",
    "commitment": "容缺受理告知承诺书",
    "tolerance": "容缺受理通知书",
    "supplement": "补正回执",
    "pickup": "出件单",
}
#: Paper layouts: A4 sheets, or an 80 mm thermal roll (only receipt and pickup slip).
LAYOUTS = ("a4", "roll80")
ROLL_KINDS = frozenset({"receipt", "pickup"})
#: Version of the snapshot format (stored with every archived document).
SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class SiteInfo:
    """Where the document is issued (受理地点): the hall or 政银合作 point and the counter."""

    site_name: str
    counter_name: str
    kind: str = "hall"          # hall | bank_point
    kind_label: str = "政务服务大厅"
    site: str = ""              # <region>-<site>
    counter_code: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class Party:
    """A person or organisation on paper (申请人 / 领取人), ID number already masked."""

    name: str
    type_label: str = ""        # 自然人 | 法人或其他组织
    id_type_label: str = ""     # 居民身份证 …
    id_masked: str = ""


@dataclass(frozen=True)
class ItemLine:
    """An administrative item of the case (申请事项)."""

    code: str
    name: str


@dataclass(frozen=True)
class MaterialLine:
    """One material as a document lists it (材料).

    Attributes:
        name: the material's name.
        copies: paper copies (received, or required for a missing one).
        original: original handling label (无需原件 / 原件核验 / 收取原件).
        status: how it was received (纸质收取 / 电子证照 / 容缺后补 …), may be empty.
        necessity: 必要 / 容缺后补 / 非必要, may be empty.
        requirements: the audit points (审核要点) the material must satisfy.
        blank_form: the blank form's name (空白表格) when the material is a form.
        deadline: when a tolerated material must be supplied.
        note: any further remark.
    """

    name: str
    copies: int = 0
    original: str = ""
    status: str = ""
    necessity: str = ""
    requirements: tuple[str, ...] = ()
    blank_form: str = ""
    deadline: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Authority:
    """Who decides (实施机关) and where the applicant may seek remedy, as printed.

    Built by :func:`printing.sources.authority` from the catalog (1.1 ``review_body``,
    ``court``, ``short_code``, the items' ``type`` and ``legal_basis``) with the site setting as
    the fallback. Empty strings mean "not known": the wording's defaults are printed.

    Attributes:
        department: the implementing department(s) (实施部门), names joined with 、.
        review_body: 行政复议机关 of that department.
        court: 人民法院 for 行政诉讼, when known.
        short_code: 机关代字 (for document numbers).
        item_types: the 事项类型 codes of the case's items (行政许可 is ``01``).
        legal_basis: the legal basis the catalog gives for this document (``""``: the default
            by item type — 《行政许可法》第三十二条 for 行政许可 only, neutral wording otherwise).
    """

    department: str = ""
    review_body: str = ""
    court: str = ""
    short_code: str = ""
    item_types: tuple[str, ...] = ()
    legal_basis: str = ""

    @property
    def licensing(self) -> bool:
        """True when an item of the case is a 行政许可 (only then 《行政许可法》 is cited)."""
        return "01" in self.item_types

    @property
    def known(self) -> bool:
        """False for a document archived before issue 11 (or built without a catalog): its
        reprint keeps the wording it was first printed with (the 行政许可 default)."""
        return bool(self.item_types)


@dataclass(frozen=True)
class Head:
    """What every document of a case carries.

    Attributes:
        kind: one of :data:`KINDS`.
        case_no: the case number, ``None`` before it exists (a commitment signed before
            acceptance).
        issued_at: when the document was first issued.
        clerk: the operator id of the clerk (受理人员工号).
        site: where.
        case_name: the item's or package's name.
        items: the items of the case.
        applicant: the applicant, masked.
        authority: the implementing department, review body, court and legal basis.
    """

    kind: str
    case_no: str | None
    issued_at: datetime
    clerk: str
    site: SiteInfo
    case_name: str
    items: tuple[ItemLine, ...] = ()
    applicant: Party | None = None
    authority: Authority = field(default_factory=Authority)


@dataclass(frozen=True)
class ReceiptDoc:
    """受理通知书 / 受理回执.

    ``immediate``: a 即办件 finished on the spot (当场办结); ``legal_at`` / ``legal_limit``: the
    legal deadline (法定时限) printed beside the promised one.
    """

    head: Head
    accepted_at: datetime
    promised_at: datetime | None
    promised_limit: str = ""
    immediate: bool = False
    legal_at: datetime | None = None
    legal_limit: str = ""
    promised_provisional: bool = False  # 预计: counted over a year not published yet
    legal_provisional: bool = False  # 预计: the legal deadline rests on a provisional year
    query_url: str = ""
    query_password: str = ""
    contact_name: str = ""
    contact_mobile: str = ""    # masked
    materials: tuple[MaterialLine, ...] = ()
    tolerated: tuple[MaterialLine, ...] = ()
    # a re-issued first receipt after 重置查询密码 (printed with the new password, never
    # archived): when, and whether only this store knows the new password (the platform
    # kept the old hash; see docs/sync.md)
    password_reset_at: datetime | None = None
    password_reset_local: bool = False


@dataclass(frozen=True)
class NoticeDoc:
    """一次性告知书: every missing material with its requirements."""

    head: Head
    decided_at: datetime
    missing: tuple[MaterialLine, ...] = ()
    received: tuple[MaterialLine, ...] = ()
    remark: str = ""


@dataclass(frozen=True)
class RejectionDoc:
    """不予受理通知书: reason and legal basis."""

    head: Head
    decided_at: datetime
    reason_code: str = ""
    reason_text: str = ""
    legal_basis: str = ""


@dataclass(frozen=True)
class ToleranceDoc:
    """容缺受理告知承诺书 (kind ``commitment``) and 容缺受理通知书 (kind ``tolerance``).

    Attributes:
        tolerated: the materials taken in on commitment, each with its deadline.
        deadline: the date by which all of them must be supplied (补正期限);
            ``deadline_provisional``: it rests on a provisional holiday year (printed 预计).
        consequence: what happens when the deadline passes (wording default when empty).
        accepted_at, promised_at, query_url, query_password: for the notice only.
        approved_by: the supervisor who approved the tolerance (notice only).
    """

    head: Head
    tolerated: tuple[MaterialLine, ...]
    deadline: date
    consequence: str = ""
    deadline_provisional: bool = False  # 预计: counted over a year not published yet
    accepted_at: datetime | None = None
    promised_at: datetime | None = None
    promised_limit: str = ""
    promised_provisional: bool = False  # 预计: counted over a year not published yet
    query_url: str = ""
    query_password: str = ""
    approved_by: str = ""
    received: tuple[MaterialLine, ...] = ()
    immediate: bool = False
    legal_at: datetime | None = None
    legal_limit: str = ""
    legal_provisional: bool = False  # 预计: the legal deadline rests on a provisional year


@dataclass(frozen=True)
class SupplementDoc:
    """补正回执: what arrived, and what (if anything) is still owed."""

    head: Head
    supplemented_at: datetime
    supplemented: tuple[MaterialLine, ...] = ()
    remaining: tuple[MaterialLine, ...] = ()
    state_label: str = ""


@dataclass(frozen=True)
class PickupDoc:
    """出件单: the result handed out, to whom and when."""

    head: Head
    picked_up_at: datetime
    picked_up_by: Party
    by_applicant: bool = True
    result_label: str = ""
    result_text: str = ""
    accepted_at: datetime | None = None


Document = ReceiptDoc | NoticeDoc | RejectionDoc | ToleranceDoc | SupplementDoc | PickupDoc

#: Which dataclass holds which kind.
DOC_CLASSES: dict[str, type] = {
    "receipt": ReceiptDoc, "notice": NoticeDoc, "rejection": RejectionDoc,
    "commitment": ToleranceDoc, "tolerance": ToleranceDoc, "supplement": SupplementDoc,
    "pickup": PickupDoc,
}


@dataclass(frozen=True)
class RenderOptions:
    """How to render (not what).

    Attributes:
        layout: ``a4`` or ``roll80`` (receipt and pickup slip only).
        training: training mode — 培训 on every page.
        reprint_count: 0 for the original; n for the n-th reprint (补打).
        reprinted_at: when the reprint was made.
    """

    layout: str = "a4"
    training: bool = False
    reprint_count: int = 0
    reprinted_at: datetime | None = None


@dataclass(frozen=True)
class Snapshot:
    """An issued document's content and options, archived next to its PDF."""

    kind: str
    doc: Any
    options: RenderOptions = field(default_factory=RenderOptions)
    format: int = SNAPSHOT_FORMAT  # noqa: A003 - JSON field name

    def to_bytes(self) -> bytes:
        """UTF-8 JSON."""
        return json.dumps({"format": self.format, "kind": self.kind,
                           "options": to_json(self.options), "doc": to_json(self.doc)},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> "Snapshot":
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"unknown snapshot format {raw.get('format')!r}")
        kind = raw["kind"]
        return cls(kind=kind, doc=from_json(DOC_CLASSES[kind], raw["doc"]),
                   options=from_json(RenderOptions, raw["options"]))


#: Kinds that print the query password (查询密码): the receipt and the 容缺受理通知书.
PASSWORD_KINDS = frozenset({"receipt", "tolerance"})


def without_password(doc: Any) -> Any:
    """``doc`` with its query password removed: what may be archived or reprinted (the store
    keeps only the password's hash; the password is printed once, right after acceptance)."""
    if getattr(doc, "query_password", ""):
        return dataclasses.replace(doc, query_password="")
    return doc


# -- generic JSON conversion -----------------------------------------------------------------

def to_json(value: Any) -> Any:
    """A dataclass (recursively), tuple, date or datetime as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def from_json(tp: Any, value: Any) -> Any:
    """The inverse of :func:`to_json` for the type ``tp`` (dataclasses of this module)."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return from_json(args[0], value)
        return value
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        return tuple(from_json(inner, v) for v in value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: from_json(hints[k], v) for k, v in value.items() if k in names})
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    return value
