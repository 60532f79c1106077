"""Identifier checks (证件号码校验): known vectors and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.errors import InvalidInput
from counter.ids import (CHECKSUM_WRONG, ID_PROVINCES, USCC_ALPHABET, birth_date_from_id,
                         division_problem, id_number_problem, make_id_number, make_uscc,
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
    "830000199001010012",  # 台湾居民居住证
    "810000200001010014",
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


divisions = st.tuples(st.sampled_from(sorted(ID_PROVINCES)),
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
    ("91990000600037341L", "第3至8位"),
    ("91110001600037341L", "第3至8位"),
    ("9111A000600037341L", "第3至8位"),
    ("91110000600037341M", CHECKSUM_WRONG),
])
def test_bad_uscc_have_distinct_reasons(code, reason):
    problem = uscc_problem(code)
    assert problem is not None and reason in problem
    assert code not in problem


valid_usccs = st.builds(
    make_uscc,
    st.sampled_from(["110000", "110105", "140802", "350100", "440300", "650102", "100000"]),
    st.integers(0, 99_999_999),
    authority=st.sampled_from(sorted("123456789ANY")),
    entity_type=st.sampled_from(list("1239")))


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
