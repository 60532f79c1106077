"""Identifier checks (证件号码校验): known vectors and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.errors import InvalidInput
from counter.ids import (CHECKSUM_WRONG, MAINLAND_PROVINCES, USCC_ALPHABET, USCC_ENTITY_TYPES,
                         birth_date_from_id,
                         division_problem, document_number_problem, id_number_problem,
                         id_type_of_number, make_foreign_permanent_number, make_id_number,
                         make_uscc,
                         mask_id_number, mask_mobile, mobile_problem, normalise_id_number,
                         normalise_mobile, normalise_uscc, sex_from_id, uscc_problem)

TODAY = date(2026, 11, 20)
FAST = settings(derandomize=True, max_examples=150, deadline=None)

# -- resident ID numbers --------------------------------------------------------------------

GOOD_IDS = [
    "11010519491231002X",  # the example of GB 11643 itself: check character X
    "11010119850101005X",
    "360426199101010071",
    "140802199003071233",
]


@pytest.mark.parametrize("number", GOOD_IDS)
def test_good_id_numbers(number):
    assert id_number_problem(number, today=TODAY) is None


def test_lower_case_x_spaces_and_full_width_are_accepted():
    assert id_number_problem("11010519491231002x", today=TODAY) is None
    assert id_number_problem(" 110105 19491231 002X ", today=TODAY) is None
    assert id_number_problem("１１０１０５１９４９１２３１００２Ｘ", today=TODAY) is None
    assert normalise_id_number(" 11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("number, reason", [
    ("1101051949123100", "应为18位，当前为16位"),
    ("1101051949123100211", "应为18位，当前为19位"),
    ("", "应为18位，当前为0位"),
    ("110105491231002", "15位旧身份证号码"),
    ("11010519491231002Y", "前17位应为数字"),
    ("1101051949123A002X", "前17位应为数字"),
    ("X10105194912310021", "前17位应为数字"),
    ("101051949123100210", "省份代码"),
    ("991051949123100210", "省份代码"),
    ("110105194902300028", "不是有效日期"),
    ("110105194913010028", "不是有效日期"),
    ("440524188001010014", "早于1900年"),
    ("110105202711010028", "晚于今天"),
    ("110105194912310021", CHECKSUM_WRONG),
])
def test_bad_id_numbers_have_distinct_reasons(number, reason):
    problem = id_number_problem(number, today=TODAY)
    assert problem is not None and reason in problem


def test_reasons_never_echo_the_number():
    bad = ["110105194912310021", "440524188001010014", "110105202711010028",
           "991051949123100210", "11010519491231002Y"]
    for number in bad:
        problem = id_number_problem(number, today=TODAY)
        assert number not in problem and number[:14] not in problem and number[-4:] not in problem


def test_checksum_reason_is_the_agreed_text():
    assert id_number_problem("110105194912310021", today=TODAY) == "校验位不正确，请核对是否录入有误"


def test_birth_date_today_is_fine_tomorrow_is_not():
    assert id_number_problem(make_id_number("110105", TODAY, 1), today=TODAY) is None
    assert id_number_problem(make_id_number("110105", date(2026, 11, 21), 1), today=TODAY)


def test_birth_date_sex_and_mask():
    assert birth_date_from_id("11010519491231002x") == date(1949, 12, 31)
    assert sex_from_id("11010519491231002X") == "女"
    assert sex_from_id("360426199101010071") == "男"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    with pytest.raises(InvalidInput) as e:
        birth_date_from_id("110105194912310021")
    assert "110105194912310021" not in str(e.value)


def test_make_id_number_rejects_bad_arguments():
    with pytest.raises(ValueError):
        make_id_number("11010", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("990101", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("110101", date(1990, 1, 1), 1000)


divisions = st.tuples(st.sampled_from(sorted(MAINLAND_PROVINCES)),
                      st.integers(0, 9999)).map(lambda t: f"{t[0]}{t[1]:04d}")
births = st.dates(date(1900, 1, 1), TODAY)
valid_ids = st.builds(make_id_number, divisions, births, st.integers(0, 999))


@FAST
@given(valid_ids)
def test_every_generated_id_is_valid(number):
    assert id_number_problem(number, today=TODAY) is None


@FAST
@given(valid_ids, st.integers(0, 17), st.integers(1, 10))
def test_changing_any_single_character_of_an_id_fails(number, pos, shift):
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    old = number[pos]
    new = alphabet[(alphabet.index(old) + shift) % len(alphabet)]
    if new == old:
        return
    changed = number[:pos] + new + number[pos + 1:]
    assert id_number_problem(changed, today=TODAY) is not None


@FAST
@given(valid_ids)
def test_masking_keeps_exactly_first_6_and_last_4(number):
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8


@FAST
@given(valid_ids)
def test_birth_date_and_sex_round_trip(number):
    assert birth_date_from_id(number) == date(int(number[6:10]), int(number[10:12]),
                                              int(number[12:14]))
    assert sex_from_id(number) == ("男" if int(number[16]) % 2 else "女")


@FAST
@given(st.text())
def test_normalisers_are_idempotent(text):
    for normalise in (normalise_id_number, normalise_uscc, normalise_mobile):
        once = normalise(text)
        assert normalise(once) == once


@FAST
@given(st.text(max_size=30))
def test_checks_never_raise(text):
    for check in (id_number_problem, uscc_problem, mobile_problem, division_problem):
        result = check(text)
        assert result is None or isinstance(result, str)


# -- unified social credit codes ------------------------------------------------------------

GOOD_USCC = [
    "91110000600037341L",  # stdnum's example
    "91350100M000100Y43",
    make_uscc("140802", 1234567),
    make_uscc("100000", 13127, authority="1", entity_type="1"),  # central level
    make_uscc("210102", 42, authority="N", entity_type="2"),  # 村级集体经济组织
    make_uscc("440300", 7, authority="5", entity_type="3"),
]


@pytest.mark.parametrize("code", GOOD_USCC)
def test_good_uscc(code):
    assert uscc_problem(code) is None
    assert uscc_problem(code.lower()) is None
    assert uscc_problem(f" {code[:8]}-{code[8:]} ") is None


@pytest.mark.parametrize("code, reason", [
    ("91110000600037341", "应为18位，当前为17位"),
    ("91110000600037341LL", "应为18位，当前为19位"),
    ("91110000600037341I", "不允许的字符"),
    ("9111000060003734OL", "不允许的字符"),
    ("91110000600037341#", "不允许的字符"),
    ("B1110000600037341L", "第1位"),
    ("01110000600037341L", "第1位"),
    ("90110000600037341L", "第2位"),
    ("9A110000600037341L", "第2位"),
    ("99110000600037341L", "第2位"),
    ("91990000600037341L", "第3至8位"),
    ("91110001600037341L", "第3至8位"),
    ("9111A000600037341L", "第3至8位"),
    ("91110000600037341M", CHECKSUM_WRONG),
])
def test_bad_uscc_have_distinct_reasons(code, reason):
    problem = uscc_problem(code)
    assert problem is not None and reason in problem
    assert code not in problem


USCC_PAIRS = sorted((a, t) for a, types in USCC_ENTITY_TYPES.items() for t in types)
valid_usccs = st.builds(
    lambda division, serial, pair: make_uscc(division, serial, authority=pair[0],
                                             entity_type=pair[1]),
    st.sampled_from(["110000", "110105", "140802", "350100", "440300", "650102", "100000"]),
    st.integers(0, 99_999_999),
    st.sampled_from(USCC_PAIRS))


@FAST
@given(valid_usccs)
def test_every_generated_uscc_is_valid(code):
    assert uscc_problem(code) is None


@FAST
@given(valid_usccs, st.integers(0, 17), st.integers(1, len(USCC_ALPHABET) - 1))
def test_changing_any_single_character_of_a_uscc_fails(code, pos, shift):
    new = USCC_ALPHABET[(USCC_ALPHABET.index(code[pos]) + shift) % len(USCC_ALPHABET)]
    changed = code[:pos] + new + code[pos + 1:]
    assert uscc_problem(changed) is not None


@FAST
@given(valid_usccs, st.integers(0, 17), st.sampled_from("IOZSV"))
def test_excluded_letters_fail(code, pos, letter):
    assert "不允许的字符" in uscc_problem(code[:pos] + letter + code[pos + 1:])


# -- mobile numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["13912345678", "139 1234 5678", "139-1234-5678",
                                   "+8613912345678", "+86 139 1234 5678", "8613912345678",
                                   "008613912345678", "１３９１２３４５６７８"])
def test_good_mobiles(value):
    assert mobile_problem(value) is None
    assert normalise_mobile(value) == "13912345678"


def test_every_second_digit_3_to_9_is_a_mobile():
    for second in "3456789":
        assert mobile_problem(f"1{second}912345678") is None


@pytest.mark.parametrize("value, reason", [
    ("1391234567", "当前为10位"),
    ("139123456789", "当前为12位"),
    ("", "当前为0位"),
    ("1391234567a", "只能包含数字"),
    ("12912345678", "13至19开头"),
    ("23912345678", "13至19开头"),
    ("010-12345678", "13至19开头"),
])
def test_bad_mobiles(value, reason):
    problem = mobile_problem(value)
    assert problem is not None and reason in problem


def test_mask_mobile():
    assert mask_mobile("139 1234 5678") == "139****5678"
    assert mask_mobile("123") == "***"


# -- division codes -------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["110000", "110105", "140800", "140802", "429004", "650102",
                                  "710000", "810000", "820000"])
def test_good_divisions(code):
    assert division_problem(code) is None


@pytest.mark.parametrize("code, reason", [
    ("11000", "应为6位"),
    ("1100000", "应为6位"),
    ("11010A", "只能包含数字"),
    ("100000", "省份代码"),
    ("990101", "省份代码"),
    ("830000", "省份代码"),
    ("110001", "第5、6位应为00"),
])
def test_bad_divisions(code, reason):
    problem = division_problem(code)
    assert problem is not None and reason in problem


# -- identity documents by type (证件类型) ----------------------------------------------------
# Check characters are computed here from the standards, independently of counter.ids.

def gb11643(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character of GB 11643."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body17))
    return "10X98765432"[total % 11]


def gb11714(body8: str) -> str:
    """Check character of an organisation code (GB 11714): A=10 … Z=35."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w
                for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2)))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def gb32100(body17: str) -> str:
    """Final check character of a credit code (GB 32100)."""
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, weights))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def numbered(body17: str) -> str:
    return body17 + gb11643(body17)


