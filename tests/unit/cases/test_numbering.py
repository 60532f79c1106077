"""Case numbers (办件编号): format, check character, parsing."""

from __future__ import annotations

import string
from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.cases.numbering import (BAD_CHECK, LENGTH, NOT_A_CASE_NO, CaseNo, case_no_problem,
                                     check_char, format_case_no, looks_like_case_no,
                                     normalise_case_no, parse_case_no, serial_prefix)
from counter.clock import CST

ALPHABET = string.digits + string.ascii_uppercase


def test_format_has_every_part_in_order():
    no = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 42)
    assert len(no) == LENGTH == 24
    assert no[:23] == "14080200107261120S00042"
    assert no[23] == check_char(no[:23])


def test_documented_example_is_valid():
    # the example of docs/case-numbers.md
    no = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 42)
    assert parse_case_no(no) == CaseNo("140802", "001", "07", date(2026, 11, 20), "S", 42)


def test_date_is_taken_in_beijing_time():
    # 23:30 UTC on the 19th is already the 20th in Beijing
    utc = datetime(2026, 11, 19, 23, 30, tzinfo=timezone.utc)
    assert serial_prefix("140802", "001", "01", utc, "S") == "14080200101261120S"
    assert serial_prefix("140802", "001", "01", utc.astimezone(CST), "G").endswith("261120G")


def test_round_trip_and_str():
    no = format_case_no("110105", "123", "99", date(2030, 1, 31), "B", 99999)
    parsed = parse_case_no(no)
    assert str(parsed) == no
    assert parsed.prefix == "11010512399300131B"
    assert parsed.serial == 99999 and parsed.series == "B"


def test_parse_tolerates_lower_case_and_blanks():
    no = format_case_no("140802", "001", "07", date(2026, 11, 20), "G", 7)
    messy = "  " + " ".join([no[:6], no[6:9], no[9:11], no[11:17], no[17:].lower()]) + "\n"
    assert parse_case_no(messy) == parse_case_no(no)
    assert normalise_case_no(messy) == no
    assert case_no_problem(messy) is None


@pytest.mark.parametrize("text", ["", "abc", "14080200107261120S0004", "14080200107261120X00042Z",
                                  "140802001072611200000420"])
def test_not_a_case_number(text):
    assert parse_case_no(text) is None
    assert case_no_problem(text) == NOT_A_CASE_NO


def test_impossible_date_or_zero_serial_is_not_a_case_number():
    for body in ("14080200107261320S00001", "14080200107261120S00000"):
        text = body + check_char(body)
        assert parse_case_no(text) is None
        assert case_no_problem(text) == NOT_A_CASE_NO


def test_wrong_check_character():
    no = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 1)
    wrong = no[:-1] + ("0" if no[-1] != "0" else "1")
    assert looks_like_case_no(wrong)
    assert parse_case_no(wrong) is None
    assert case_no_problem(wrong) == BAD_CHECK


def test_bad_arguments():
    with pytest.raises(ValueError):
        format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 0)
    with pytest.raises(ValueError):
        format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 100000)
    with pytest.raises(ValueError):
        format_case_no("140802", "01", "07", date(2026, 11, 20), "S", 1)
    with pytest.raises(ValueError):
        format_case_no("140802", "001", "07", date(2026, 11, 20), "X", 1)


case_numbers = st.builds(
    format_case_no,
    region=st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    site=st.from_regex(r"[0-9]{3}", fullmatch=True),
    counter=st.from_regex(r"[0-9]{2}", fullmatch=True),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    series=st.sampled_from("SGB"),
    serial=st.integers(1, 99999))


@given(case_numbers, st.integers(0, LENGTH - 1), st.sampled_from(ALPHABET))
def test_every_single_substitution_is_detected(no, pos, char):
    """ISO 7064 MOD 37,36 detects every single-character substitution (also of the check
    character itself)."""
    changed = no[:pos] + char + no[pos + 1:]
    if changed == no:
        return
    assert parse_case_no(changed) is None
    assert case_no_problem(changed) is not None


@given(case_numbers)
def test_generated_numbers_are_valid(no):
    assert case_no_problem(no) is None
    assert str(parse_case_no(no)) == no
