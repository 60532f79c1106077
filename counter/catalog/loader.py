"""Reading and validating a catalog document (事项目录), format v1.

See ``contracts/catalog-format.md``. :func:`load_catalog` checks the whole document and
reports **every** problem at once, each prefixed with its JSON path (``items[3].materials[1]
.material: 引用的材料 "M-XXX" 不存在``); list indices are 0-based as in JSON tooling. Unknown
keys are ignored (forward compatibility); ``null`` counts as absent.

Where the contract is silent this module decides, as a provincial platform team would:

* strings that are required must not be blank; an empty optional string counts as absent;
* ``format_version`` must be the integer 1 (``true`` or ``1.0`` are not accepted);
* ``region.code`` is six digits with a known GB/T 2260 province prefix;
* in ``items[].fields`` both ``field`` and ``required`` are required, ``when`` is optional;
* a question id must not look like a condition operator (``all``/``any``/``not``/``field:…``),
  a question's ``when`` must not depend on itself (directly or in a cycle), and a condition
  value must be one of the referenced question's options (or the choice field's values);
* an item with ``tolerance: false`` cannot list a ``tolerable`` material, and a
  ``supplement_limit`` is longer than zero;
* an item may list the same material twice only when the entries carry ``when`` conditions;
* within a package a question id shared by several items must offer the same option values
  there (it is asked once);
* ``catalog_version`` is at most 64 characters and a package ``id`` at most 60 (store columns);
* ``id_types`` (1.1) is optional (default: :data:`~counter.catalog.model.DEFAULT_ID_TYPES`);
  when given, its codes are 1–8 letters or digits (the store column), unique, never ``001``
  (an organisation's credit code is not a person's document), ``111`` and ``553`` are checked
  ``gb11643``, and every choice field named by an ``id_type_field`` offers only its codes
  (and ``001``, an organisation's credit code).
* the 1.1 additions are optional (a 1.0 document stays valid): department ``review_body``,
  ``court``, ``short_code`` are names of at most 200 characters; item ``legal_basis`` is an
  object whose only keys are ``accept``/``reject``/``notify`` (texts of at most 2,000), and
  ``warning_days`` ≥ 0 and ``retention_years`` ≥ 1 are integers within 64 bits; reason
  ``item_types`` is a non-empty list of distinct 事项类型 codes and ``basis`` a text of at most
  2,000. A reject reason citing 《行政许可法》第三十八条 is not refused (stored catalogs must keep
  loading) but is never offered nor printed (:meth:`counter.catalog.model.Reason.applies_to`).

Bounds (issue 12, ``docs/catalog.md``): names, ids, labels and keywords ≤ 200 characters, texts
≤ 2,000; items ≤ 50,000, options ≤ 500 per question or choice field, keywords ≤ 50 per item or
package, other lists ≤ 500 (top-level lists: :data:`MAX_TOP_LIST`); condition nesting ≤ 8 and
JSON nesting ≤ 32; integers within 64 bits, parsed by a bounded ``parse_int`` so that a literal
of thousands of digits is never converted; a field ``pattern`` must be in the safe subset of
:mod:`counter.catalog.patterns`. A document from the store (``stored=True``) that breaks one
of these bounds still loads, with a warning, its unsafe patterns dropped.

Nothing here knows Qt or the store; :mod:`counter.services.catalog` uses it.
"""

from __future__ import annotations

import json
import logging
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from stdnum.cn import uscc as stdnum_uscc

from counter.catalog.conditions import FIELD_PREFIX
from counter.catalog.patterns import pattern_problem
from counter.catalog.model import (CHECKSUMS, DEFAULT_ID_TYPES, FIELD_TYPES, ITEM_TYPES,
                                   CalendarOverride, CaseType, Catalog, Choice, Department,
                                   Field, IdType, Item, ItemField, ItemMaterial, LegalBasis,
                                   Material, Necessity, Original, Package, Question, Reason)
from counter.ids import CREDIT_CODE, FOREIGN_PERMANENT, RESIDENT_ID_CARD
from counter.errors import InvalidInput
from counter.limit import Limit, LimitUnit

log = logging.getLogger(__name__)

__all__ = ["MAX_CATALOG_BYTES", "CatalogInvalid", "load_catalog", "read_catalog_file"]

#: Largest catalog file accepted (a real provincial catalog is a few MB).
MAX_CATALOG_BYTES = 50 * 1024 * 1024

FORMAT = "counter-catalog"
FORMAT_VERSION = 1
MAX_CODE_LENGTH = 36
MAX_CATALOG_VERSION_LENGTH = 64
MAX_PACKAGE_ID_LENGTH = 60
#: Bounds of format 1.1 (see "Bounds" in the module docstring): a condition's nesting.
MAX_CONDITION_DEPTH = 8
#: A name (事项名称, 材料名称, 复议机关 …), an id, a label, a keyword: at most this many characters.
MAX_NAME_LENGTH = 200
#: A text (问题, 原因, 审核要点, 法律依据 …): at most this many characters.
MAX_TEXT_LENGTH = 2000
MAX_INT64 = 2 ** 63 - 1
MIN_INT64 = -2 ** 63
#: Items (事项) in one catalog.
MAX_ITEMS = 50_000
#: Options (选项) of one question or choice field.
MAX_OPTIONS = 500
#: Keywords (关键词) of one item or package.
MAX_KEYWORDS = 50
#: Any other list (an item's fields, materials, questions, audit points; a package's items …).
MAX_LIST_LENGTH = 500
#: The top-level lists other than ``items``.
MAX_TOP_LIST = {"departments": 5_000, "fields": 5_000, "materials": 50_000, "packages": 10_000,
                "reasons": 5_000}
#: Nesting of JSON arrays and objects anywhere in the document (unknown keys included).
MAX_JSON_DEPTH = 32
#: Digits an integer literal may have before it is even converted (64-bit integers have ≤ 19).
_MAX_INT_DIGITS = 20