HONG_KONG = numbered("81000019880808123")   # 港澳居民居住证, Hong Kong
MACAO = numbered("82000020000229002")       # 港澳居民居住证, Macao, born 29 Feb 2000
TAIWAN = numbered("83000019750615042")      # 台湾居民居住证 (sequence 042: female)
MAINLAND = numbered("14080219900517123")    # 居民身份证
FOREIGNER = numbered("91184019850302011")   # 2023 外国人永久居留身份证: Beijing, 840, 1985-03-02
FOREIGNER_OLD = "USA110079061502"           # 2017 design: nationality letters and 12 digits


def test_the_test_vectors_are_built_by_the_standards():
    assert gb11643("11010519491231002") == "X"  # the example of GB 11643 itself
    assert gb11714("60003734") == "1" and gb32100("91110000600037341") == "L"
    assert make_foreign_permanent_number("11", "840", date(1985, 3, 2), 11) == FOREIGNER


@pytest.mark.parametrize("id_type, number", [
    ("111", MAINLAND), ("237", HONG_KONG), ("237", MACAO), ("238", TAIWAN),
    ("553", FOREIGNER), ("553", FOREIGNER_OLD), ("553", FOREIGNER.lower()),
    ("516", "H12345678"), ("516", "M1234567801"), ("511", "12345678"),
    ("414", "E12345678"), ("414", "EA1234567"), ("414", "123456789"), ("999", MAINLAND),
    ("999", "ABC123"), ("001", "91110000600037341L"),
])
def test_each_document_type_accepts_its_own_numbers(id_type, number):
    assert document_number_problem(id_type, number, today=TODAY) is None


