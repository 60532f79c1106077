"""Identifier checks (证件号码校验): resident ID numbers, unified social credit codes, mobile
numbers and administrative division codes.

Each ``*_problem`` function returns ``None`` when the value is valid, else one short Chinese
reason a clerk understands. A reason never repeats the value (it is personal data); it names
the part that is wrong (length, characters, province, birth date, check character …). The
checks normalise first, so a clerk may type a lower-case ``x``, full-width digits or spaces.

Checksums come from ``python-stdnum`` (``stdnum.cn.ric`` for GB 11643, ``stdnum.cn.uscc`` for
GB 32100); this module adds the structure checks a counter needs and Chinese reasons.

``make_id_number`` and ``make_uscc`` produce *valid* identifiers for test data and the demo
seeder. They are never used on real people.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from stdnum.cn import ric, uscc

from counter.clock import CST
from counter.errors import InvalidInput

__all__ = [
    "id_number_problem", "uscc_problem", "mobile_problem", "division_problem",
    "normalise_id_number", "normalise_uscc", "normalise_mobile",
    "mask_id_number", "mask_mobile", "birth_date_from_id", "sex_from_id",
    "make_id_number", "make_uscc",
]

CHECKSUM_WRONG = "校验位不正确，请核对是否录入有误"

#: GB/T 2260 province-level prefixes (省级行政区划代码前两位).
DIVISION_PROVINCES = frozenset(
    [f"{n}" for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
                      *range(50, 55), *range(61, 66), 71, 81, 82)])
#: Address-code prefixes of ID numbers: the provinces, plus ``83`` which the residence permits
#: of Taiwan residents (台湾居民居住证, address code 830000) carry; Hong Kong and Macao
#: residents' permits use 810000 and 820000, already provinces above.
ID_PROVINCES = DIVISION_PROVINCES | {"83"}

#: GB 32100 character set: digits and upper-case letters without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: GB 32100 registration-authority codes (登记管理部门代码): 1 机构编制, 2 外交, 3 司法行政,
#: 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管（工商）, A 中央军委改革和编制办公室,
#: N 农业农村, Y 其他.
USCC_AUTHORITIES = frozenset("123456789ANY")
#: The national division code, used by entities registered at the central level.
NATIONAL_DIVISION = "100000"

_ID_BODY = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS = re.compile(r"[0-9]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")

# Full-width ASCII (as a Chinese input method types it) and the ideographic space.
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_ASCII_UPPER = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_WHITESPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-]+")


def _today() -> date:
    return datetime.now(CST).date()


def _clean(value: str, separators: re.Pattern = _WHITESPACE) -> str:
    """Half-width, no separators, ASCII letters upper-cased; idempotent."""
    text = str(value).translate(_HALF_WIDTH)
    return separators.sub("", text).translate(_ASCII_UPPER)


def _is_digits(value: str) -> bool:
    return _DIGITS.fullmatch(value) is not None


# -- normalising ----------------------------------------------------------------------------

def normalise_id_number(value: str) -> str:
    """The ID number as stored: no spaces, half-width, upper-case ``X`` (身份证号码规范化)."""
    return _clean(value)


def normalise_uscc(value: str) -> str:
    """The credit code as stored: no spaces or dashes, half-width, upper-case (统一社会信用代码)."""
    return _clean(value, _SEPARATORS)


def normalise_mobile(value: str) -> str:
    """The mobile number as stored: 11 digits, without spaces, dashes or ``+86``/``86`` (手机号码)."""
    text = _clean(value, _SEPARATORS)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086") and len(text) == 15:
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


# -- division codes -------------------------------------------------------------------------

def _division_reason(code: str, provinces: frozenset[str] = DIVISION_PROVINCES) -> str | None:
    if len(code) != 6:
        return f"行政区划代码应为6位数字，当前为{len(code)}位"
    if not _is_digits(code):
        return "行政区划代码只能包含数字"
    if code[:2] not in provinces:
        return "行政区划代码前两位（省份代码）不正确"
    if code[2:4] == "00" and code[4:] != "00":
        return "行政区划代码不正确：省级代码（第3、4位为00）的第5、6位应为00"
    return None


def division_problem(value: str) -> str | None:
    """Check a 6-digit GB/T 2260 administrative division code (行政区划代码).

    ``110000`` (a province), ``140800`` (a city) and ``140802`` (a district) are valid;
    non-digits, another length, an unknown province and ``11xx`` nonsense such as ``110001``
    (a county below the province level itself) are not.
    """
    return _division_reason(_clean(value))


# -- resident ID numbers (GB 11643) ---------------------------------------------------------

def _id_reason(number: str, today: date | None) -> str | None:
    """Problems of a normalised ID number; ``today`` None skips the "not in the future" check."""
    if len(number) != 18:
        if len(number) == 15 and _is_digits(number):
            return "这是15位旧身份证号码，请录入18位公民身份号码"
        return f"身份证号码应为18位，当前为{len(number)}位"
    if not _ID_BODY.fullmatch(number):
        return "身份证号码前17位应为数字，最后一位为数字或X"
    if number[:2] not in ID_PROVINCES:
        return "身份证号码前两位（省份代码）不正确"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号码中的出生日期（第7至14位）不是有效日期"
    if birth < date(1900, 1, 1):
        return "身份证号码中的出生日期早于1900年，请核对"
    if today is not None and birth > today:
        return "身份证号码中的出生日期晚于今天，请核对"
    if ric.calc_check_digit(number) != number[-1]:
        return CHECKSUM_WRONG
    return None


def id_number_problem(value: str, *, today: date | None = None) -> str | None:
    """Check a resident ID number (公民身份号码, GB 11643).

    Checks, in this order: 18 characters; 17 digits and a digit or ``X``; a known province
    prefix; a real birth date between 1900-01-01 and ``today`` (default: today in Beijing);
    the ISO 7064 MOD 11-2 check character.

    Args:
        value: as typed; normalised first (spaces, full-width digits, lower-case ``x``).
        today: the date birth dates may not lie after.
    """
    return _id_reason(normalise_id_number(value), today or _today())


def _valid_id(value: str) -> str:
    number = normalise_id_number(value)
    reason = _id_reason(number, None)
    if reason:
        raise InvalidInput(reason)
    return number


def birth_date_from_id(value: str) -> date:
    """The birth date (出生日期) in a valid ID number; :class:`InvalidInput` otherwise."""
    number = _valid_id(value)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_from_id(value: str) -> str:
    """``男`` or ``女`` (性别) from the 17th digit of a valid ID number (odd: male)."""
    return "男" if int(_valid_id(value)[16]) % 2 else "女"


def mask_id_number(value: str) -> str:
    """The ID number for paper (脱敏): first 6 and last 4 shown, the rest ``*``.

    A value too short to keep anything hidden is masked completely.
    """
    number = normalise_id_number(value)
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def make_id_number(division: str, birth: date, seq: int) -> str:
    """A valid ID number for test data and demos (生成测试用身份证号码).

    Args:
        division: 6-digit address code, e.g. ``140802``.
        birth: the birth date.
        seq: the 3-digit order code 0–999 (odd: male, even: female).
    """
    if len(division) != 6 or not _is_digits(division) or division[:2] not in ID_PROVINCES:
        raise ValueError("division must be a 6-digit code with a known province prefix")
    if not 0 <= seq <= 999:
        raise ValueError("seq must be 0-999")
    if birth < date(1900, 1, 1):
        raise ValueError("birth must be on or after 1900-01-01")
    body = f"{division}{birth:%Y%m%d}{seq:03d}"
    # stdnum expects the number with a (placeholder) check character
    return body + ric.calc_check_digit(body + "0")


# -- unified social credit codes (GB 32100) -------------------------------------------------

def uscc_problem(value: str) -> str | None:
    """Check a unified social credit code (统一社会信用代码, GB 32100).

    Checks, in this order: 18 characters; the character set (digits and upper-case letters
    without I, O, Z, S, V); the registration-authority code (登记管理部门代码) and the entity
    type (机构类别代码); the division part (characters 3–8, a GB/T 2260 code or 100000); the
    check character.

    ``stdnum.cn.uscc.validate`` requires the first 8 characters to be digits, which would
    refuse the real authority codes ``A``, ``N`` (农村集体经济组织) and ``Y``; so the structure
    is checked here and only the check character is computed by stdnum.
    """
    code = normalise_uscc(value)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    if any(c not in USCC_ALPHABET for c in code):
        return "统一社会信用代码含有不允许的字符（只用数字和大写字母，不用I、O、Z、S、V）"
    if code[0] not in USCC_AUTHORITIES:
        return "统一社会信用代码第1位（登记管理部门代码）不正确"
    if code[1] not in "123456789":
        return "统一社会信用代码第2位（机构类别代码）不正确"
    division = code[2:8]
    if division != NATIONAL_DIVISION:
        reason = _division_reason(division)
        if reason:
            return "统一社会信用代码第3至8位（登记管理机关行政区划码）不正确"
    if uscc.calc_check_digit(code) != code[-1]:
        return CHECKSUM_WRONG
    return None


def _organisation_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, weights))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(division: str = "110000", serial: int = 1, *, authority: str = "9",
              entity_type: str = "1") -> str:
    """A valid unified social credit code for test data and demos (生成测试用统一社会信用代码).

    Args:
        division: 6-digit division code of the registering office.
        serial: 0–99,999,999; becomes the organisation code (主体标识码) with its GB 11714
            check character.
        authority: registration-authority code (``9`` market regulation, ``5`` civil affairs …).
        entity_type: entity type (``1`` enterprise, ``2`` individual business …).
    """
    if authority not in USCC_AUTHORITIES or entity_type not in "123456789" or len(entity_type) != 1:
        raise ValueError("unknown authority or entity type")
    if division != NATIONAL_DIVISION and _division_reason(division):
        raise ValueError("division must be a valid 6-digit division code")
    if not 0 <= serial <= 99_999_999:
        raise ValueError("serial must be 0-99999999")
    body = f"{serial:08d}"
    code = f"{authority}{entity_type}{division}{body}{_organisation_check(body)}"
    return code + uscc.calc_check_digit(code)


# -- mobile numbers -------------------------------------------------------------------------

def mobile_problem(value: str) -> str | None:
    """Check a mainland mobile number (手机号码): 11 digits starting 13–19.

    Spaces, dashes and a ``+86`` / ``86`` prefix are accepted (see :func:`normalise_mobile`).
    """
    number = normalise_mobile(value)
    if number and not _is_digits(number):
        return "手机号码只能包含数字"
    if len(number) != 11:
        return f"手机号码应为11位数字，当前为{len(number)}位"
    if not _MOBILE.fullmatch(number):
        return "手机号码应以13至19开头"
    return None


def mask_mobile(value: str) -> str:
    """The mobile number for paper (脱敏): first 3 and last 4 shown, the rest ``*``."""
    number = normalise_mobile(value)
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