FIELD_KEY_RE = re.compile(r"[a-z_]+(\.[a-z_]+)*")
REGION_CODE_RE = re.compile(r"\d{6}")
ID_TYPE_CODE_RE = re.compile(r"[0-9A-Za-z]{1,8}")
RFC3339_RE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: GB/T 2260 province-level prefixes (省级行政区划代码前两位).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split())
CHOICE_TYPES = ("choice", "multi_choice")
CONDITION_OPERATORS = ("all", "any", "not")

KINDS = {"certificate": "证件证书证明", "form": "申请表格文书", "other": "其他"}
MEDIA = {"paper": "纸质", "electronic": "电子", "either": "纸质或电子"}
SERVICE_OBJECTS = {"person": "自然人", "organisation": "法人或其他组织"}
REASON_KINDS = {"reject": "不予受理", "tolerance_refuse": "不同意容缺", "void": "作废",
                "bad_rating": "差评"}
UNITS = {u.value: u for u in LimitUnit}


class CatalogInvalid(InvalidInput):
    """A catalog file or document that cannot be used (目录文件有误).

    Attributes:
        problems: one line per problem, each ``JSON 路径: 说明``.
    """

    def __init__(self, problems: Iterable[str], message: str | None = None) -> None:
        problems = list(problems)
        super().__init__(message or f"目录文件有误（共 {len(problems)} 处）", problems=problems)


# -- reading bytes -----------------------------------------------------------------------------