@pytest.mark.parametrize("id_type, number, named", [
    ("111", HONG_KONG, "这是港澳居民居住证号码"),
    ("111", MACAO, "这是港澳居民居住证号码"),
    ("111", TAIWAN, "这是台湾居民居住证号码"),
    ("111", FOREIGNER, "这是外国人永久居留身份证号码"),
    ("237", MAINLAND, "这是居民身份证号码"),
    ("237", TAIWAN, "这是台湾居民居住证号码"),
    ("238", MAINLAND, "这是居民身份证号码"),
    ("238", HONG_KONG, "这是港澳居民居住证号码"),
    ("553", MAINLAND, "这是居民身份证号码"),
    ("553", TAIWAN, "这是台湾居民居住证号码"),
    ("414", MAINLAND, "这是居民身份证号码"),
    ("516", "12345678", "这是台湾居民来往大陆通行证号码"),
    ("516", HONG_KONG, "这是港澳居民居住证号码"),
    ("511", "H12345678", "这是港澳居民来往内地通行证号码"),
    ("511", TAIWAN, "这是台湾居民居住证号码"),
])
def test_a_number_of_another_type_is_refused_naming_that_type(id_type, number, named):
    problem = document_number_problem(id_type, number, today=TODAY)
    assert problem is not None and problem.startswith(named)
    assert "证件类型选为" in problem
    assert number not in problem and number[-4:] not in problem


