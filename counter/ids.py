"""Identifier checks (证件号码校验): identity documents, unified social credit codes, mobile
numbers and administrative division codes.

Each ``*_problem`` function returns ``None`` when the value is valid, else one short Chinese
reason a clerk understands. A reason never repeats the value (it is personal data); it names
the part that is wrong (length, characters, province, birth date, check character …). The
checks normalise first, so a clerk may type a lower-case ``x``, full-width digits or spaces.

Checksums come from ``python-stdnum`` (``stdnum.cn.ric`` for GB 11643, ``stdnum.cn.uscc`` for
GB 32100); this module adds the structure checks a counter needs and Chinese reasons.

Identity documents (证件类型, codes of the national table; see ``docs/id-types.md``):
:func:`document_number_problem` checks a number against the type the clerk chose and refuses a
number of another type with a reason naming that type (a 港澳居民居住证 number entered as
居民身份证, a 居民身份证 number entered as 台湾居民居住证 …). Numbers with the GB 11643 check
character: 居民身份证 (``111``), 港澳居民居住证 (``237``: address code 810000 Hong Kong, 820000
Macao), 台湾居民居住证 (``238``: 830000) and the 2023 外国人永久居留身份证 (``553``: ``9``, the
province of the issuing office, a 3-digit nationality code, the birth date, a sequence number
and the check character).

``make_id_number``, ``make_foreign_permanent_number`` and ``make_uscc`` produce *valid* identifiers for test data and the demo
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
    "document_number_problem", "residence_permit_problem", "foreign_permanent_problem",
    "gb11643_problem", "id_type_of_number",
    "normalise_id_number", "normalise_uscc", "normalise_mobile",
    "mask_id_number", "mask_mobile", "birth_date_from_id", "sex_from_id",
    "make_id_number", "make_foreign_permanent_number", "make_uscc",
    "RESIDENT_ID_CARD", "PASSPORT", "HK_MACAO_PASS", "TAIWAN_PASS", "HK_MACAO_RESIDENCE",
    "TAIWAN_RESIDENCE", "FOREIGN_PERMANENT", "OTHER_DOCUMENT", "CREDIT_CODE",
    "DOCUMENT_NAMES", "USCC_ENTITY_TYPES",
]

#: Document-type codes (证件类型代码) this module knows the rules of; see docs/id-types.md.
RESIDENT_ID_CARD = "111"  #: 居民身份证
PASSPORT = "414"  #: 普通护照
HK_MACAO_PASS = "516"  #: 港澳居民来往内地通行证
TAIWAN_PASS = "511"  #: 台湾居民来往大陆通行证
HK_MACAO_RESIDENCE = "237"  #: 港澳居民居住证
TAIWAN_RESIDENCE = "238"  #: 台湾居民居住证
FOREIGN_PERMANENT = "553"  #: 外国人永久居留身份证
OTHER_DOCUMENT = "999"  #: 其他
CREDIT_CODE = "001"  #: 统一社会信用代码 (an organisation's "document")

#: The names of those types, used in the reasons below (the catalog's ``id_types`` names what
#: is printed).
DOCUMENT_NAMES = {
    RESIDENT_ID_CARD: "居民身份证", PASSPORT: "普通护照", HK_MACAO_PASS: "港澳居民来往内地通行证",
    TAIWAN_PASS: "台湾居民来往大陆通行证", HK_MACAO_RESIDENCE: "港澳居民居住证",
    TAIWAN_RESIDENCE: "台湾居民居住证", FOREIGN_PERMANENT: "外国人永久居留身份证",
    OTHER_DOCUMENT: "其他", CREDIT_CODE: "统一社会信用代码",
}

CHECKSUM_WRONG = "校验位不正确，请核对是否录入有误"

#: GB/T 2260 province-level prefixes (省级行政区划代码前两位).
DIVISION_PROVINCES = frozenset(
    [f"{n}" for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
                      *range(50, 55), *range(61, 66), 71, 81, 82)])
#: Address-code prefixes of GB 11643 numbers: the provinces, plus ``83`` which the residence
#: permits of Taiwan residents (台湾居民居住证, address code 830000) carry; Hong Kong and Macao
#: residents' permits use 810000 and 820000, already provinces above.
ID_PROVINCES = DIVISION_PROVINCES | {"83"}
#: Address codes of the residence permits (港澳台居民居住证): the whole 6-digit code is fixed.
RESIDENCE_PREFIXES = {"810000": HK_MACAO_RESIDENCE, "820000": HK_MACAO_RESIDENCE,
                      "830000": TAIWAN_RESIDENCE}
#: Provinces where a 居民身份证 is registered (the mainland: not 71, 81, 82, 83).
MAINLAND_PROVINCES = DIVISION_PROVINCES - {"71", "81", "82"}

#: GB 32100 character set: digits and upper-case letters without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: GB 32100 registration-authority codes (登记管理部门代码) with the entity types (机构类别代码)
#: each may register (GB 32100-2015 表1, with the later 农业 N and 中央军委改革和编制办公室 A):
USCC_ENTITY_TYPES: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
          "5": "仲裁委员会", "9": "其他"},
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
          "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}
#: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管（工商）,
#: A 中央军委改革和编制办公室, N 农业农村, Y 其他.
USCC_AUTHORITIES = frozenset(USCC_ENTITY_TYPES)
#: The national division code, used by entities registered at the central level.
NATIONAL_DIVISION = "100000"

_ID_BODY = re.compile(r"[0-9]{17}[0-9X]")
#: 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), 8 digits, the 2 digits of the renewal count
#: on cards before 2013.
_HK_MACAO_PASS = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?")
#: 台湾居民来往大陆通行证 (card since 2015): 8 digits.
_TAIWAN_PASS = re.compile(r"[0-9]{8}")
#: 外国人永久居留证 of the 2004 and 2017 designs: 3-letter nationality code and 12 digits.
_OLD_FOREIGN = re.compile(r"[A-Z]{3}[0-9]{12}")
_DOCUMENT = re.compile(r"[A-Z0-9]{1,30}")
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


# -- GB 11643 numbers: 居民身份证, 港澳台居民居住证, 外国人永久居留身份证 ------------------------

def _birth_reason(number: str, today: date | None, what: str) -> str | None:
    """Problems of the birth date in characters 7–14; ``today`` None skips "not in the future"."""
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"{what}中的出生日期（第7至14位）不是有效日期"
    if birth < date(1900, 1, 1):
        return f"{what}中的出生日期早于1900年，请核对"
    if today is not None and birth > today:
        return f"{what}中的出生日期晚于今天，请核对"
    return None


def _gb11643_shape(number: str, what: str) -> str | None:
    if len(number) != 18:
        return f"{what}应为18位，当前为{len(number)}位"
    if not _ID_BODY.fullmatch(number):
        return f"{what}前17位应为数字，最后一位为数字或X"
    return None


def _check_reason(number: str) -> str | None:
    return CHECKSUM_WRONG if ric.calc_check_digit(number) != number[-1] else None


def _foreign_reason(number: str, today: date | None) -> str | None:
    """Problems of a normalised 2023 外国人永久居留身份证 number (after the 18-character shape)."""
    what = "外国人永久居留身份证号码"
    if number[0] != "9":
        return f"{what}（2023年版）应以9开头"
    if number[1:3] not in MAINLAND_PROVINCES:
        return f"{what}第2、3位（受理地省份代码）不正确"
    if number[3:6] == "000":
        return f"{what}第4至6位（国籍代码）不正确"
    return _birth_reason(number, today, what) or _check_reason(number)


def _gb11643_reason(number: str, today: date | None) -> str | None:
    """Problems of a normalised number of any GB 11643 document (``today`` None: no "not in
    the future" check)."""
    if len(number) == 18 and number[0] == "9":
        return _gb11643_shape(number, "外国人永久居留身份证号码") or _foreign_reason(number, today)
    reason = _id_reason(number, today, provinces=ID_PROVINCES, what="证件号码", old_15=False)
    if reason is None and number[:2] in ("81", "82", "83") and number[:6] not in RESIDENCE_PREFIXES:
        return "港澳台居民居住证号码前6位应为810000、820000或830000"
    return reason


def id_type_of_number(value: str, *, today: date | None = None) -> str | None:
    """The document type whose number ``value`` is, when its format says so (证件类型识别).

    ``111`` 居民身份证, ``237`` 港澳居民居住证, ``238`` 台湾居民居住证 or ``553`` 外国人永久居留
    身份证 for a valid GB 11643 number; ``516`` for an ``H``/``M`` number of a 港澳居民来往内地
    通行证; ``511`` for the 8 digits of a 台湾居民来往大陆通行证; ``None`` otherwise.
    """
    number = normalise_id_number(value)
    if len(number) == 18:
        if _gb11643_reason(number, today) is not None:
            return None
        if number[0] == "9":
            return FOREIGN_PERMANENT
        return RESIDENCE_PREFIXES.get(number[:6], RESIDENT_ID_CARD)
    if _HK_MACAO_PASS.fullmatch(number):
        return HK_MACAO_PASS
    if _TAIWAN_PASS.fullmatch(number):
        return TAIWAN_PASS
    return None


def _other_type(number: str, chosen: str, today: date | None) -> str | None:
    """"这是…号码" when ``number`` is a valid number of a type other than ``chosen``."""
    other = id_type_of_number(number, today=today)
    if other is None or other == chosen:
        return None
    name = DOCUMENT_NAMES[other]
    return f"这是{name}号码，与所选证件类型不符：请将证件类型选为{name}，或核对号码"


def gb11643_problem(value: str, *, today: date | None = None) -> str | None:
    """Check a number of any document numbered by GB 11643 (居民身份证, 港澳台居民居住证, 2023
    外国人永久居留身份证): the rule of a document type that a catalog marks ``gb11643``
    without this module knowing its code."""
    return _gb11643_reason(normalise_id_number(value), today or _today())


def _id_reason(number: str, today: date | None, *, provinces: frozenset[str] = MAINLAND_PROVINCES,
               what: str = "身份证号码", old_15: bool = True) -> str | None:
    """Problems of a normalised ID number; ``today`` None skips the "not in the future" check."""
    if old_15 and len(number) == 15 and _is_digits(number):
        return "这是15位旧身份证号码，请录入18位公民身份号码"
    shape = _gb11643_shape(number, what)
    if shape:
        return shape
    if number[:2] not in provinces:
        return f"{what}前两位（省份代码）不正确"
    return _birth_reason(number, today, what) or _check_reason(number)


def id_number_problem(value: str, *, today: date | None = None) -> str | None:
    """Check a resident ID number (居民身份证的公民身份号码, GB 11643).

    Checks, in this order: 18 characters; 17 digits and a digit or ``X``; not the number of a
    港澳台居民居住证 (810000/820000/830000) or of a 外国人永久居留身份证 (``9…``) — those are
    refused with a reason naming their type; a known mainland province prefix; a real birth
    date between 1900-01-01 and ``today`` (default: today in Beijing); the ISO 7064 MOD 11-2
    check character.

    Args:
        value: as typed; normalised first (spaces, full-width digits, lower-case ``x``).
        today: the date birth dates may not lie after.
    """
    number = normalise_id_number(value)
    today = today or _today()
    if len(number) == 18 and (number[:2] in ("81", "82", "83") or number[0] == "9"):
        other = _other_type(number, RESIDENT_ID_CARD, today)
        if other:
            return other
    return _id_reason(number, today)


def residence_permit_problem(value: str, id_type: str = HK_MACAO_RESIDENCE, *,
                             today: date | None = None) -> str | None:
    """Check the number of a 港澳居民居住证 (``237``) or 台湾居民居住证 (``238``).

    The number is a GB 11643 number whose address code is 810000 (Hong Kong) or 820000 (Macao)
    for the first, 830000 for the second; a 居民身份证 number or the other permit's number is
    refused with a reason naming its type.
    """
    number = normalise_id_number(value)
    today = today or _today()
    what = DOCUMENT_NAMES[id_type] + "号码"
    shape = _gb11643_shape(number, what)
    if shape:
        return shape
    prefixes = [p for p, t in RESIDENCE_PREFIXES.items() if t == id_type]
    if number[:6] not in prefixes:
        other = _other_type(number, id_type, today)
        if other:
            return other
        return f"{what}前6位应为{'或'.join(prefixes)}" + (
            "（香港810000、澳门820000）" if id_type == HK_MACAO_RESIDENCE else "")
    return _birth_reason(number, today, what) or _check_reason(number)


def foreign_permanent_problem(value: str, *, today: date | None = None) -> str | None:
    """Check a 外国人永久居留身份证 number (``553``).

    The 2023 card: 18 characters — ``9``, the 2-digit province of the issuing office, a 3-digit
    nationality code, the birth date (8 digits), a 3-digit sequence number and the GB 11643
    check character. Cards of the 2004 and 2017 designs, still valid until they expire, carry
    15 characters: the 3-letter nationality code and 12 digits (no check character). A
    居民身份证 or 居住证 number is refused with a reason naming its type.
    """
    number = normalise_id_number(value)
    today = today or _today()
    if len(number) == 15 and _OLD_FOREIGN.fullmatch(number):
        return None
    what = "外国人永久居留身份证号码"
    if len(number) not in (15, 18):
        return f"{what}应为18位（2023年版）或15位（旧版），当前为{len(number)}位"
    if len(number) == 15:
        return f"{what}（旧版15位）应为3位国籍字母加12位数字"
    shape = _gb11643_shape(number, what)
    if shape:
        return shape
    if number[0] != "9":
        other = _other_type(number, FOREIGN_PERMANENT, today)
        if other:
            return other
    return _foreign_reason(number, today)


def _document_reason(id_type: str, number: str, today: date) -> str | None:
    """Problems of the number of a passport, a travel permit or another document."""
    if id_type == HK_MACAO_PASS:
        if _HK_MACAO_PASS.fullmatch(number):
            return None
        return _other_type(number, id_type, today) or (
            "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位数字（旧证加10位数字）")
    if id_type == TAIWAN_PASS:
        if _TAIWAN_PASS.fullmatch(number):
            return None
        return _other_type(number, id_type, today) or "台湾居民来往大陆通行证号码应为8位数字"
    if not _DOCUMENT.fullmatch(number):
        return "证件号码应为1至30位字母或数字"
    if id_type == PASSPORT:
        other = id_type_of_number(number, today=today) if len(number) == 18 else None
        if other is not None:
            return _other_type(number, id_type, today)
        if not 5 <= len(number) <= 17:
            return f"护照号码应为5至17位字母或数字，当前为{len(number)}位"
    return None


def document_number_problem(id_type: str, value: str, *, today: date | None = None,
                            checksum: str | None = None) -> str | None:
    """Check the number of a document of type ``id_type`` (证件号码按证件类型校验).

    Each known type (see the module docstring and ``docs/id-types.md``) has its own rule; a
    number that is valid for another type is refused with a reason naming that type. A type
    this module does not know follows ``checksum`` (the catalog's ``id_types``): ``gb11643``
    checks any GB 11643 number, else 1–30 letters or digits. The residence-permit codes
    ``237``/``238`` are this client's choice (docs/id-types.md): a catalog that lists them with
    ``checksum: none`` means another document, checked as 1–30 letters or digits.

    Args:
        id_type: the document-type code the clerk chose.
        value: as typed; normalised first.
        today: the date birth dates may not lie after (default: today in Beijing).
        checksum: ``gb11643`` or ``none`` for a type not known here.
    """
    number = normalise_id_number(value)
    today = today or _today()
    if id_type == RESIDENT_ID_CARD:
        return id_number_problem(number, today=today)
    if id_type in (HK_MACAO_RESIDENCE, TAIWAN_RESIDENCE) and checksum != "none":
        return residence_permit_problem(number, id_type, today=today)
    if id_type == FOREIGN_PERMANENT:
        return foreign_permanent_problem(number, today=today)
    if id_type == CREDIT_CODE:
        return uscc_problem(number)
    if id_type not in DOCUMENT_NAMES and checksum == "gb11643":
        return gb11643_problem(number, today=today)
    if id_type not in DOCUMENT_NAMES or id_type in (HK_MACAO_RESIDENCE, TAIWAN_RESIDENCE):
        return _document_reason(OTHER_DOCUMENT, number, today)
    return _document_reason(id_type, number, today)


def _valid_id(value: str) -> str:
    number = normalise_id_number(value)
    reason = _gb11643_reason(number, None)
    if reason:
        raise InvalidInput(reason)
    return number


def birth_date_from_id(value: str) -> date:
    """The birth date (出生日期) in a valid GB 11643 number; :class:`InvalidInput` otherwise."""
    number = _valid_id(value)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_from_id(value: str) -> str:
    """``男`` or ``女`` (性别) from the 17th digit of a valid GB 11643 number (odd: male)."""
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


def make_foreign_permanent_number(province: str, nationality: str, birth: date, seq: int) -> str:
    """A valid 2023 外国人永久居留身份证 number for test data (生成测试用永久居留身份证号码).

    Args:
        province: 2-digit province code of the issuing office, e.g. ``11``.
        nationality: 3-digit nationality code, e.g. ``840``.
        birth: the birth date.
        seq: the 3-digit sequence number 0–999.
    """
    if province not in MAINLAND_PROVINCES:
        raise ValueError("province must be a mainland province code")
    if len(nationality) != 3 or not _is_digits(nationality) or nationality == "000":
        raise ValueError("nationality must be a 3-digit code")
    if not 0 <= seq <= 999 or birth < date(1900, 1, 1):
        raise ValueError("seq must be 0-999 and birth on or after 1900-01-01")
    body = f"9{province}{nationality}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


# -- unified social credit codes (GB 32100) -------------------------------------------------

def uscc_problem(value: str) -> str | None:
    """Check a unified social credit code (统一社会信用代码, GB 32100).

    Checks, in this order: 18 characters; the character set (digits and upper-case letters
    without I, O, Z, S, V); the registration-authority code (登记管理部门代码, 1st character);
    the entity type (机构类别代码, 2nd character) that authority may register
    (:data:`USCC_ENTITY_TYPES`: a 市场监管 ``9`` code is an enterprise ``1``, an individual
    business ``2`` or a farmers' cooperative ``3``, never ``9``); the division part
    (characters 3–8, a GB/T 2260-shaped code or 100000); the embedded organisation code
    (主体标识码, characters 9–17, GB 11714) and its check character; the check character.

    ``stdnum.cn.uscc.validate`` requires the first 8 characters to be digits, which would
    refuse the real authority codes ``A``, ``N`` (农村集体经济组织) and ``Y``, and checks
    neither the pairs nor the organisation code; so the structure is checked here and only
    the final check character is computed by stdnum.
    """
    code = normalise_uscc(value)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    if any(c not in USCC_ALPHABET for c in code):
        return "统一社会信用代码含有不允许的字符（只用数字和大写字母，不用I、O、Z、S、V）"
    types = USCC_ENTITY_TYPES.get(code[0])
    if types is None:
        return "统一社会信用代码第1位（登记管理部门代码）不正确"
    if code[1] not in types:
        return (f"统一社会信用代码第2位（机构类别代码）不正确：登记管理部门代码为{code[0]}时，"
                f"机构类别代码只能是{'、'.join(types)}")
    division = code[2:8]
    if division != NATIONAL_DIVISION:
        reason = _division_reason(division)
        if reason:
            return "统一社会信用代码第3至8位（登记管理机关行政区划码）不正确"
    if _organisation_check(code[8:16]) != code[16]:
        return "统一社会信用代码第9至17位（组织机构代码）的校验码不正确，请核对是否录入有误"
    if uscc.calc_check_digit(code) != code[-1]:
        return CHECKSUM_WRONG
    return None


def _organisation_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body (组织机构代码).

    Digits count as themselves and letters as A=10 … Z=35 (the whole alphabet, not the credit
    code's); weights 3 7 9 10 5 8 4 2; the check is 11 minus the sum modulo 11, 10 written
    ``X`` and 11 written ``0``.
    """
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights))
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
    if entity_type not in USCC_ENTITY_TYPES.get(authority, ()):
        raise ValueError("unknown authority or an entity type it does not register")
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
