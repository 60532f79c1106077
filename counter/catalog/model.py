"""Catalog domain objects, as ``contracts/catalog-format.md`` (format v1) describes them.

Plain frozen dataclasses: built by :mod:`counter.catalog.loader` from a validated document
and never changed afterwards. Lists are tuples so that objects can be shared freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Mapping

from counter import ids
from counter.limit import Limit

#: A condition as JSON (see :mod:`counter.catalog.conditions`); ``None`` means "always".
Condition = Mapping[str, Any] | None

FIELD_TYPES = ("text", "textarea", "choice", "multi_choice", "date", "integer", "decimal",
               "mobile", "phone", "id_number", "uscc", "division", "email", "postcode")

#: How the number of a document type is checked (``id_types[].checksum``).
CHECKSUMS = ("gb11643", "none")


@dataclass(frozen=True)
class IdType:
    """A document type (证件类型) of the catalog's ``id_types``.

    Attributes:
        code: the code of the national 证件类型 table (``111`` 居民身份证 …).
        name: the name printed on every document and shown in the case view.
        checksum: ``gb11643`` (18 characters with the GB 11643 check character) or ``none``.
    """

    code: str
    name: str
    checksum: str = "none"


#: The document types of a catalog without ``id_types`` (the contract's defaults, 1.1); the
#: codes and why they were chosen: ``docs/id-types.md``.
DEFAULT_ID_TYPES = (
    IdType(ids.RESIDENT_ID_CARD, "居民身份证", "gb11643"),
    IdType(ids.PASSPORT, "普通护照"),
    IdType(ids.HK_MACAO_PASS, "港澳居民来往内地通行证"),
    IdType(ids.TAIWAN_PASS, "台湾居民来往大陆通行证"),
    IdType(ids.HK_MACAO_RESIDENCE, "港澳居民居住证", "gb11643"),
    IdType(ids.TAIWAN_RESIDENCE, "台湾居民居住证", "gb11643"),
    IdType(ids.FOREIGN_PERMANENT, "外国人永久居留身份证", "gb11643"),
    IdType(ids.OTHER_DOCUMENT, "其他"),
)

#: Code → name of the default document types and of ``001`` 统一社会信用代码 (an
#: organisation's); the name of a code no catalog defines.
ID_TYPES = {t.code: t.name for t in DEFAULT_ID_TYPES} | {ids.CREDIT_CODE: "统一社会信用代码"}

#: 事项类型 行政许可: the only type whose notices cite 《中华人民共和国行政许可法》.
LICENSING = "01"
LICENSING_LAW = "行政许可法"
#: 《行政许可法》第三十八条 (不予行政许可 after review) — never a 不予受理 ground.
ART38_RE = re.compile(r"行政许可法[》」]?\s*第三十八条")

#: 不属于本机关职权范围 (Art. 32(1)(2)): the applicant must be told where to apply.
AUTHORITY_GROUND_RE = re.compile(r"第三十二条第一款第（二）项|向有关(?:行政机关|部门)申请")
#: What a named authority ends with (…局, …委员会, …人民政府, …中心 …).
AUTHORITY_NAME_RE = re.compile(r"(?:局|委员会|委|厅|部|办公室|中心|政府|法院|所|站|队|处|街道|镇|乡)")
_GENERIC_AUTHORITY_RE = re.compile(r"(?:有关|相关|本|其他|主管)(?:行政)?(?:部门|机关|单位)")


def names_an_authority(text: str) -> bool:
    """True when ``text`` names an authority (运城市市场监督管理局 …), not merely 有关部门."""
    return bool(AUTHORITY_NAME_RE.search(_GENERIC_AUTHORITY_RE.sub("", text or "")))

ITEM_TYPES = {"01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收",
              "05": "行政给付", "06": "行政检查", "07": "行政确认", "08": "行政奖励",
              "09": "行政裁决", "10": "其他行政权力", "20": "公共服务"}


class Necessity(str, Enum):
    """必要 / 容缺后补 / 非必要; ordered by strictness via :attr:`rank`."""

    REQUIRED = "required"
    TOLERABLE = "tolerable"
    OPTIONAL = "optional"

    @property
    def rank(self) -> int:
        return {"required": 3, "tolerable": 2, "optional": 1}[self.value]

    @property
    def label(self) -> str:
        return {"required": "必要", "tolerable": "容缺后补", "optional": "非必要"}[self.value]


class Original(str, Enum):
    """原件 handling: not needed / shown and returned (核验) / kept (收取)."""

    NONE = "none"
    CHECK = "check"
    KEEP = "keep"

    @property
    def rank(self) -> int:
        return {"none": 0, "check": 1, "keep": 2}[self.value]

    @property
    def label(self) -> str:
        return {"none": "无需原件", "check": "原件核验", "keep": "收取原件"}[self.value]


class CaseType(str, Enum):
    IMMEDIATE = "immediate"  #: 即办件
    COMMITMENT = "commitment"  #: 承诺件

    @property
    def label(self) -> str:
        return "即办件" if self is CaseType.IMMEDIATE else "承诺件"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """A canonical data element (数据项), asked once however many items use it."""

    key: str
    label: str
    type: str
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    id_type_field: str | None = None
    sensitive_flag: bool = False

    @property
    def sensitive(self) -> bool:
        """Personal data to mask on paper (``id_number`` and ``mobile`` always are)."""
        return self.sensitive_flag or self.type in ("id_number", "mobile")

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value


@dataclass(frozen=True)
class Material:
    """A canonical material (申请材料)."""

    id: str
    name: str
    kind: str  # certificate | form | other
    medium: str  # paper | electronic | either
    e_licence_type: str | None = None
    blank_form: str | None = None


@dataclass(frozen=True)
class Question:
    """A single-choice guide question (情形引导问题)."""

    id: str
    text: str
    options: tuple[Choice, ...]
    when: Condition = None

    def option_label(self, value: str) -> str:
        for o in self.options:
            if o.value == value:
                return o.label
        return value


@dataclass(frozen=True)
class ItemField:
    """An item's use of a canonical field."""

    field: str
    required: bool
    when: Condition = None


