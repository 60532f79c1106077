"""Field validation for the one form (表单校验).

Values are as the form holds them: text for every type (``choice``: the chosen value;
``multi_choice``: a list of values; ``date``: ``YYYY-MM-DD``; numbers as text).

* :func:`normalise_value` turns what the clerk typed into the stored, canonical value: trimmed,
  full-width digits and letters made ASCII (NFKC) where the type is a code or a number,
  ID numbers and credit codes upper-cased, mobile numbers without ``+86`` or separators, dates
  as ``YYYY-MM-DD``. Free text (``text``, ``textarea``) is only trimmed: an enterprise name is
  registered with full-width brackets and must stay as written. A year-month field (a ``text``
  field whose ``pattern`` describes ``YYYY-MM``, see :func:`year_month_example`) also takes
  ``202612``, ``2026/12``, ``2026.12`` or ``2026年12月`` and stores ``2026-12``.
* :func:`field_problem` checks one value and returns a short Chinese reason shown beside the
  field, or ``None``. It checks the normalised value, so lenient input passes and the caller
  stores :func:`normalise_value`'s result.
* A ``division`` must be a current code of the GB/T 2260 table (:mod:`counter.divisions`):
  an unknown or abolished code is refused, whether typed, prefilled or stored in a draft.
* :func:`form_problems` checks a whole intake: unanswered questions, missing required fields,
  invalid values. A decision on a form with problems is refused with
  :func:`problems_as_lines`.

Person-name fields (:func:`is_person_name`: a text field labelled …姓名, or the keys
``applicant.name``, ``agent.name``, ``contact.name``, ``*.legal_rep``) must hold a name: at
least one Chinese character or letter, and no digit — a case number, an ID number or a queue
ticket that a scanner or a slip of the hand put there is refused with a clear reason.

Reasons never contain the value itself: it may be personal data.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from counter import divisions, ids
from counter.catalog.model import DEFAULT_ID_TYPES, Field, IdType
from counter.catalog.patterns import MAX_MATCH_INPUT, is_safe_pattern
from counter.intake.merge import is_empty

if TYPE_CHECKING:
    from counter.intake.merge import IntakeSpec

log = logging.getLogger(__name__)

__all__ = ["field_problem", "normalise_value", "form_problems", "problems_as_lines",
           "REQUIRED", "QUESTION_PREFIX", "MIN_YEAR", "MAX_YEAR", "RESIDENT_ID_TYPE",
           "USCC_ID_TYPE", "year_month_example"]

#: Reason for an empty required field.
REQUIRED = "必填"
#: Prefix of the key of an unanswered question in :func:`form_problems`.
QUESTION_PREFIX = "q:"
#: Dates outside these years are typing mistakes.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: Document type (证件类型) 居民身份证, the type of an ``id_number`` without ``id_type_field``.
RESIDENT_ID_TYPE = ids.RESIDENT_ID_CARD
#: Document type of an organisation: 统一社会信用代码.
USCC_ID_TYPE = ids.CREDIT_CODE

_CODE_TYPES = ("choice", "multi_choice", "date", "integer", "decimal", "mobile", "phone",
               "id_number", "uscc", "division", "email", "postcode")

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LOOSE_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_PHONE = re.compile(r"[0-9][0-9-]{5,18}[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_POSTCODE = re.compile(r"[0-9]{6}")
_SPACES = re.compile(r"\s+")
_LOOSE_MONTH = re.compile(r"([0-9]{4})(?:\s*[-/.年]\s*([0-9]{1,2})\s*月?|([0-9]{2}))")
#: Years tried when deciding whether a field's pattern describes a year-month.
_SAMPLE_YEARS = (2026, 2000, 1990, 2099, 1950)
#: Keys that hold a person's name whatever their label says.
PERSON_NAME_KEYS = frozenset({"applicant.name", "agent.name", "contact.name"})
#: Reasons for a person's name that is no name (never with the value: it is personal data).
NAME_WITHOUT_LETTERS = "姓名应包含汉字或字母，请勿填入编号"
NAME_WITH_DIGITS = "姓名不能含数字，请勿填入办件编号、证件号码等编号"
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")


# -- normalising ----------------------------------------------------------------------------

def _nfkc(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _normalise_date(text: str) -> str:
    for pattern in (_ISO_DATE, _LOOSE_DATE, _COMPACT_DATE):
        m = pattern.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d).isoformat()
            except ValueError:
                return text
    return text


def _pattern_match(pattern: str, text: str) -> bool | None:
    """Whether ``text`` fully matches a catalog pattern; None when the pattern is not run.

    Only a pattern of the safe subset (:func:`counter.catalog.patterns.is_safe_pattern`) is
    ever run, on at most :data:`~counter.catalog.patterns.MAX_MATCH_INPUT` characters (the
    caller refuses a longer value first), so a check as a field is left cannot freeze the
    form. A stored catalog loads with its unsafe patterns dropped (logged there); this is
    the second lock, for any other way a field gets here.
    """
    if len(text) > MAX_MATCH_INPUT or not is_safe_pattern(pattern):
        if pattern not in _WARNED:
            _WARNED.add(pattern)
            log.warning("catalog pattern not run: not in the safe subset (%d characters)",
                        len(pattern))
        return None
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:  # the loader validates patterns; never block the counter on one
        return None


_WARNED: set[str] = set()


@functools.lru_cache(maxsize=256)
def _year_month_example(pattern: str) -> str | None:
    if not is_safe_pattern(pattern):
        return None
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    for year in _SAMPLE_YEARS:
        if (all(compiled.fullmatch(f"{year}-{m:02d}") for m in (1, 9, 12))
                and not compiled.fullmatch(f"{year}12")
                and not compiled.fullmatch(f"{year}-12-07")):
            return f"{year}-12"
    return None


def year_month_example(field: Field) -> str | None:
    """An example value (``2026-12``) when ``field`` is a year-month field, else ``None``.

    The catalog format has no year-month type: such a field is a ``text`` field whose
    ``pattern`` accepts ``YYYY-MM`` (January, September and December of one year) but neither
    ``YYYYMM`` nor a whole date, e.g. ``20\\d{2}-(0[1-9]|1[0-2])``.
    """
    if field.type != "text" or not field.pattern:
        return None
    return _year_month_example(field.pattern)


def _normalise_year_month(value: str) -> str:
    text = _nfkc(value)
    m = _LOOSE_MONTH.fullmatch(text)
    if m:
        month = int(m.group(2) or m.group(3))
        if 1 <= month <= 12:
            return f"{m.group(1)}-{month:02d}"
    return text


def normalise_value(field: Field, value: Any) -> Any:
    """The canonical value to store for ``field`` (规范化): see the module docstring.

    Empty input becomes ``""`` (``[]`` for ``multi_choice``). A value that cannot be made
    canonical (not a date, not a number …) is returned trimmed, for :func:`field_problem`
    to report.
    """
    kind = field.type
    if kind == "multi_choice":
        if value is None:
            return []
        values = [value] if isinstance(value, str) else list(value)
        out: list[str] = []
        for v in values:
            text = _nfkc(v) if v is not None else ""
            if text and text not in out:
                out.append(text)
        return out
    if value is None:
        return ""
    if isinstance(value, date):
        value = value.isoformat()
    if kind == "text" and year_month_example(field):
        return _normalise_year_month(str(value))
    if kind in ("text", "textarea") or kind not in _CODE_TYPES:
        return str(value).strip()
    text = str(value)
    for _ in range(4):  # NFKC may expose spaces that, removed, compose anew: settle it
        canonical = _normalise_code(kind, text)
        if canonical == text:
            break
        text = canonical
    return canonical


def _normalise_code(kind: str, value: str) -> str:
    text = _nfkc(value)
    if kind == "date":
        return _normalise_date(text)
    if kind == "integer":
        compact = _SPACES.sub("", text)
        if _INTEGER.fullmatch(compact) and len(compact) <= 40:
            return str(int(compact))
        return compact
    if kind == "decimal":
        return _SPACES.sub("", text)
    if kind == "mobile":
        return ids.normalise_mobile(text)
    if kind == "phone":
        compact = _SPACES.sub("", _DASHES.sub("-", text))
        if compact.startswith("+86"):
            compact = compact[3:].lstrip("-")
        return compact
    if kind == "id_number":
        return ids.normalise_id_number(text)
    if kind == "uscc":
        return ids.normalise_uscc(text)
    if kind in ("division", "postcode"):
        return _SPACES.sub("", text)
    if kind == "email":
        local, at, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}" if at else text
    return text  # choice


# -- one field ------------------------------------------------------------------------------

def _number_text(n: float | int | Decimal) -> str:
    return format(Decimal(str(n)).normalize(), "f")


def _bounds_problem(field: Field, number: Decimal) -> str | None:
    if field.min is not None and number < Decimal(str(field.min)):
        return f"不能小于{_number_text(field.min)}"
    if field.max is not None and number > Decimal(str(field.max)):
        return f"不能大于{_number_text(field.max)}"
    return None


def _text_problem(field: Field, text: str) -> str | None:
    if field.max_length is not None and len(text) > field.max_length:
        return f"最多{field.max_length}个字符，当前{len(text)}个"
    if field.pattern:
        if len(text) > MAX_MATCH_INPUT:
            return f"最多{MAX_MATCH_INPUT}个字符，当前{len(text)}个"
        if _pattern_match(field.pattern, text) is False:
            return "格式不符合要求"
    return None


def _date_problem(text: str) -> str | None:
    m = _ISO_DATE.fullmatch(text)
    if not m:
        return "日期格式应为YYYY-MM-DD"
    try:
        d = date(*(int(g) for g in m.groups()))
    except ValueError:
        return "不是有效的日期"
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        return f"年份应在{MIN_YEAR}至{MAX_YEAR}年之间"
    return None


def _id_number_problem(field: Field, text: str, form: Mapping[str, Any],
                       today: date | None, id_types: Sequence[IdType]) -> str | None:
    if field.id_type_field:
        id_type = form.get(field.id_type_field)
        if is_empty(id_type):
            return "请先选择证件类型"
        id_type = _nfkc(id_type)
    else:
        id_type = RESIDENT_ID_TYPE
    checksum = next((t.checksum for t in id_types if t.code == id_type), None)
    return ids.document_number_problem(id_type, text, today=today, checksum=checksum)


def is_person_name(field: Field) -> bool:
    """Whether ``field`` holds a person's name (姓名): a ``text`` field labelled …姓名
    (申请人姓名, 代理人姓名, 法定代表人姓名 …), or one of :data:`PERSON_NAME_KEYS`, or a key
    ending in ``.legal_rep``."""
    return field.type == "text" and (field.label.endswith("姓名") or field.key in PERSON_NAME_KEYS
                                     or field.key.endswith(".legal_rep"))


def _person_name_problem(text: str) -> str | None:
    """A person's name has a Chinese character or a letter (``isalpha`` covers both) and no
    digit: names never carry one, while case numbers, ID numbers and tickets always do."""
    if any(c.isdigit() for c in text):
        return NAME_WITH_DIGITS
    if not any(c.isalpha() for c in text):
        return NAME_WITHOUT_LETTERS
    return None


def field_problem(field: Field, value: Any, form: Mapping[str, Any] | None = None, *,
                  today: date | None = None,
                  id_types: Sequence[IdType] = DEFAULT_ID_TYPES) -> str | None:
    """Why ``value`` is not valid for ``field`` (字段校验), or ``None`` when it is.

    Empty values are valid here: requiredness is checked by :func:`form_problems`.
    ``form`` gives the other values: an ``id_number`` reads its document type from
    ``field.id_type_field`` and is checked by that type's rule
    (:func:`counter.ids.document_number_problem`: 居民身份证, 港澳/台湾居民居住证 and
    外国人永久居留身份证 with the GB 11643 check, ``001`` the GB 32100 check, the travel
    permits their formats; a number of another type is refused naming that type); a type
    only the catalog knows follows its ``checksum`` in ``id_types``. ``today`` bounds birth
    dates in ID numbers.
    """
    if is_empty(value):
        return None
    form = form or {}
    kind = field.type
    value = normalise_value(field, value)
    if is_empty(value):  # only separators: nothing was entered
        return None
    if kind == "multi_choice":
        allowed = {c.value for c in field.choices}
        if allowed and any(v not in allowed for v in value):
            return "含有不可选的选项"
        return None
    text = str(value)
    if kind == "text" and ("\n" in text or "\r" in text):
        return "不能换行"
    if kind == "choice":
        if field.choices and text not in {c.value for c in field.choices}:
            return "不是可选的选项"
        return None
    if kind == "date":
        problem = _date_problem(text)
    elif kind == "integer":
        if not _INTEGER.fullmatch(text):
            return "应为整数"
        problem = _bounds_problem(field, Decimal(text))
    elif kind == "decimal":
        if not _DECIMAL.fullmatch(text):
            return "应为数字"
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern excludes it
            return "应为数字"
        problem = _bounds_problem(field, number)
    elif kind == "mobile":
        problem = ids.mobile_problem(text)
    elif kind == "phone":
        if len(text) == 11 and text.startswith("1") and text.isdigit():
            problem = ids.mobile_problem(text)
        elif not _PHONE.fullmatch(text) or "--" in text:
            problem = "电话号码应为7至20位数字，可含区号连字符，如0351-1234567"
        else:
            problem = None
    elif kind == "id_number":
        problem = _id_number_problem(field, text, form, today, id_types)
    elif kind == "uscc":
        problem = ids.uscc_problem(text)
    elif kind == "division":
        problem = divisions.division_problem(text)
    elif kind == "email":
        problem = None if len(text) <= 254 and _EMAIL.fullmatch(text) else "电子邮箱格式不正确"
    elif kind == "postcode":
        problem = None if _POSTCODE.fullmatch(text) else "邮政编码应为6位数字"
    elif is_person_name(field):
        problem = _person_name_problem(text)
    else:
        problem = None
    if problem is None and kind == "text" and field.pattern:
        example = year_month_example(field)
        if example and _pattern_match(field.pattern, text) is False:
            return f"年月格式应为YYYY-MM，如 {example}"
    return problem or _text_problem(field, text)


# -- the whole form -------------------------------------------------------------------------

def form_problems(spec: "IntakeSpec", answers: Mapping[str, Any], form: Mapping[str, Any], *,
                  today: date | None = None) -> dict[str, str]:
    """Every problem of an intake (受理表单问题清单), in form order.

    Keys: ``q:<question id>`` for an applicable question that is not answered
    ("请回答：…"), else the field key (``必填`` for an empty required field, or the reason
    from :func:`field_problem`). Only what applies in the current situation is checked.
    """
    problems: dict[str, str] = {}
    clean = spec.answers_clean(answers, form)
    for mq in spec.questions(answers, form):
        if mq.id not in clean:
            problems[QUESTION_PREFIX + mq.id] = f"请回答：{mq.question.text}"
    for mf in spec.fields(answers, form):
        value = form.get(mf.key)
        if is_empty(value) or is_empty(normalise_value(mf.field, value)):
            if mf.required:
                problems[mf.key] = REQUIRED
            continue
        problem = field_problem(mf.field, value, form, today=today,
                                id_types=spec.catalog.id_types)
        if problem:
            problems[mf.key] = problem
    return problems


def problems_as_lines(spec: "IntakeSpec", problems: Mapping[str, str]) -> list[str]:
    """``<label>：<reason>`` lines for an error message; values are never included.

    Unanswered questions (``q:`` keys) already read "请回答：…" and are given as they are.
    """
    lines = []
    for key, reason in problems.items():
        if key.startswith(QUESTION_PREFIX):
            lines.append(reason)
            continue
        try:
            label = spec.field(key).label
        except KeyError:
            label = key
        lines.append(f"{label}：{reason}")
    return lines
