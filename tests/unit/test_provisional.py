"""Provisional holiday years (预计节假日安排): the law's holidays with the lunar dates of a library."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from counter.clock import CST
from counter.limit import Limit, LimitUnit
from counter.provisional import (FESTIVALS, PROVISIONAL_YEARS, festival_dates,
                                 provisional_holidays)
from counter.workdays import WorkCalendar

# The lunar festivals and 清明 as published in almanacs (Purple Mountain Observatory tables).
KNOWN = {
    2027: {"春节": date(2027, 2, 6), "清明节": date(2027, 4, 5), "端午节": date(2027, 6, 9),
           "中秋节": date(2027, 9, 15)},
    2030: {"春节": date(2030, 2, 3), "清明节": date(2030, 4, 5), "端午节": date(2030, 6, 5),
           "中秋节": date(2030, 9, 12)},
}


def names(year: int) -> dict[date, str]:
    return dict(provisional_holidays(year))


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_festival_dates_are_the_known_lunar_and_solar_term_dates(year):
    dates = festival_dates(year)
    assert list(dates) == list(FESTIVALS)
    for festival, day in KNOWN[year].items():
        assert dates[festival] == day
    days = names(year)
    assert all(days[d] == f for f, d in KNOWN[year].items())


@pytest.mark.parametrize("year", [2027, 2030])
def test_the_thirteen_statutory_days_with_their_lengths(year):
    days = names(year)
    statutory = [d for d, n in days.items() if "补假" not in n]
    assert len(statutory) == 13
    spring = KNOWN[year]["春节"]
    assert [days.get(spring + timedelta(days=i)) for i in (-1, 0, 1, 2)] == ["春节"] * 4  # 除夕…初三
    assert days[date(year, 1, 1)] == "元旦"
    assert [days[date(year, 5, d)] for d in (1, 2)] == ["劳动节"] * 2
    assert [days[date(year, 10, d)] for d in (1, 2, 3)] == ["国庆节"] * 3


def test_2027_compensatory_days_follow_the_festival_and_no_make_up_working_day():
    days = names(2027)
    # 春节 2027-02-05 (Fri) … 02-08 (Mon): Saturday and Sunday are made up on 9 and 10 February
    assert days[date(2027, 2, 9)] == days[date(2027, 2, 10)] == "春节（补假）"
    # 劳动节 1–2 May is a weekend: 3 and 4 May; 国庆 1–3 October (Fri–Sun): 4 and 5 October
    assert days[date(2027, 5, 3)] == days[date(2027, 5, 4)] == "劳动节（补假）"
    assert days[date(2027, 10, 4)] == days[date(2027, 10, 5)] == "国庆节（补假）"
    assert date(2027, 10, 6) not in days
    cal = WorkCalendar()
    saturdays = [date(2027, 1, 2) + timedelta(weeks=w) for w in range(52)]
    assert not any(cal.is_workday(d) for d in saturdays)  # no 调休 is guessed
    assert cal.is_workday(date(2027, 2, 11)) and not cal.is_workday(date(2027, 2, 10))


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_rule_agrees_with_the_published_years(year):
    """Every provisional rest day of a year already published is a holiday in the State
    Council's arrangement (the rule never invents a rest day the arrangement does not have)."""
    for d, name in provisional_holidays(year):
        assert not chinese_calendar.is_workday(d), (d, name)


def test_mid_autumn_on_national_day_is_made_up():
    days = names(2031)  # 中秋 2031-10-01 (Wednesday)
    assert days[date(2031, 10, 1)] == "中秋节"
    assert days[date(2031, 10, 6)] == "国庆节（补假）"  # after the weekend of 4–5 October


def test_twenty_working_days_from_december_2026_end_in_january_2027_provisionally():
    cal = WorkCalendar()
    start = datetime(2026, 12, 21, 10, 0, tzinfo=CST)
    end = cal.add(start, Limit(20, LimitUnit.WD))
    # 22 Dec … 31 Dec: 8 working days; 元旦 (Friday) off; 4 Jan … 19 Jan: 12 working days
    assert end == datetime(2027, 1, 19, 23, 59, 59, tzinfo=CST)
    assert cal.is_provisional(start, end)


def test_outside_the_range_there_is_no_provisional_year():
    assert PROVISIONAL_YEARS[0] == 2025 and PROVISIONAL_YEARS[-1] == 2099
    with pytest.raises(ValueError):
        provisional_holidays(2100)
    with pytest.raises(ValueError):
        festival_dates(2100)
