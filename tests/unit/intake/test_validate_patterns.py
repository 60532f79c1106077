"""A catalog pattern cannot freeze the intake form (issue 12): only patterns of the safe subset
are run, on at most MAX_MATCH_INPUT characters; the worst allowed pattern on the worst input is
checked well under a second."""

from __future__ import annotations

import logging
import time

import pytest

from counter.catalog.model import Field
from counter.catalog.patterns import MAX_MATCH_INPUT, MAX_VARIABLE_REPEATS, pattern_problem
from counter.intake.validate import field_problem


def text_field(pattern: str) -> Field:
    return Field("x.code", "代码", "text", pattern=pattern)


def test_a_stored_unsafe_pattern_is_not_run_and_is_logged(caplog):
    # a Field built from a catalog stored before the safe subset existed
    field = text_field(r"(a+)+$")
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="counter.intake.validate"):
        assert field_problem(field, "a" * 40 + "!") is None
    assert time.perf_counter() - started < 0.5  # minutes with re.fullmatch
    assert "not in the safe subset" in caplog.text


def test_the_input_is_capped_before_matching():
    field = text_field(r"[a-z]+")
    assert field_problem(field, "a" * MAX_MATCH_INPUT) is None
    assert f"最多{MAX_MATCH_INPUT}个字符" in field_problem(field, "a" * (MAX_MATCH_INPUT + 1))


def test_a_safe_pattern_still_decides():
    field = text_field(r"[A-Z]{2}\d{6}")
    assert field_problem(field, "AB123456") is None
    assert field_problem(field, "AB12345") == "格式不符合要求"


@pytest.mark.parametrize("pattern", [
    r"\d*" * MAX_VARIABLE_REPEATS + "x",
    r"(?:\d*)" * MAX_VARIABLE_REPEATS + "$x",
    r".*.*.*x",
    r"(\d{2})+(\d{2})+(\d{2})+x",
])
def test_the_worst_allowed_pattern_on_the_worst_input_is_fast(pattern):
    assert pattern_problem(pattern) is None, "the pattern must be in the safe subset"
    started = time.perf_counter()
    assert field_problem(text_field(pattern), "1" * MAX_MATCH_INPUT) == "格式不符合要求"
    assert time.perf_counter() - started < 1.0