def read_catalog_file(path: Path | str) -> bytes:
    """The bytes of a catalog file, refusing a missing, unreadable or oversized one.

    The size is checked before reading, so a huge file is refused without loading it.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise CatalogInvalid([], f"找不到目录文件 {name}。") from None
    except OSError:
        raise CatalogInvalid([], f"无法读取目录文件 {name}。") from None
    if not path.is_file():
        raise CatalogInvalid([], f"{name} 不是一个文件，请选择目录文件（.json）。")
    if st.st_size > MAX_CATALOG_BYTES:
        raise CatalogInvalid([], f"目录文件 {name} 过大（{_mib(st.st_size)}），"
                                 f"上限为 {_mib(MAX_CATALOG_BYTES)}。")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_CATALOG_BYTES + 1)
    except PermissionError:
        raise CatalogInvalid([], f"无权读取目录文件 {name}。") from None
    except OSError:
        raise CatalogInvalid([], f"无法读取目录文件 {name}。") from None
    if len(data) > MAX_CATALOG_BYTES:  # grew after stat
        raise CatalogInvalid([], f"目录文件 {name} 过大，上限为 {_mib(MAX_CATALOG_BYTES)}。")
    return data


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _parse_json(data: bytes | bytearray | memoryview | str) -> Any:
    """Decode UTF-8 and parse JSON, or raise :class:`CatalogInvalid` with one precise problem.
    """
    if isinstance(data, str):
        text = data
    else:
        raw = bytes(data)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CatalogInvalid([], "目录文件不是 UTF-8 编码（疑为 UTF-16），请另存为 UTF-8 后再导入。")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data":  # a character cut off at the very end
                raise CatalogInvalid([], "目录文件不完整：最后一个字符被截断"
                                         "（可能在下载或保存时被截断），请重新获取文件。") from None
            raise CatalogInvalid([], f"目录文件不是 UTF-8 编码：第 {e.start} 字节（从 0 起计）处无法解码。"
                                     "请以 UTF-8 编码保存（常见原因：以 GBK/ANSI 编码保存）。") from None
    if text.startswith("\ufeff"):  # tolerate a BOM, as Windows editors write one
        text = text[1:]
    if not text.strip():
        raise CatalogInvalid([], "目录文件为空。")
    try:
        doc = json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as e:
        truncated = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string")
        hint = "；文件似乎不完整（可能在下载或保存时被截断）" if truncated else ""
        raise CatalogInvalid([], f"目录文件不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列"
                                 f"{_json_error_text(e.msg)}{hint}。") from None
    except RecursionError:
        raise CatalogInvalid([], "目录文件不是有效的 JSON：嵌套层级过深。") from None
    problems = _scan(doc)
    if problems:
        raise CatalogInvalid(problems)
    return doc


class _OutOfRange:
    """An integer literal outside 64 bits, kept as its digit count (never converted)."""

    __slots__ = ("digits", "negative")

    def __init__(self, digits: int, negative: bool) -> None:
        self.digits = digits
        self.negative = negative


def _bounded_int(literal: str) -> int | _OutOfRange:
    """``parse_int`` for :func:`json.loads`: converts only literals of at most 20 digits.

    A literal with thousands of digits would otherwise cost a quadratic conversion (or raise
    ``ValueError`` past Python's int-string limit); it is kept as :class:`_OutOfRange` and
    reported by :func:`_scan` with its path.
    """
    negative = literal.startswith("-")
    digits = len(literal) - negative
    if digits > _MAX_INT_DIGITS:
        return _OutOfRange(digits, negative)
    value = int(literal)
    if not MIN_INT64 <= value <= MAX_INT64:
        return _OutOfRange(digits, negative)
    return value


def _scan(doc: Any) -> list[str]:
    """Problems of the document as a tree: nesting deeper than :data:`MAX_JSON_DEPTH`,
    integers outside 64 bits. Iterative (no recursion), each problem with its JSON path."""
    problems: list[str] = []
    # (value, depth, parent entry, key): the path is only built for a problem
    stack: list[tuple[Any, int, Any, Any]] = [(doc, 1, None, None)]
    while stack and len(problems) < 100:
        entry = stack.pop()
        value, depth = entry[0], entry[1]
        if isinstance(value, _OutOfRange):
            problems.append(f"{_entry_path(entry)}: 整数（{value.digits} 位）超出 64 位整数范围，"
                            f"须不小于 {MIN_INT64} 且不大于 {MAX_INT64}")
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                problems.append(f"{_entry_path(entry) or '（顶层）'}: JSON 嵌套超过 "
                                f"{MAX_JSON_DEPTH} 层")
                continue
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, sub in pairs:
                if isinstance(sub, (dict, list, _OutOfRange)):
                    stack.append((sub, depth + 1, entry, key))
    return problems


def _entry_path(entry) -> str:
    keys = []
    while entry is not None and entry[2] is not None:
        keys.append(entry[3])
        entry = entry[2]
    out = ""
    for key in reversed(keys):
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


_JSON_ERRORS = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name", "此处应为用双引号括起的键名（或多了一个逗号）"),
    ("Expecting ':'", "缺少冒号"),
    ("Expecting ','", "缺少逗号或括号未闭合"),
    ("Unterminated string", "字符串缺少结束引号"),
    ("Invalid control character", "字符串中有未转义的控制字符"),
    ("Invalid \\u", "\\u 转义不正确"),
    ("Invalid \\escape", "转义字符不正确"),
    ("Extra data", "文档结束后还有多余内容"),
    ("Illegal trailing comma", "多了一个逗号"),
)


def _json_error_text(msg: str) -> str:
    for prefix, text in _JSON_ERRORS:
        if msg.startswith(prefix):
            return f"：{text}"
    return ""


# -- the walker -------------------------------------------------------------------------------

_MISSING = object()


def _describe(value: Any) -> str:
    """The JSON type of ``value`` in Chinese, for "须为…，实际为…" messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "小数"
    if isinstance(value, str):
        return "字符串"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _quote(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > limit:
        text = text[:limit] + "…"
    return f'"{text}"'


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Problems:
    """The problems found so far, in document order.

    Args:
        stored: the document was accepted into the store before (see :func:`load_catalog`):
            a bound it breaks (:meth:`bound`) is logged as a warning instead of refusing it.
    """

    def __init__(self, stored: bool = False) -> None:
        self.lines: list[str] = []
        self.stored = stored
        self.warnings = 0

    def add(self, path: str, message: str) -> None:
        self.lines.append(f"{path}: {message}" if path else message)

    def bound(self, path: str, message: str) -> None:
        """A bound of format 1.1 broken (length, count, nesting, unsafe pattern)."""
        if not self.stored:
            self.add(path, message)
        else:
            self.warnings += 1
            if self.warnings <= 20:  # paths and bounds only: no catalog text in the log
                log.warning("stored catalog beyond a bound at %s: %s", path or "(top)", message)


class _Node:
    """A JSON value together with its path (JSON 路径), read through checking getters.

    Each getter takes a key of this object, reports what is wrong with it under the key's
    path, and returns the value (or ``default`` when it is absent or wrong). The path text is
    only built when a problem is reported.
    """

    __slots__ = ("value", "parent", "key", "problems")

    def __init__(self, value: Any, parent: "_Node | None", key: str | int | None,
                 problems: _Problems) -> None:
        self.value = value
        self.parent = parent
        self.key = key
        self.problems = problems

    @property
    def path(self) -> str:
        """``items[3].materials[1].material``; the root is ``""``."""
        if self.parent is None:
            return ""
        base = self.parent.path
        if isinstance(self.key, int):
            return f"{base}[{self.key}]"
        return f"{base}.{self.key}" if base else self.key

    def report(self, message: str) -> None:
        self.problems.add(self.path, message)

    def report_bound(self, message: str) -> None:
        """Report a broken bound (a warning only for a stored document, see :class:`_Problems`)."""
        self.problems.bound(self.path, message)

    def child(self, key: str) -> "_Node":
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return _Node(value, self, key, self.problems)

    def element(self, index: int) -> "_Node":
        return _Node(self.value[index], self, index, self.problems)

    @property
    def present(self) -> bool:
        return self.value is not None

    def is_object(self) -> bool:
        if isinstance(self.value, dict):
            return True
        self.report(f"须为对象，实际为{_describe(self.value)}")
        return False

    def _get(self, key: str, required: bool, ok: Callable[[Any], bool], expected: str) -> Any:
        node = self.child(key)
        if not node.present:
            if required:
                node.report("缺少必填项")
            return _MISSING
        if not ok(node.value):
            node.report(f"须为{expected}，实际为{_describe(node.value)}")
            return _MISSING
        return node.value

    def text(self, key: str, *, required: bool = True,
             max_length: int = MAX_TEXT_LENGTH) -> str | None:
        """A string; a required one must not be blank, an empty optional one counts as absent.

        At most ``max_length`` characters (default: a text, :data:`MAX_TEXT_LENGTH`; names
        and ids pass :data:`MAX_NAME_LENGTH`).
        """
        value = self._get(key, required, lambda v: isinstance(v, str), "字符串")
        if value is _MISSING:
            return None
        if not value.strip():
            if required:
                self.child(key).report("不能为空")
            return None
        if len(value) > max_length:
            self.child(key).report_bound(f"长度为 {len(value)} 个字符，不能超过 {max_length} 个")
        return value

    def flag(self, key: str, *, required: bool = True, default: bool | None = None) -> bool | None:
        value = self._get(key, required, lambda v: isinstance(v, bool), "布尔值（true 或 false）")
        return default if value is _MISSING else value

    def integer(self, key: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        value = self._get(key, required, lambda v: isinstance(v, int) and not isinstance(v, bool),
                          "整数")
        if value is _MISSING:
            return None
        if minimum is not None and value < minimum:
            self.child(key).report(f"须不小于 {minimum}，实际为 {value}")
            return None
        if value > MAX_INT64:
            self.child(key).report(f"须不大于 {MAX_INT64}")
            return None
        return value

    def number(self, key: str, *, required: bool = False, minimum: float | None = None) -> float | None:
        value = self._get(key, required, _is_number, "数值")
        if value is _MISSING:
            return None
        if not math.isfinite(value):
            self.child(key).report("须为有限的数值")
            return None
        if minimum is not None and value < minimum:
            self.child(key).report(f"须不小于 {minimum:g}，实际为 {value:g}")
            return None
        return value

    def enum(self, key: str, allowed: Iterable[str], *, required: bool = True,
             default: str | None = None) -> str | None:
        allowed = tuple(allowed)
        value = self.text(key, required=required, max_length=MAX_NAME_LENGTH)
        if value is None:
            return default
        if value not in allowed:
            self.child(key).report(f"取值 {_quote(value)} 无效，须为 {'、'.join(allowed)} 之一")
            return default
        return value

    def obj(self, key: str, *, required: bool = True) -> "_Node | None":
        value = self._get(key, required, lambda v: isinstance(v, dict), "对象")
        return None if value is _MISSING else self.child(key)

    def items(self, key: str, *, required: bool = True, min_items: int = 0,
              max_items: int = MAX_LIST_LENGTH) -> list["_Node"] | None:
        """The elements of a list, each as a node ``key[i]``; ``None`` when absent or not a list.

        A list longer than ``max_items`` is reported and only its first ``max_items`` elements
        are read (a stored document keeps all of them, with a warning).
        """
        value = self._get(key, required, lambda v: isinstance(v, list), "列表")
        if value is _MISSING:
            return None
        node = self.child(key)
        if len(value) < min_items:
            node.report(f"至少须有 {min_items} 项，实际为 {len(value)} 项")
        count = len(value)
        if count > max_items:
            node.report_bound(f"最多 {max_items} 项，实际为 {count} 项")
            if not self.problems.stored:
                count = max_items
        return [node.element(i) for i in range(count)]

    def strings(self, key: str, *, max_items: int = MAX_LIST_LENGTH,
                max_length: int = MAX_TEXT_LENGTH) -> tuple[str, ...]:
        """An optional list of non-empty strings (keywords, audit points)."""
        out = []
        for n in self.items(key, required=False, max_items=max_items) or []:
            if isinstance(n.value, str) and n.value.strip():
                if len(n.value) > max_length:
                    n.report_bound(f"长度为 {len(n.value)} 个字符，不能超过 {max_length} 个")
                out.append(n.value)
            else:
                n.report(f"须为非空字符串，实际为{_describe(n.value)}")
        return tuple(out)


class _Unique:
    """Reports a value seen before under another path (重复)."""

    def __init__(self, what: str, hint: str = "") -> None:
        self.what = what
        self.hint = hint
        self.seen: dict[str, _Node] = {}

    def check(self, node: _Node, value: str | None) -> bool:
        """True when ``value`` is new (or absent)."""
        if value is None:
            return True
        first = self.seen.setdefault(value, node)
        if first is not node:
            node.report(f"{self.what} {_quote(value)} 重复（首次出现于 {first.path}）{self.hint}")
            return False
        return True


def _longer(a: Limit, b: Limit) -> bool:
    """True when ``a`` is longer than ``b`` (exact for equal units, approximate otherwise)."""
    if a.unit == b.unit:
        return a.value > b.value
    return a.approx_hours() > b.approx_hours() + 1e-9


# -- the catalog reader -----------------------------------------------------------------------


class _Reader:
    """Walks one catalog document, collecting problems and building the model objects."""

    def __init__(self, doc: dict, stored: bool = False) -> None:
        self.problems = _Problems(stored)
        self.root = _Node(doc, None, None, self.problems)
        self.department_ids: set[str] | None = None  # None: section unusable, skip reference checks
        self.fields: dict[str, Field] | None = None
        self.material_ids: set[str] | None = None
        self.items: dict[str, Item] = {}
        self.catalog_version: str | None = None
        self.published_at: datetime | None = None

    def read(self) -> Catalog:
        self._header()
        region_code, region_name = self._region()
        departments = self._list("departments", self._department, "部门 id", "id")
        self.department_ids = None if departments is None else {d.id for d in departments}
        fields = self._fields()
        materials = self._list("materials", self._material, "材料 id", "id")
        self.material_ids = None if materials is None else {m.id for m in materials}
        items = self._list("items", self._item, "事项编码", "code")
        self.items = {i.code: i for i in items or () if i.code}
        items_usable = items is not None
        packages = self._list("packages", lambda n: self._package(n, items_usable), "一件事 id", "id",
                              required=False)
        reasons = self._list("reasons", self._reason, "原因编码", "code", required=False)
        overrides = self._calendar()
        id_types = self._id_types(fields)
        if self.problems.lines:
            raise CatalogInvalid(self.problems.lines)
        return Catalog(
            catalog_version=self.catalog_version, published_at=self.published_at,
            region_code=region_code, region_name=region_name, departments=tuple(departments),
            fields=tuple(fields), materials=tuple(materials), items=tuple(items),
            packages=tuple(packages or ()), reasons=tuple(reasons or ()),
            calendar_overrides=tuple(overrides), id_types=id_types)

    # -- top level ---------------------------------------------------------------------------

    def _header(self) -> None:
        r = self.root
        fmt = r.child("format")
        if not fmt.present:
            fmt.report("缺少必填项")
        elif fmt.value != FORMAT:
            fmt.report(f"须为 {_quote(FORMAT)}，实际为 {_quote(fmt.value)}：这不是事项目录文件")
        ver = r.child("format_version")
        if not ver.present:
            ver.report("缺少必填项")
        elif not (isinstance(ver.value, int) and not isinstance(ver.value, bool)):
            ver.report(f"须为整数 {FORMAT_VERSION}，实际为{_describe(ver.value)}")
        elif ver.value != FORMAT_VERSION:
            ver.report(f"不支持的格式版本 {ver.value}（本程序支持版本 {FORMAT_VERSION}），请升级综窗受理台")
        self.catalog_version = r.text("catalog_version", max_length=MAX_CATALOG_VERSION_LENGTH)
        published = r.text("published_at")
        if published is not None:
            self.published_at = _parse_rfc3339(published)
            if self.published_at is None:
                r.child("published_at").report(
                    f"{_quote(published)} 不是带时区偏移的 RFC 3339 时间（如 2026-11-01T08:00:00+08:00）")

    def _region(self) -> tuple[str | None, str | None]:
        region = self.root.obj("region")
        if region is None:
            return None, None
        code = region.text("code")
        if code is not None and not REGION_CODE_RE.fullmatch(code):
            region.child("code").report(f"行政区划代码 {_quote(code)} 须为 6 位数字")
        elif code is not None and code[:2] not in PROVINCE_PREFIXES:
            region.child("code").report(f"行政区划代码 {_quote(code)} 的省级代码（前两位）不存在")
        return code, region.text("name", max_length=MAX_NAME_LENGTH)

    def _list(self, key: str, parse: Callable[[_Node], Any], what: str, id_key: str,
              *, required: bool = True) -> list | None:
        """Parse every object of a top-level list and check its ids are unique."""
        nodes = self.root.items(key, required=required,
                                max_items=MAX_ITEMS if key == "items" else MAX_TOP_LIST[key])
        if nodes is None:
            return None
        unique, out = _Unique(what), []
        for node in nodes:
            if not node.is_object():
                continue
            obj = parse(node)
            if obj is None:
                continue
            unique.check(node.child(id_key), getattr(obj, id_key))
            out.append(obj)
        return out

    def _department(self, n: _Node) -> Department:
        dept_id, name = n.text("id", max_length=MAX_NAME_LENGTH), n.text("name", max_length=MAX_NAME_LENGTH)
        uscc = n.text("uscc", max_length=MAX_NAME_LENGTH)
        if uscc is not None and (not stdnum_uscc.is_valid(uscc) or stdnum_uscc.compact(uscc) != uscc):
            n.child("uscc").report(f"统一社会信用代码 {_quote(uscc)} 无效（须为 18 位数字或大写字母，"
                                   "不含空格，且校验位正确）")
        return Department(id=dept_id, name=name, uscc=uscc, **self._department_1_1(n))

    def _department_1_1(self, n: _Node) -> dict:
        """Catalog 1.1: ``review_body`` (复议机关), ``court`` (法院), ``short_code`` (机关代字)."""
        return {key: n.text(key, required=False, max_length=MAX_NAME_LENGTH)
                for key in ("review_body", "court", "short_code")}

    # -- fields --------------------------------------------------------------------------------

    def _fields(self) -> list[Field] | None:
        nodes: dict[str, _Node] = {}

        def parse(n: _Node) -> Field:
            f = self._field(n)
            if f.key is not None:
                nodes.setdefault(f.key, n)
            return f

        fields = self._list("fields", parse, "数据项 key", "key")
        if fields is None:
            return None
        self.fields = {f.key: f for f in fields if f.key}
        for f in fields:  # id_type_field needs every field parsed first
            if f.id_type_field is None or f.key is None:
                continue
            target = self.fields.get(f.id_type_field)
            node = nodes[f.key].child("id_type_field")
            if target is None:
                node.report(f"引用的数据项 {_quote(f.id_type_field)} 不存在")
            elif target.type != "choice":
                node.report(f"引用的数据项 {_quote(f.id_type_field)} 须为 choice 类型（证件类型），"
                            f"实际为 {target.type}")
        return fields

    def _field(self, n: _Node) -> Field:
        key = n.text("key", max_length=MAX_NAME_LENGTH)
        if key is not None and not FIELD_KEY_RE.fullmatch(key):
            n.child("key").report(f"{_quote(key)} 格式不对：只能由小写字母和下划线组成，"
                                  "以点号分段（如 applicant.name）")
        ftype = n.enum("type", FIELD_TYPES)
        choices = self._choices(n, "choices", required=ftype in CHOICE_TYPES, what="选项值")
        max_length = n.integer("max_length", minimum=1)
        lo, hi = n.number("min"), n.number("max")
        if lo is not None and hi is not None and lo > hi:
            n.child("min").report(f"最小值 {lo:g} 大于最大值 {hi:g}")
        pattern = n.text("pattern", required=False)
        if pattern is not None:
            problem = pattern_problem(pattern)
            if problem is not None:
                if problem.startswith("正则表达式无法编译"):
                    n.child("pattern").report(problem)
                else:  # a stored catalog keeps loading; the pattern is never run
                    n.child("pattern").report_bound(problem)
                pattern = None if self.problems.stored else pattern
        id_type_field = n.text("id_type_field", required=ftype == "id_number",
                               max_length=MAX_NAME_LENGTH)
        sensitive = n.flag("sensitive", required=False, default=False)
        return Field(key=key, label=n.text("label", max_length=MAX_NAME_LENGTH), type=ftype,
                     choices=choices,
                     max_length=max_length, min=lo, max=hi, pattern=pattern,
                     id_type_field=id_type_field, sensitive_flag=sensitive)

    def _choices(self, n: _Node, key: str, *, required: bool, what: str) -> tuple[Choice, ...]:
        nodes = n.items(key, required=required, min_items=1 if required else 0,
                        max_items=MAX_OPTIONS)
        unique, out = _Unique(what), []
        for c in nodes or ():
            if not c.is_object():
                continue
            value = c.text("value", max_length=MAX_NAME_LENGTH)
            unique.check(c.child("value"), value)
            out.append(Choice(value=value, label=c.text("label", max_length=MAX_NAME_LENGTH)))
        return tuple(out)

    # -- materials -----------------------------------------------------------------------------

    def _material(self, n: _Node) -> Material:
        return Material(id=n.text("id", max_length=MAX_NAME_LENGTH),
                        name=n.text("name", max_length=MAX_NAME_LENGTH), kind=n.enum("kind", KINDS),
                        medium=n.enum("medium", MEDIA),
                        e_licence_type=n.text("e_licence_type", required=False,
                                              max_length=MAX_NAME_LENGTH),
                        blank_form=n.text("blank_form", required=False, max_length=MAX_NAME_LENGTH))

    # -- items ---------------------------------------------------------------------------------

    def _item(self, n: _Node) -> Item:
        code = n.text("code", max_length=MAX_CODE_LENGTH)
        name, item_type = n.text("name", max_length=MAX_NAME_LENGTH), n.text("type", max_length=MAX_NAME_LENGTH)
        department = n.text("department", max_length=MAX_NAME_LENGTH)
        if department is not None and self.department_ids is not None \
                and department not in self.department_ids:
            n.child("department").report(f"引用的部门 {_quote(department)} 不存在")
        service_object = self._service_object(n)
        case_type = n.enum("case_type", [c.value for c in CaseType])
        legal = self._limit(n, "legal_limit")
        promised = self._limit(n, "promised_limit")
        if legal is not None and promised is not None and _longer(promised, legal):
            n.child("promised_limit").report(f"承诺时限（{promised.label()}）不能长于法定时限"
                                             f"（{legal.label()}）")
        fee, tolerance = n.flag("fee"), n.flag("tolerance")
        questions = self._questions(n)
        scope = _Scope(_options_of(questions), self.fields)
        item_fields = self._item_fields(n, scope)
        item_materials = self._item_materials(n, scope, tolerance, promised)
        return Item(
            code=code, name=name, type=item_type, department=department,
            service_object=service_object,
            case_type=CaseType(case_type) if case_type else None,
            legal_limit=legal, promised_limit=promised, fee=fee, tolerance=tolerance,
            fields=item_fields, materials=item_materials,
            basic_code=n.text("basic_code", required=False, max_length=MAX_NAME_LENGTH),
            short_name=n.text("short_name", required=False, max_length=MAX_NAME_LENGTH),
            bank_point=n.flag("bank_point", required=False, default=False),
            keywords=n.strings("keywords", max_items=MAX_KEYWORDS, max_length=MAX_NAME_LENGTH),
            questions=questions, **self._item_1_1(n))

    def _item_1_1(self, n: _Node) -> dict:
        """Catalog 1.1: ``legal_basis`` {accept, reject, notify}, ``warning_days`` (≥ 0),
        ``retention_years`` (≥ 1)."""
        basis = LegalBasis()
        node = n.obj("legal_basis", required=False)
        if node is not None:
            for key in node.value:
                if key not in ("accept", "reject", "notify"):
                    node.child(key).report("未知的文书：须为 accept、reject、notify 之一")
            basis = LegalBasis(**{key: node.text(key, required=False, max_length=MAX_TEXT_LENGTH)
                                  for key in ("accept", "reject", "notify")})
        out = {"legal_basis": basis}
        for key, minimum in (("warning_days", 0), ("retention_years", 1)):
            value = n.integer(key, minimum=minimum)
            if value is not None and value > MAX_INT64:
                n.child(key).report(f"须不大于 {MAX_INT64}")
                value = None
            out[key] = value
        return out

    def _service_object(self, n: _Node) -> tuple[str, ...]:
        nodes = n.items("service_object", min_items=1)
        out: list[str] = []
        for s in nodes or ():
            if not isinstance(s.value, str) or s.value not in SERVICE_OBJECTS:
                s.report(f"取值 {_quote(s.value)} 无效，须为 {'、'.join(SERVICE_OBJECTS)} 之一")
            elif s.value in out:
                s.report(f"服务对象 {_quote(s.value)} 重复")
            else:
                out.append(s.value)
        return tuple(out)

    def _questions(self, n: _Node) -> tuple[Question, ...]:
        nodes = n.items("questions", required=False) or []
        unique = _Unique("问题 id")
        parsed: list[tuple[_Node, Question]] = []
        for q in nodes:
            if not q.is_object():
                continue
            qid = q.text("id", max_length=MAX_NAME_LENGTH)
            if qid is not None and (qid in CONDITION_OPERATORS or qid.startswith(FIELD_PREFIX)):
                q.child("id").report(f"问题 id 不能为 all、any、not，也不能以 {FIELD_PREFIX} 开头"
                                     "（与条件语法冲突）")
            unique.check(q.child("id"), qid)
            options = self._choices(q, "options", required=True, what="选项值")
            parsed.append((q, Question(id=qid, text=q.text("text"), options=options,
                                       when=q.child("when").value)))
        scope = _Scope(_options_of(q for _, q in parsed), self.fields)
        depends: dict[str, set[str]] = {}
        for node, q in parsed:
            refs = scope.check(node.child("when"))
            if q.id is not None:
                depends.setdefault(q.id, set()).update(refs)
        for node, q in parsed:
            if q.id is not None and _in_cycle(q.id, depends):
                node.child("when").report(f"问题 {_quote(q.id)} 的条件直接或间接依赖它自己")
        return tuple(q for _, q in parsed)

    def _item_fields(self, n: _Node, scope: "_Scope") -> tuple[ItemField, ...]:
        nodes = n.items("fields")
        unique, out = _Unique("数据项"), []
        for f in nodes or ():
            if not f.is_object():
                continue
            key = f.text("field", max_length=MAX_NAME_LENGTH)
            if key is not None and self.fields is not None and key not in self.fields:
                f.child("field").report(f"引用的数据项 {_quote(key)} 不存在")
            unique.check(f.child("field"), key)
            required = f.flag("required")
            scope.check(f.child("when"))
            out.append(ItemField(field=key, required=required, when=f.child("when").value))
        return tuple(out)

    def _item_materials(self, n: _Node, scope: "_Scope", tolerance: bool | None,
                        promised: Limit | None) -> tuple[ItemMaterial, ...]:
        nodes = n.items("materials")
        unconditional = _Unique("材料", "，且都没有 when 条件；同一材料出现多次时须用 when 区分情形")
        out = []
        for m in nodes or ():
            if not m.is_object():
                continue
            mid = m.text("material", max_length=MAX_NAME_LENGTH)
            if mid is not None and self.material_ids is not None and mid not in self.material_ids:
                m.child("material").report(f"引用的材料 {_quote(mid)} 不存在")
            when = m.child("when")
            if not when.present:
                unconditional.check(m.child("material"), mid)
            necessity = m.enum("necessity", [x.value for x in Necessity])
            supplement = None
            if necessity == Necessity.TOLERABLE.value:
                if tolerance is False:
                    m.child("necessity").report("事项不接受容缺受理（tolerance 为 false），"
                                                "材料不能为 tolerable")
                supplement = self._limit(m, "supplement_limit", positive=True)
                if supplement is not None and promised is not None and _longer(supplement, promised):
                    m.child("supplement_limit").report(
                        f"补交期限（{supplement.label()}）不能长于事项的承诺时限（{promised.label()}）")
            copies = m.integer("copies", minimum=1)
            original = m.enum("original", [x.value for x in Original], required=False,
                              default=Original.NONE.value)
            scope.check(when)
            out.append(ItemMaterial(
                material=mid, necessity=Necessity(necessity) if necessity else None,
                copies=copies if copies is not None else 1,
                original=Original(original) if original else Original.NONE,
                supplement_limit=supplement, audit_points=m.strings("audit_points"),
                when=when.value))
        return tuple(out)

    def _limit(self, n: _Node, key: str, *, required: bool = True,
               positive: bool = False) -> Limit | None:
        """A time limit ``{value, unit}`` (时限)."""
        node = n.obj(key, required=required)
        if node is None:
            return None
        value = node.number("value", required=True, minimum=0)
        unit = node.enum("unit", UNITS)
        if value is not None and positive and value == 0:
            node.child("value").report("须大于 0")
            return None
        if value is None or unit is None:
            return None
        return Limit(value=value, unit=UNITS[unit])

    # -- packages, reasons, calendar -----------------------------------------------------------

    def _package(self, n: _Node, items_usable: bool) -> Package:
        pid = n.text("id", max_length=MAX_PACKAGE_ID_LENGTH)
        nodes = n.items("items", min_items=2)
        unique, codes = _Unique("事项编码"), []
        for c in nodes or ():
            if not isinstance(c.value, str) or not c.value.strip():
                c.report(f"须为事项编码字符串，实际为{_describe(c.value)}")
                continue
            if items_usable and c.value not in self.items:
                c.report(f"引用的事项 {_quote(c.value)} 不存在")
            elif unique.check(c, c.value):
                codes.append(c.value)
        self._shared_questions(n, codes)
        return Package(id=pid, name=n.text("name", max_length=MAX_NAME_LENGTH), items=tuple(codes),
                       promised_limit=self._limit(n, "promised_limit", required=False),
                       keywords=n.strings("keywords", max_items=MAX_KEYWORDS,
                                          max_length=MAX_NAME_LENGTH))

    def _shared_questions(self, n: _Node, codes: list[str]) -> None:
        """A question asked once for the package must offer the same options in every item."""
        first: dict[str, tuple[str, frozenset[str]]] = {}
        for code in codes:
            item = self.items.get(code)
            asked: set[str] = set()
            for q in item.questions if item else ():
                values = frozenset(o.value for o in q.options if o.value is not None)
                if q.id is None or q.id in asked or not values:
                    continue  # already reported on the item
                asked.add(q.id)
                seen = first.setdefault(q.id, (code, values))
                if seen[1] != values:
                    n.child("items").report(
                        f"问题 {_quote(q.id)} 在事项 {seen[0]} 与 {code} 中的选项不一致，"
                        "一件事中同一问题只问一次，选项须相同")
                    first[q.id] = (code, values)

    def _reason(self, n: _Node) -> Reason:
        item_types, basis = self._reason_1_1(n)
        return Reason(code=n.text("code", max_length=MAX_NAME_LENGTH), kind=n.enum("kind", REASON_KINDS), text=n.text("text"),
                      item_types=item_types, basis=basis)

    def _reason_1_1(self, n: _Node) -> tuple[tuple[str, ...], str | None]:
        """Catalog 1.1: ``item_types`` (事项类型 codes the reason applies to) and ``basis``."""
        types: list[str] = []
        nodes = n.items("item_types", required=False, min_items=1)
        for t in nodes or ():
            if not isinstance(t.value, str) or t.value not in ITEM_TYPES:
                t.report(f"事项类型 {_quote(t.value)} 无效，须为 {'、'.join(ITEM_TYPES)} 之一")
            elif t.value in types:
                t.report(f"事项类型 {_quote(t.value)} 重复")
            else:
                types.append(t.value)
        return tuple(types), n.text("basis", required=False, max_length=MAX_TEXT_LENGTH)

    def _calendar(self) -> list[CalendarOverride]:
        cal = self.root.obj("calendar", required=False)
        if cal is None:
            return []
        unique, out = _Unique("日期"), []
        for o in cal.items("overrides", required=False, max_items=1_000) or ():
            if not o.is_object():
                continue
            day = None
            text = o.text("date")
            if text is not None:
                day = _parse_date(text)
                if day is None:
                    o.child("date").report(f"{_quote(text)} 不是有效日期（格式 YYYY-MM-DD）")
                else:
                    unique.check(o.child("date"), day.isoformat())
            workday = o.flag("workday")
            out.append(CalendarOverride(date=day, workday=workday,
                                        name=o.text("name", required=False,
                                                    max_length=MAX_NAME_LENGTH) or ""))
        return out

    def _id_types(self, fields: list[Field] | None) -> tuple[IdType, ...]:
        """The top-level ``id_types`` (证件类型, 1.1), or the defaults when absent."""
        nodes = self.root.items("id_types", required=False, min_items=1)
        if nodes is None:
            return DEFAULT_ID_TYPES
        unique, out = _Unique("证件类型代码"), []
        for n in nodes:
            if not n.is_object():
                continue
            code = n.text("code")
            if code is not None and not ID_TYPE_CODE_RE.fullmatch(code):
                n.child("code").report(f"证件类型代码 {_quote(code)} 须为 1 至 8 位字母或数字")
                code = None
            elif code == CREDIT_CODE:
                n.child("code").report("001（统一社会信用代码）是单位的代码，不是个人证件类型，"
                                       "不能列入 id_types")
            name = n.text("name", max_length=MAX_NAME_LENGTH)
            checksum = n.enum("checksum", CHECKSUMS)
            if code in (RESIDENT_ID_CARD, FOREIGN_PERMANENT) and checksum == "none":
                n.child("checksum").report(f"证件类型 {code} 的号码带 GB 11643 校验位，"
                                           "checksum 须为 gb11643")
            unique.check(n.child("code"), code)
            if code is not None and name is not None and checksum is not None:
                out.append(IdType(code=code, name=name, checksum=checksum))
        codes, checked = {t.code for t in out}, set()
        raw_fields = self.root.value.get("fields")
        for f in fields or ():
            target = self.fields.get(f.id_type_field) if f.id_type_field and self.fields else None
            if target is None or target.type != "choice" or target.key in checked:
                continue
            checked.add(target.key)
            i = next(i for i, d in enumerate(raw_fields)
                     if isinstance(d, dict) and d.get("key") == target.key)
            choices = self.root.child("fields").element(i).child("choices")
            for j, c in enumerate(target.choices):
                if c.value is not None and c.value not in codes and c.value != CREDIT_CODE:
                    choices.element(j).child("value").report(
                        f"证件类型 {_quote(c.value)} 不在顶层 id_types 中（{_quote(f.key)} 的"
                        "证件类型只能取 id_types 所列代码）")
        return tuple(out)


class _Scope:
    """What a condition (``when``) of one item may refer to: its questions and the fields."""

    def __init__(self, options: dict[str, set[str]], fields: dict[str, Field] | None) -> None:
        self.options = options
        self.fields = fields

    def check(self, node: _Node, depth: int = 0) -> set[str]:
        """Report what is wrong with the condition at ``node``; return the question ids it uses."""
        refs: set[str] = set()
        if not node.present:
            return refs
        if depth > MAX_CONDITION_DEPTH:
            node.report_bound(f"条件嵌套超过 {MAX_CONDITION_DEPTH} 层")
            return refs
        if not node.is_object():
            return refs
        if not node.value:
            node.report("条件不能为空对象")
        for key, expected in node.value.items():
            sub = node.child(key)
            if key in ("all", "any"):
                if not isinstance(expected, list):
                    sub.report(f"{key} 须为条件列表，实际为{_describe(expected)}")
                    continue
                if not expected:
                    sub.report(f"{key} 的条件列表不能为空")
                    continue
                for i in range(len(expected)):
                    refs |= self.check(sub.element(i), depth + 1)
            elif key == "not":
                if not isinstance(expected, dict):
                    sub.report(f"not 须为一个条件对象，实际为{_describe(expected)}")
                    continue
                refs |= self.check(sub, depth + 1)
            else:
                if key in self.options:
                    refs.add(key)
                self._check_values(sub, expected, self._allowed_values(sub, key))
        return refs

    def _allowed_values(self, node: _Node, key: str) -> set[str] | None:
        """The values ``key`` can take (``None``: any, or unknown and reported)."""
        if key.startswith(FIELD_PREFIX):
            fkey = key[len(FIELD_PREFIX):]
            if self.fields is None:
                return None
            f = self.fields.get(fkey)
            if f is None:
                node.report(f"条件引用的数据项 {_quote(fkey)} 不存在")
                return None
            return {c.value for c in f.choices if c.value} if f.type in CHOICE_TYPES else None
        if key not in self.options:
            node.report(f"条件引用的问题 {_quote(key)} 不存在（须为本事项 questions 中的 id）")
            return None
        return self.options[key]

    @staticmethod
    def _check_values(node: _Node, expected: Any, allowed: set[str] | None) -> None:
        values = expected if isinstance(expected, list) else [expected]
        if isinstance(expected, list) and not expected:
            node.report("取值列表不能为空")
        for v in values:
            if not (isinstance(v, (str, bool)) or _is_number(v)):
                node.report(f"条件取值须为字符串、数值、布尔值或它们的列表，实际为{_describe(v)}")
                return
        if not allowed:  # any value, or the options themselves are broken (reported there)
            return
        for v in values:
            text = ("true" if v else "false") if isinstance(v, bool) else str(v)
            if text not in allowed:
                node.report(f"取值 {_quote(text)} 不是可选值（{'、'.join(sorted(allowed))}）之一，"
                            "条件永远不会成立")


def _options_of(questions: Iterable[Question]) -> dict[str, set[str]]:
    """Question id → its option values; for a duplicated id (reported) the first entry counts."""
    options: dict[str, set[str]] = {}
    for q in questions:
        if q.id is not None:
            options.setdefault(q.id, {o.value for o in q.options if o.value is not None})
    return options


def _in_cycle(start: str, depends: dict[str, set[str]]) -> bool:
    """True when ``start`` is reachable from itself in the question dependency graph."""
    stack, seen = list(depends.get(start, ())), set()
    while stack:
        q = stack.pop()
        if q == start:
            return True
        if q in seen:
            continue
        seen.add(q)
        stack.extend(depends.get(q, ()))
    return False


def _parse_rfc3339(text: str) -> datetime | None:
    if not RFC3339_RE.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return None


def _parse_date(text: str) -> date | None:
    if not ISO_DATE_RE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- entry point ------------------------------------------------------------------------------


def load_catalog(data: bytes | bytearray | memoryview | str, *, stored: bool = False) -> Catalog:
    """Parse and validate a catalog document (format v1) into a :class:`Catalog`.

    Args:
        stored: the document comes from the store, accepted by an earlier version of this
            validator. The bounds added since (lengths, list sizes, condition nesting, safe
            patterns) are then logged as warnings instead of refusing it — the counter must
            keep working with the catalog it has — and an unsafe ``pattern`` is dropped (the
            field is checked without it). The search index bounds its own input
            (:mod:`counter.catalog.search`), so a long stored text costs no more there.

    Raises:
        CatalogInvalid: with every problem found, each naming its JSON path.
    """
    if not stored and len(data) > MAX_CATALOG_BYTES:  # before decoding, whatever its source
        raise CatalogInvalid([], f"目录文件过大（{_mib(len(data))}），上限为 {_mib(MAX_CATALOG_BYTES)}。")
    doc = _parse_json(data)
    if not isinstance(doc, dict):
        raise CatalogInvalid([], f"目录文件的顶层须为 JSON 对象，实际为{_describe(doc)}。")
    catalog = _Reader(doc, stored).read()
    log.debug("catalog %s validated: %d items, %d packages", catalog.catalog_version,
              len(catalog.items), len(catalog.packages))
    return catalog