@dataclass(frozen=True)
class ItemMaterial:
    """An item's use of a canonical material, with its necessity in that item."""

    material: str
    necessity: Necessity
    copies: int = 1
    original: Original = Original.NONE
    supplement_limit: Limit | None = None
    audit_points: tuple[str, ...] = ()
    when: Condition = None


@dataclass(frozen=True)
class Department:
    """An implementing department (实施部门).

    Attributes:
        review_body: 行政复议机关 named on 不予受理 and 终止办理 notices (catalog 1.1; ``None``:
            the site setting).
        court: 人民法院 for 行政诉讼, when the notices name it (1.1).
        short_code: 机关代字 for document numbers (1.1), e.g. ``盐审服受``.
    """

    id: str
    name: str
    uscc: str
    review_body: str | None = None
    court: str | None = None
    short_code: str | None = None


@dataclass(frozen=True)
class LegalBasis:
    """The legal basis each notice cites for an item (catalog 1.1 ``legal_basis``); a
    ``None`` entry falls back to the default by item type (:mod:`printing.legal`)."""

    accept: str | None = None
    reject: str | None = None
    notify: str | None = None


@dataclass(frozen=True)
class Item:
    """An administrative service item (事项 / 实施清单), keyed by its implementation code."""

    code: str
    name: str
    type: str
    department: str
    service_object: tuple[str, ...]
    case_type: CaseType
    legal_limit: Limit
    promised_limit: Limit
    fee: bool
    tolerance: bool
    fields: tuple[ItemField, ...]
    materials: tuple[ItemMaterial, ...]
    basic_code: str | None = None
    short_name: str | None = None
    bank_point: bool = False
    keywords: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    legal_basis: LegalBasis = LegalBasis()
    warning_days: int | None = None
    retention_years: int | None = None

    @property
    def type_label(self) -> str:
        return ITEM_TYPES.get(self.type, self.type)


