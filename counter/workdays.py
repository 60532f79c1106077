"""Working days (工作日计算) with the national holiday calendar.

Which days are working days
    In this order, the first that has an answer decides:

    1. an explicit override (调整) — from the platform, an administrator or the catalog;
    2. the State Council arrangement as the ``chinesecalendar`` package knows it (statutory
       holidays and make-up working days 调休, 2004 to its last year);
    3. the weekend rule: Monday to Friday work, Saturday and Sunday rest.

    A year is *known* (official) when ``chinesecalendar`` covers it or it was published
    (platform or administrator, see :class:`WorkCalendar` ``published_years``). A year that is
    not known but lies in :data:`counter.provisional.PROVISIONAL_YEARS` (2025–2099) is
    *provisional* (预计): step 2 is then the statutory holidays computed from the law
    (:mod:`counter.provisional`; no 调休 guessed), and every date that depends on it is to
    be shown and printed as 预计 (:meth:`WorkCalendar.is_provisional`). Outside both,
    :class:`counter.errors.CalendarUnknown` is raised. Catalog overrides are local additions
    and do not make a year known.

How a time limit (:class:`counter.limit.Limit`) is added to a moment
    All results are timezone-aware in Beijing time (CST); a naive moment is taken as CST.
    "End of a day" is 23:59:59 of that day.

    * A value of 0, whatever the unit, means the same day (当日办结): the end of the
      moment's day.
    * ``WD n`` (工作日): the end of the n-th working day *after* the moment's day. The day of
      acceptance does not count (自受理之次日起计算), whether or not it is a working day.
    * ``ND n`` (自然日): the end of the n-th natural day after the moment's day; when that day
      is not a working day, the end of the next working day instead (期间届满的最后一日是法定
      节假日的，以节假日后的第一日为期间届满的日期).
    * ``WH n`` (工作小时): n hours counted only inside office hours of working days (default
      09:00–12:00 and 13:30–17:30, 7 h a day), starting at the moment, or at the start of
      the next office period when the moment lies outside one. The result is the moment the
      n-th hour is used up (a limit ending exactly at 12:00 ends at 12:00, not 13:30).
    * ``NH n`` (小时): the moment plus n hours.

    Fractional values are exact for ``WH`` and ``NH`` (to the second) and rounded up for
    ``WD`` and ``ND`` (2.5 working days are 3).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta

import chinese_calendar

from counter.clock import CST
from counter.errors import CalendarUnknown, InvalidInput
from counter.limit import Limit, LimitUnit
from counter.provisional import PROVISIONAL_YEARS, provisional_holidays

__all__ = ["WorkCalendar", "DayNote", "OFFICE_HOURS", "END_OF_DAY", "BUILTIN_YEARS",
           "PROVISIONAL_YEARS", "end_of_day", "legal_deadline"]

#: Default office hours (办公时间): 09:00–12:00 and 13:30–17:30.
OFFICE_HOURS: tuple[tuple[time, time], ...] = ((time(9, 0), time(12, 0)),
                                               (time(13, 30), time(17, 30)))
END_OF_DAY = time(23, 59, 59)

_CC_HOLIDAYS: Mapping[date, str] = chinese_calendar.holidays
_CC_WORKDAYS: Mapping[date, str] = chinese_calendar.workdays
#: The years ``chinesecalendar`` has the State Council arrangement for.
BUILTIN_YEARS = range(min(_CC_HOLIDAYS).year, max(_CC_HOLIDAYS).year + 1)

_ONE_DAY = timedelta(days=1)


_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def _chinese_name(english: str) -> str:
    try:
        short = chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english
    return _FULL_NAMES.get(short, short)


@lru_cache(maxsize=32)
def _provisional_days(year: int) -> dict[date, str]:
    return dict(provisional_holidays(year))


def end_of_day(d: date) -> datetime:
    """23:59:59 CST of ``d`` (当日24时前)."""
    return datetime.combine(d, END_OF_DAY, tzinfo=CST)


def _as_cst(moment: datetime) -> datetime:
    return moment.replace(tzinfo=CST) if moment.tzinfo is None else moment.astimezone(CST)


def _as_date(d: date) -> date:
    return _as_cst(d).date() if isinstance(d, datetime) else d


@dataclass(frozen=True)
class DayNote:
    """A day of the holiday arrangement (节假日安排): a holiday or a make-up working day.

    ``provisional`` (预计): computed from the law for a year not published yet.
    """

    date: date
    workday: bool
    name: str
    provisional: bool = False


class WorkCalendar:
    """The working-day calendar (工作日历): which days are working days, and deadlines.

    Immutable once built; :class:`counter.services.calendar.CalendarService` builds one from
    the store and rebuilds it when the calendar data change.

    Args:
        overrides: day → True (working day, e.g. 调休上班) or False (holiday); they win over
            everything else.
        published_years: years whose arrangement was published by the platform or an
            administrator; together with ``chinesecalendar``'s years they are the known years.
        names: optional day → name (e.g. ``国庆节``) of the overrides, for listings.
        office_hours: the office periods of a working day, in order, for ``WH`` limits.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None,
                 published_years: Iterable[int] = (), *,
                 names: Mapping[date, str] | None = None,
                 office_hours: Sequence[tuple[time, time]] = OFFICE_HOURS) -> None:
        self._overrides = dict(overrides or {})
        self._names = dict(names or {})
        self._published = frozenset(int(y) for y in published_years)
        periods = tuple((start, end) for start, end in office_hours)
        if not periods:
            raise ValueError("office_hours needs at least one period")
        for (start, end), following in zip(periods, periods[1:] + (None,)):
            if not start < end or (following is not None and following[0] < end):
                raise ValueError("office periods must be ordered, non-empty and not overlap")
        self._office_hours = periods

    # -- which days --------------------------------------------------------------------

    def known_years(self) -> list[int]:
        """The years whose official arrangement this calendar has (已知年份; not the provisional)."""
        return sorted(set(BUILTIN_YEARS) | self._published)

    def knows(self, year: int) -> bool:
        """Whether ``year``'s official arrangement is known (built in or published)."""
        return year in self._published or year in BUILTIN_YEARS

    def provisional(self, year: int) -> bool:
        """Whether ``year`` is answered provisionally (预计): not known, but computable."""
        return not self.knows(year) and year in PROVISIONAL_YEARS

    def is_provisional(self, start: date, end: date | None = None) -> bool:
        """Whether a date counted from ``start`` to ``end`` (or the day ``start`` alone)
        depends on a provisional year — then it is shown and printed as 预计."""
        a = _as_date(start)
        b = _as_date(end) if end is not None else a
        if b < a:
            a, b = b, a
        return any(self.provisional(y) for y in range(a.year, b.year + 1))

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day (是否工作日).

        Raises:
            CalendarUnknown: ``d``'s year is neither known nor computable (e.g. after 2099).
        """
        d = _as_date(d)
        if not self.knows(d.year):
            if d.year not in PROVISIONAL_YEARS:
                raise CalendarUnknown(d.year)
            if d in self._overrides:
                return self._overrides[d]
            return d.weekday() < 5 and d not in _provisional_days(d.year)
        if d in self._overrides:
            return self._overrides[d]
        if d in _CC_WORKDAYS:
            return True
        if d in _CC_HOLIDAYS:
            return False
        return d.weekday() < 5

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d`` (下一个工作日)."""
        d = _as_date(d) + _ONE_DAY
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def workdays_between(self, a: date, b: date) -> int:
        """How many working days ``d`` lie in ``a < d <= b`` (negative when ``b`` is before ``a``).

        The counterpart of ``WD`` limits: the deadline of ``WD n`` from a moment on day ``a``
        is the end of the day ``b`` with ``workdays_between(a, b) == n`` and ``b`` a working day.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.workdays_between(b, a)
        count, d = 0, a + _ONE_DAY
        while d <= b:
            count += self.is_workday(d)
            d += _ONE_DAY
        return count

    def special_days(self, year: int) -> list[DayNote]:
        """The holidays and make-up working days of ``year`` (放假与调休上班), in date order.

        Lists the days of the State Council arrangement (including the weekend days inside a
        holiday period) and every override of the year, each as the calendar decides it.
        """
        if self.provisional(year):
            return self._provisional_special_days(year)
        if not self.knows(year):
            raise CalendarUnknown(year)
        days = {d for d in self._overrides if d.year == year}
        if year in BUILTIN_YEARS:
            days |= {d for d in _CC_HOLIDAYS if d.year == year}
            days |= {d for d in _CC_WORKDAYS if d.year == year}
        notes = []
        for d in sorted(days):
            name = self._names.get(d) if d in self._overrides else None
            if not name:
                english = _CC_HOLIDAYS.get(d) or _CC_WORKDAYS.get(d)
                name = _chinese_name(english) if english else ""
            notes.append(DayNote(d, self.is_workday(d), name))
        return notes

    def _provisional_special_days(self, year: int) -> list[DayNote]:
        computed = _provisional_days(year)
        days = set(computed) | {d for d in self._overrides if d.year == year}
        notes = []
        for d in sorted(days):
            if d in self._overrides:
                notes.append(DayNote(d, self._overrides[d], self._names.get(d, ""),
                                     provisional=True))
            else:
                notes.append(DayNote(d, False, computed[d], provisional=True))
        return notes

    # -- deadlines ---------------------------------------------------------------------

    def add(self, moment: datetime, limit: Limit) -> datetime:
        """The deadline (期限) of ``limit`` counted from ``moment``; see the module docstring.

        Raises:
            CalendarUnknown: the count reaches a year the calendar can neither know nor
                compute (see the module docstring; a provisional year is counted, and the
                caller marks the result with :meth:`is_provisional`).
            InvalidInput: a negative or non-finite limit.
        """
        start = _as_cst(moment)
        value = float(limit.value)
        if not math.isfinite(value) or value < 0:
            raise InvalidInput(f"时限数值无效：{limit.value}")
        unit = LimitUnit(limit.unit)
        if value == 0:
            return end_of_day(start.date())
        if unit is LimitUnit.WD:
            d = start.date()
            for _ in range(math.ceil(value)):
                d = self.next_workday(d)
            return end_of_day(d)
        if unit is LimitUnit.ND:
            d = start.date() + timedelta(days=math.ceil(value))
            if not self.is_workday(d):
                d = self.next_workday(d)
            return end_of_day(d)
        if unit is LimitUnit.WH:
            return self._add_working_hours(start, timedelta(seconds=round(value * 3600)))
        return start + timedelta(hours=value)

    def _add_working_hours(self, start: datetime, remaining: timedelta) -> datetime:
        d, not_before = start.date(), start
        while True:
            if self.is_workday(d):
                for opens, closes in self._office_hours:
                    period_end = datetime.combine(d, closes, tzinfo=CST)
                    if period_end <= not_before:
                        continue
                    begin = max(datetime.combine(d, opens, tzinfo=CST), not_before)
                    available = period_end - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            d += _ONE_DAY
            not_before = datetime.combine(d, time(0), tzinfo=CST)


def legal_deadline(calendar, moment: datetime, limit) -> datetime | None:
    """The legal deadline (法定时限届满) of ``limit`` from ``moment``, or ``None`` when the count
    reaches a year the calendar does not know yet: the legal limit is only printed beside the
    promised one, so it never refuses an acceptance (the notice then shows the limit alone)."""
    try:
        return calendar.add(moment, limit)
    except CalendarUnknown:
        return None