@pytest.mark.parametrize("id_type, number, reason", [
    ("111", numbered("81100019880808123"), "省份代码"),       # 81 but not 810000
    ("237", numbered("81100019880808123"), "前6位应为810000或820000"),
    ("238", numbered("83010019750615042"), "前6位应为830000"),
    ("237", HONG_KONG[:-1] + ("0" if HONG_KONG[-1] != "0" else "1"), CHECKSUM_WRONG),
    ("237", numbered("81000019881308123"), "不是有效日期"),
    ("238", numbered("83000020271231042"), "晚于今天"),
    ("238", TAIWAN[:17], "应为18位，当前为17位"),
    ("553", numbered("97184019850302011"), "受理地省份代码"),  # 71: not an issuing province
    ("553", numbered("91100019850302011"), "国籍代码"),
    ("553", numbered("91184019851302011"), "不是有效日期"),
    ("553", FOREIGNER[:-1] + ("0" if FOREIGNER[-1] != "0" else "1"), CHECKSUM_WRONG),
    ("553", FOREIGNER[:16], "应为18位（2023年版）或15位（旧版）"),
    ("553", "US1110079061502", "3位国籍字母加12位数字"),
    ("516", "H1234567", "H（香港）或M（澳门）加8位数字"),
    ("516", "K12345678", "H（香港）或M（澳门）加8位数字"),
    ("511", "1234567", "8位数字"),
    ("414", "E12", "5至17位"),
    ("414", "E1234-5678", "1至30位字母或数字"),
])
def test_each_document_type_has_its_own_reasons(id_type, number, reason):
    problem = document_number_problem(id_type, number, today=TODAY)
    assert problem is not None and reason in problem, problem
    assert number not in problem


def test_a_type_only_the_catalog_knows_follows_its_checksum():
    assert document_number_problem("113", MAINLAND, checksum="gb11643", today=TODAY) is None
    assert document_number_problem("550", TAIWAN, checksum="gb11643", today=TODAY) is None
    assert CHECKSUM_WRONG == document_number_problem("113", MAINLAND[:-1] + "0"
                                                     if MAINLAND[-1] != "0" else MAINLAND[:-1] + "1",
                                                     checksum="gb11643", today=TODAY)
    assert document_number_problem("113", "ABC123", checksum="none", today=TODAY) is None
    # a province that uses 237 for another document says so with checksum none
    assert document_number_problem("237", "ABC123", checksum="none", today=TODAY) is None
    assert document_number_problem("237", "ABC123", today=TODAY) is not None
    assert document_number_problem("113", "ABC123", checksum="gb11643", today=TODAY)