@dataclass(frozen=True)
class Package:
    """A "高效办成一件事" bundle (一件事): several items, one form, one set of materials."""

    id: str
    name: str
    items: tuple[str, ...]
    promised_limit: Limit | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """A reason from a catalog list; ``kind`` is reject, tolerance_refuse, void, bad_rating.

    Attributes:
        item_types: 事项类型 codes the reason applies to (catalog 1.1); empty: all types.
        basis: the legal basis printed with the reason (1.1), may be ``None``.
    """

    code: str
    kind: str
    text: str
    item_types: tuple[str, ...] = ()
    basis: str | None = None

    @property
    def scope(self) -> tuple[str, ...]:
        """The item types the reason applies to (empty: all). A reason without ``item_types``
        (a 1.0 catalog) that cites 《行政许可法》 applies to 行政许可 (``01``) only."""
        if self.item_types:
            return self.item_types
        return (LICENSING,) if LICENSING_LAW in f"{self.text}{self.basis or ''}" else ()

    @property
    def counter_ground(self) -> bool:
        """False for a reject reason citing 《行政许可法》第三十八条: that is a denial after
        review (不予行政许可), never a ground for 不予受理 at the counter."""
        return not (self.kind == "reject" and ART38_RE.search(f"{self.text}{self.basis or ''}"))

    @property
    def names_authority(self) -> bool:
        """True for "not within this authority's competence" (《行政许可法》第三十二条第一款第（二）
        项 or 向有关行政机关申请): the notice must name the competent authority."""
        return bool(AUTHORITY_GROUND_RE.search(f"{self.text}{self.basis or ''}"))

    def applies_to(self, item_types) -> bool:
        """True when the reason may be given for an application of ``item_types`` (the types
        of its items: a package's reason must fit at least one of them)."""
        if not self.counter_ground:
            return False
        scope = self.scope
        return not scope or any(t in scope for t in item_types)


@dataclass(frozen=True)
class CalendarOverride:
    """A working-day override: ``workday`` True makes a weekend day a working day (调休)."""

    date: date
    workday: bool
    name: str = ""


@dataclass(frozen=True)
class Catalog:
    """A whole catalog document (事项目录), validated."""

    catalog_version: str
    published_at: datetime
    region_code: str
    region_name: str
    departments: tuple[Department, ...]
    fields: tuple[Field, ...]
    materials: tuple[Material, ...]
    items: tuple[Item, ...]
    packages: tuple[Package, ...] = ()
    reasons: tuple[Reason, ...] = ()
    calendar_overrides: tuple[CalendarOverride, ...] = ()
    id_types: tuple[IdType, ...] = DEFAULT_ID_TYPES
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        idx = self._index
        idx["department"] = {d.id: d for d in self.departments}
        idx["field"] = {f.key: f for f in self.fields}
        idx["material"] = {m.id: m for m in self.materials}
        idx["item"] = {i.code: i for i in self.items}
        idx["package"] = {p.id: p for p in self.packages}

    def department(self, dept_id: str) -> Department:
        return self._index["department"][dept_id]

    def field(self, key: str) -> Field:  # noqa: A003 - catalog vocabulary
        return self._index["field"][key]

    def material(self, material_id: str) -> Material:
        return self._index["material"][material_id]

    def item(self, code: str) -> Item:
        return self._index["item"][code]

    def package(self, package_id: str) -> Package:
        return self._index["package"][package_id]

    def has_item(self, code: str) -> bool:
        return code in self._index["item"]

    def has_package(self, package_id: str) -> bool:
        return package_id in self._index["package"]

    def package_items(self, package_id: str) -> list[Item]:
        return [self.item(code) for code in self.package(package_id).items]

    def reasons_of(self, kind: str) -> list[Reason]:
        return [r for r in self.reasons if r.kind == kind]

    def id_type(self, code: str) -> IdType | None:
        """The document type ``code`` of this catalog (证件类型), or None."""
        for t in self.id_types:
            if t.code == code:
                return t
        return None

    def id_type_name(self, code: str) -> str:
        """The printed name of document type ``code``: this catalog's, else the default
        table's (``001`` 统一社会信用代码 included), else the code itself."""
        t = self.id_type(code)
        return t.name if t is not None else ID_TYPES.get(code, code)

    def reasons_for(self, kind: str, item_types) -> list[Reason]:
        """The reasons of ``kind`` that apply to an application of ``item_types`` (reasons
        scoped with ``item_types`` in the catalog are left out for other types)."""
        types = tuple(item_types)
        return [r for r in self.reasons if r.kind == kind and r.applies_to(types)]
