"""Working days (工作日计算): holidays, make-up days, unknown years, every limit unit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.clock import CST
from counter.errors import CalendarUnknown, InvalidInput
from counter.limit import Limit, LimitUnit
from counter.workdays import BUILTIN_YEARS, OFFICE_HOURS, WorkCalendar

FAST = settings(derandomize=True, max_examples=200, deadline=None)
CAL = WorkCalendar()


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CST)


def eod(y, m, d) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=CST)


def wd(n):
    return Limit(n, LimitUnit.WD)


def nd(n):
    return Limit(n, LimitUnit.ND)


def wh(n):
    return Limit(n, LimitUnit.WH)


def nh(n):
    return Limit(n, LimitUnit.NH)


# -- what chinesecalendar says (the tests below rely on it) ---------------------------------

def test_chinesecalendar_2026_national_day_and_spring_festival():
    national_day = [date(2026, 10, d) for d in range(1, 8)]
    assert all(not chinese_calendar.is_workday(d) for d in national_day)
    assert chinese_calendar.is_workday(date(2026, 10, 8))  # a Thursday: back at work
    assert chinese_calendar.is_workday(date(2026, 9, 20))  # Sunday, 调休上班
    assert chinese_calendar.is_workday(date(2026, 10, 10))  # Saturday, 调休上班
    assert all(not chinese_calendar.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert chinese_calendar.is_workday(date(2026, 2, 14))  # Saturday, 调休上班
    assert chinese_calendar.is_workday(date(2026, 2, 28))  # Saturday, 调休上班
    assert list(BUILTIN_YEARS)[0] == 2004 and list(BUILTIN_YEARS)[-1] == 2026


# -- which days are working days ------------------------------------------------------------

def test_weekends_holidays_and_make_up_days():
    assert CAL.is_workday(date(2026, 11, 20))  # Friday
    assert not CAL.is_workday(date(2026, 11, 21))  # Saturday
    assert not CAL.is_workday(date(2026, 10, 1))
    assert CAL.is_workday(date(2026, 9, 20))
    assert CAL.is_workday(datetime(2026, 9, 20, 23, 0, tzinfo=CST))


def test_override_wins_over_chinesecalendar_and_weekend():
    cal = WorkCalendar({date(2026, 11, 21): True, date(2026, 10, 10): False,
                        date(2026, 11, 23): False})
    assert cal.is_workday(date(2026, 11, 21))
    assert not cal.is_workday(date(2026, 10, 10))
    assert not cal.is_workday(date(2026, 11, 23))


def test_a_year_beyond_any_computable_range_is_never_guessed():
    with pytest.raises(CalendarUnknown) as e:
        CAL.is_workday(date(2100, 3, 1))
    assert e.value.year == 2100 and "节假日日历未更新" in e.value.message
    with pytest.raises(CalendarUnknown):
        CAL.is_workday(date(2003, 12, 31))
    assert not CAL.knows(2027) and CAL.provisional(2027) and not CAL.provisional(2100)


def test_catalog_overrides_alone_do_not_make_a_year_known():
    cal = WorkCalendar({date(2027, 1, 4): False})
    assert not cal.knows(2027) and 2027 not in cal.known_years() and cal.provisional(2027)
    assert not cal.is_workday(date(2027, 1, 4))  # the override still counts, provisionally
    assert cal.add(at(2026, 12, 30), wd(2)) == eod(2027, 1, 5)
    assert cal.is_provisional(date(2026, 12, 30), date(2027, 1, 5))


def test_published_year_uses_weekend_rule_and_its_overrides():
    cal = WorkCalendar({date(2027, 1, 1): False, date(2027, 2, 6): True}, published_years={2027})
    assert 2027 in cal.known_years() and 2026 in cal.known_years()
    assert not cal.is_workday(date(2027, 1, 1))  # Friday, 元旦
    assert cal.is_workday(date(2027, 2, 6))  # Saturday, 调休上班
    assert not cal.is_workday(date(2027, 1, 2))  # Saturday
    assert cal.is_workday(date(2027, 1, 4))  # Monday
    # 2026-12-31 Thursday: the next working day is Monday 2027-01-04
    assert cal.add(at(2026, 12, 30), wd(2)) == eod(2027, 1, 4)
    assert not cal.is_provisional(date(2026, 12, 30), date(2027, 1, 4))
    assert cal.provisional(2028) and cal.is_workday(date(2028, 1, 4))
    assert not cal.is_workday(date(2028, 1, 3))  # 元旦 2028 is a Saturday: 补假 on Monday
    with pytest.raises(CalendarUnknown):
        cal.is_workday(date(2100, 1, 4))


def test_next_workday_and_workdays_between():
    assert CAL.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    assert CAL.next_workday(date(2026, 11, 20)) == date(2026, 11, 23)
    assert CAL.workdays_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert CAL.workdays_between(date(2026, 10, 10), date(2026, 9, 30)) == -3
    assert CAL.workdays_between(date(2026, 11, 20), date(2026, 11, 20)) == 0
    assert CAL.workdays_between(date(2026, 11, 20), date(2026, 11, 22)) == 0


def test_special_days_of_a_year():
    days = {d.date: d for d in CAL.special_days(2026)}
    assert not days[date(2026, 10, 1)].workday and days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 9, 20)].workday and days[date(2026, 9, 20)].name == "国庆节"
    assert days[date(2026, 2, 14)].workday and days[date(2026, 2, 14)].name == "春节"
    assert date(2026, 10, 8) not in days
    cal = WorkCalendar({date(2026, 11, 21): True}, names={date(2026, 11, 21): "集中办理日"})
    note = {d.date: d for d in cal.special_days(2026)}[date(2026, 11, 21)]
    assert note.workday and note.name == "集中办理日"
    assert all(d.provisional and not d.workday for d in CAL.special_days(2027))
    assert not any(d.provisional for d in CAL.special_days(2026))
    with pytest.raises(CalendarUnknown):
        CAL.special_days(2100)


# -- WD -------------------------------------------------------------------------------------

def test_wd_counts_from_the_next_day_over_weekends():
    friday = at(2026, 11, 20, 9, 30)
    assert CAL.add(friday, wd(1)) == eod(2026, 11, 23)
    assert CAL.add(friday, wd(5)) == eod(2026, 11, 27)
    assert CAL.add(at(2026, 11, 21), wd(1)) == eod(2026, 11, 23)  # accepted on a Saturday


def test_wd_crossing_national_day_2026():
    assert CAL.add(at(2026, 9, 30), wd(1)) == eod(2026, 10, 8)
    assert CAL.add(at(2026, 9, 30), wd(2)) == eod(2026, 10, 9)
    assert CAL.add(at(2026, 9, 30), wd(3)) == eod(2026, 10, 10)  # Saturday, 调休上班
    assert CAL.add(at(2026, 9, 18), wd(1)) == eod(2026, 9, 20)  # Sunday, 调休上班
    # Mid-autumn (09-25..27) and National Day (10-01..07) in one count
    assert CAL.add(at(2026, 9, 24), wd(4)) == eod(2026, 10, 8)


def test_wd_crossing_spring_festival_2026():
    assert CAL.add(at(2026, 2, 13), wd(1)) == eod(2026, 2, 14)  # Saturday, 调休上班
    assert CAL.add(at(2026, 2, 13), wd(2)) == eod(2026, 2, 24)
    assert CAL.add(at(2026, 2, 16), wd(5)) == eod(2026, 2, 28)  # Saturday, 调休上班


def test_wd_with_an_override_making_a_saturday_a_workday():
    cal = WorkCalendar({date(2026, 11, 21): True})
    assert cal.add(at(2026, 11, 20), wd(1)) == eod(2026, 11, 21)
    assert cal.add(at(2026, 11, 20), wd(2)) == eod(2026, 11, 23)


def test_wd_into_a_provisional_year_counts_and_beyond_2099_raises():
    assert CAL.add(at(2026, 12, 29), wd(2)) == eod(2026, 12, 31)
    assert not CAL.is_provisional(date(2026, 12, 29), date(2026, 12, 31))
    # 2027-01-01 is 元旦 (provisional), then a weekend
    assert CAL.add(at(2026, 12, 29), wd(3)) == eod(2027, 1, 4)
    assert CAL.is_provisional(date(2026, 12, 29), date(2027, 1, 4))
    with pytest.raises(CalendarUnknown) as e:
        CAL.add(at(2099, 12, 28), wd(5))
    assert e.value.year == 2100


def test_fractional_wd_and_nd_round_up():
    assert CAL.add(at(2026, 11, 20), wd(2.5)) == CAL.add(at(2026, 11, 20), wd(3))
    assert CAL.add(at(2026, 11, 16), nd(1.2)) == eod(2026, 11, 18)


# -- ND -------------------------------------------------------------------------------------

def test_nd_counts_natural_days_and_moves_off_holidays():
    assert CAL.add(at(2026, 11, 16), nd(3)) == eod(2026, 11, 19)
    assert CAL.add(at(2026, 11, 18), nd(3)) == eod(2026, 11, 23)  # Saturday → Monday
    assert CAL.add(at(2026, 9, 28), nd(2)) == eod(2026, 9, 30)
    assert CAL.add(at(2026, 9, 28), nd(3)) == eod(2026, 10, 8)  # National Day → after it
    assert CAL.add(at(2026, 10, 3), nd(7)) == eod(2026, 10, 10)  # make-up Saturday counts


# -- WH -------------------------------------------------------------------------------------

def test_wh_inside_office_hours():
    assert CAL.add(at(2026, 11, 20, 10), wh(2)) == at(2026, 11, 20, 12)  # ends at 12:00
    assert CAL.add(at(2026, 11, 20, 10), wh(3)) == at(2026, 11, 20, 14, 30)
    # 09:00-12:00 and 13:30-17:30 are 7 hours (not 7.5), so 7.5 ends on Monday
    assert CAL.add(at(2026, 11, 20, 9), wh(7)) == at(2026, 11, 20, 17, 30)
    assert CAL.add(at(2026, 11, 20, 9), wh(7.5)) == at(2026, 11, 23, 9, 30)
    assert CAL.add(at(2026, 11, 20, 12, 30), wh(0.5)) == at(2026, 11, 20, 14)
    assert CAL.add(at(2026, 11, 20, 10), wh(0.25)) == at(2026, 11, 20, 10, 15)


def test_wh_outside_office_hours_starts_at_the_next_period():
    assert CAL.add(at(2026, 11, 20, 18), wh(1)) == at(2026, 11, 23, 10)  # Friday evening
    assert CAL.add(at(2026, 11, 20, 7), wh(1)) == at(2026, 11, 20, 10)
    assert CAL.add(at(2026, 11, 21, 10), wh(1)) == at(2026, 11, 23, 10)  # Saturday
    assert CAL.add(at(2026, 9, 30, 16, 30), wh(2)) == at(2026, 10, 8, 10)  # over National Day


def test_wh_with_other_office_hours():
    cal = WorkCalendar(office_hours=[(time(8, 30), time(12)), (time(14, 30), time(18))])
    assert cal.add(at(2026, 11, 20, 11), wh(2)) == at(2026, 11, 20, 15, 30)
    with pytest.raises(ValueError):
        WorkCalendar(office_hours=[(time(13), time(12))])
    with pytest.raises(ValueError):
        WorkCalendar(office_hours=[(time(9), time(12)), (time(11), time(17))])
    assert OFFICE_HOURS[0] == (time(9), time(12))


# -- NH, zero, time zones, bad values --------------------------------------------------------

def test_nh_adds_hours():
    assert CAL.add(at(2026, 11, 20, 22), nh(1.5)) == at(2026, 11, 20, 23, 30)
    assert CAL.add(at(2026, 11, 20, 22), nh(4)) == at(2026, 11, 21, 2)


@pytest.mark.parametrize("unit", list(LimitUnit))
def test_zero_means_end_of_the_same_day(unit):
    assert CAL.add(at(2026, 10, 3, 15), Limit(0, unit)) == eod(2026, 10, 3)


def test_results_are_cst_and_naive_moments_are_cst():
    assert CAL.add(datetime(2026, 11, 20, 10), wd(1)) == eod(2026, 11, 23)
    # 20:00 UTC on Friday is 04:00 on Saturday in Beijing
    utc = datetime(2026, 11, 20, 20, tzinfo=timezone.utc)
    result = CAL.add(utc, wd(1))
    assert result == eod(2026, 11, 23) and result.utcoffset() == timedelta(hours=8)
    assert CAL.add(utc, nh(1)).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_bad_values_are_refused(value):
    with pytest.raises(InvalidInput):
        CAL.add(at(2026, 11, 20), Limit(value, LimitUnit.WD))


# -- properties -----------------------------------------------------------------------------

moments = st.datetimes(datetime(2004, 1, 1), datetime(2026, 11, 30, 23, 59)).map(
    lambda m: m.replace(tzinfo=CST))


@FAST
@given(moments, st.integers(1, 20))
def test_wd_lands_on_a_working_day_after_n_working_days(moment, n):
    deadline = CAL.add(moment, wd(n))
    assert deadline.timetz() == time(23, 59, 59, tzinfo=CST)
    assert CAL.is_workday(deadline.date())
    assert CAL.workdays_between(moment.date(), deadline.date()) == n


@FAST
@given(moments, st.integers(0, 19))
def test_wd_is_monotonic_in_n(moment, n):
    assert CAL.add(moment, wd(n)) < CAL.add(moment, wd(n + 1))


@FAST
@given(moments, st.integers(1, 20))
def test_nd_lands_on_a_working_day_not_before_n_days(moment, n):
    deadline = CAL.add(moment, nd(n))
    assert CAL.is_workday(deadline.date())
    assert deadline.date() >= moment.date() + timedelta(days=n)
    assert CAL.add(moment, nd(n)) <= CAL.add(moment, nd(n + 1))


@FAST
@given(moments, st.integers(1, 60 * 40).map(lambda m: m / 60))
def test_wh_ends_inside_office_hours_and_is_monotonic(moment, hours):
    deadline = CAL.add(moment, wh(hours))
    assert deadline > moment
    assert CAL.is_workday(deadline.date())
    t = deadline.time()
    assert any(start < t <= end for start, end in OFFICE_HOURS)
    assert CAL.add(moment, wh(hours + 0.5)) > deadline