def test_the_type_of_a_number_is_recognised():
    assert id_type_of_number(MAINLAND, today=TODAY) == "111"
    assert id_type_of_number(HONG_KONG, today=TODAY) == "237"
    assert id_type_of_number(MACAO, today=TODAY) == "237"
    assert id_type_of_number(TAIWAN, today=TODAY) == "238"
    assert id_type_of_number(FOREIGNER, today=TODAY) == "553"
    assert id_type_of_number("h12345678") == "516"
    assert id_type_of_number("12345678") == "511"
    assert id_type_of_number(MAINLAND[:-1] + ("0" if MAINLAND[-1] != "0" else "1")) is None
    assert id_type_of_number("E12345678") is None


def test_permit_and_foreigner_numbers_give_birth_date_and_sex():
    assert birth_date_from_id(TAIWAN) == date(1975, 6, 15) and sex_from_id(TAIWAN) == "女"
    assert birth_date_from_id(FOREIGNER) == date(1985, 3, 2) and sex_from_id(FOREIGNER) == "男"
    assert mask_id_number(FOREIGNER) == FOREIGNER[:6] + "********" + FOREIGNER[-4:]


def test_make_foreign_permanent_number_refuses_bad_arguments():
    for args in (("71", "840", date(1985, 1, 1), 1), ("11", "000", date(1985, 1, 1), 1),
                 ("11", "84", date(1985, 1, 1), 1), ("11", "840", date(1985, 1, 1), 1000)):
        with pytest.raises(ValueError):
            make_foreign_permanent_number(*args)


# -- credit codes: authority / entity-type pairs and the organisation code ---------------------

def credit_code(authority: str, entity: str, division: str = "140802",
                org: str = "MA0K1234") -> str:
    body = f"{authority}{entity}{division}{org}{gb11714(org)}"
    return body + gb32100(body)


@pytest.mark.parametrize("pair", ["11", "12", "13", "19", "21", "29", "31", "35", "39", "41",
                                  "51", "52", "53", "59", "61", "62", "71", "72", "81", "89",
                                  "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1"])
def test_every_allowed_authority_entity_pair_is_accepted(pair):
    assert uscc_problem(credit_code(*pair)) is None


@pytest.mark.parametrize("pair", ["14", "22", "36", "42", "54", "63", "73", "82", "94", "99",
                                  "A2", "N4", "Y2", "Y9"])
def test_an_entity_type_the_authority_does_not_register_is_refused(pair):
    problem = uscc_problem(credit_code(*pair))
    assert problem is not None and "第2位（机构类别代码）" in problem
    assert f"登记管理部门代码为{pair[0]}时" in problem


def test_the_embedded_organisation_code_is_checked():
    good = credit_code("9", "1", org="MA0K1234")
    assert uscc_problem(good) is None
    wrong = good[:16] + ("0" if good[16] != "0" else "1")
    wrong += gb32100(wrong)  # the final check character is right: only the embedded one is not
    problem = uscc_problem(wrong)
    assert problem is not None and "第9至17位（组织机构代码）" in problem
    assert wrong not in problem


def test_the_sample_catalog_departments_pass_the_organisation_code_check():
    # real-format codes with letters in the organisation code (M=22, B=11 in GB 11714)
    for code in ("11140802MB1937209W", "12140800MB03457115", "91350100M000100Y43"):
        assert uscc_problem(code) is None


def test_make_uscc_refuses_a_pair_the_standard_does_not_have():
    with pytest.raises(ValueError):
        make_uscc("140802", 1, authority="9", entity_type="9")


@FAST
@given(st.sampled_from(["111", "237", "238", "553", "516", "511", "414", "999", "001", "113"]),
       st.one_of(st.text(), st.from_regex(r"9[0-9A-Z]{17}", fullmatch=True),
                 st.from_regex(r"8[123]0000[0-9X]{12}", fullmatch=True)),
       st.sampled_from([None, "gb11643", "none"]))
def test_document_checks_never_raise(id_type, text, checksum):
    result = document_number_problem(id_type, text, today=TODAY, checksum=checksum)
    assert result is None or isinstance(result, str)
    assert id_type_of_number(text) in (None, "111", "237", "238", "553", "516", "511")
