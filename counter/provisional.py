"""Provisional holiday years (预计节假日安排): a year nobody has published yet, computed from the law.

The State Council publishes each year's arrangement (节假日安排) only weeks before the year
starts, but a 20-working-day case accepted in December already ends in it. Rather than refuse
the applicant, the calendar computes the year from 《全国年节及纪念日放假办法》 (as amended in
2024, in force from 2025) and marks every date it yields 预计 until the official year arrives
(:mod:`counter.services.calendar` then recomputes the open cases).

What a provisional year holds
    The statutory holidays for all citizens (第二条), 13 days:

    ============  ==========================================  ====
    元旦          1 January                                     1
    春节          除夕 and 正月初一 to 初三                     4
    清明节        the day of the solar term 清明                1
    劳动节        1 and 2 May                                   2
    端午节        农历五月初五                                  1
    中秋节        农历八月十五                                  1
    国庆节        1 to 3 October                                3
    ============  ==========================================  ====

    and the compensatory days (补假) of 第六条: a statutory day that falls on a Saturday or
    Sunday (or on another festival's day, as 中秋 on 1 October) is made up on the first
    working days after that festival's days (named e.g. ``国庆节（补假）``).

    It does **not** guess the make-up working days (调休上班) on weekends that the yearly
    arrangement uses to join holidays into longer breaks: those are a decision of the year's
    notice, not of the law. Weekends are rest days as usual.

Where the dates come from
    春节, 端午 and 中秋 are lunar dates and 清明 a solar term; they are taken from the China
    calendar of the ``holidays`` package (vacanza/python-holidays, MIT, released monthly; its
    lunar tables come from the Hong Kong Observatory and reach 2100, its 清明 rule is exact for
    1901–2099). Only the four dates are taken from it; the days and their lengths are the
    law's, built here. :data:`PROVISIONAL_YEARS` is the range this is done for: from 2025
    (the amended law) to 2099; a year outside it stays unknown
    (:class:`counter.errors.CalendarUnknown`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

__all__ = ["PROVISIONAL_YEARS", "FESTIVALS", "provisional_holidays", "festival_dates"]

#: The years a provisional arrangement can be computed for (the amended law, the lunar tables).
PROVISIONAL_YEARS = range(2025, 2100)

#: The seven statutory festivals (法定节日), in the order of the year.
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

_ONE_DAY = timedelta(days=1)
#: The names the ``holidays`` package gives (zh_CN) to the days whose date it knows.
_LIBRARY_NAMES = {"春节": "春节", "清明节": "清明节", "端午节": "端午节", "中秋节": "中秋节"}


def _anchor_dates(year: int) -> dict[str, date]:
    """The first day of 春节 (正月初一), 清明, 端午 and 中秋 of ``year``, from ``holidays``."""
    import holidays  # imported on first use: a provisional year is rarely needed

    days = holidays.country_holidays("CN", years=year, language="zh_CN", observed=False,
                                     categories=("public",))
    anchors: dict[str, date] = {}
    for d, name in sorted(days.items()):
        for part in str(name).split("; "):
            festival = _LIBRARY_NAMES.get(part.strip())
            if festival is not None and festival not in anchors:
                anchors[festival] = d
    missing = [f for f in _LIBRARY_NAMES.values() if f not in anchors]
    if missing:  # a library change we did not expect: never guess
        raise LookupError(f"holidays {holidays.__version__} has no {missing} for {year}")
    return anchors


@lru_cache(maxsize=32)
def festival_dates(year: int) -> dict[str, date]:
    """The day of each of the seven festivals (法定节日) in ``year``: 元旦 1 January, 春节
    正月初一, 清明, 劳动节 1 May, 端午, 中秋, 国庆节 1 October — for checking a published
    year (:func:`counter.services.calendar._implausible`).

    Raises:
        ValueError: ``year`` is before 2008 (清明, 端午 and 中秋 were no holidays) or after 2099.
    """
    if not 2008 <= year <= 2099:
        raise ValueError(f"no festival dates for {year}")
    a = _anchor_dates(year)
    return {"元旦": date(year, 1, 1), "春节": a["春节"], "清明节": a["清明节"],
            "劳动节": date(year, 5, 1), "端午节": a["端午节"], "中秋节": a["中秋节"],
            "国庆节": date(year, 10, 1)}


@lru_cache(maxsize=32)
def provisional_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The rest days (放假) of a provisional ``year`` beyond ordinary weekends, in date order.

    Each is ``(day, name)``: the statutory days by festival and their compensatory days
    (``…（补假）``). Weekend days inside a festival are listed too (they are the festival's).

    Raises:
        ValueError: ``year`` is outside :data:`PROVISIONAL_YEARS`.
    """
    if year not in PROVISIONAL_YEARS:
        raise ValueError(f"no provisional calendar for {year}")
    a = _anchor_dates(year)
    spring = a["春节"]
    statutory: list[tuple[str, list[date]]] = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [spring - _ONE_DAY + i * _ONE_DAY for i in range(4)]),  # 除夕 … 初三
        ("清明节", [a["清明节"]]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [a["端午节"]]),
        ("中秋节", [a["中秋节"]]),
        ("国庆节", [date(year, 10, d) for d in (1, 2, 3)]),
    ]
    rest: dict[date, str] = {}
    owed: list[tuple[str, date, int]] = []  # festival, its last day, days to make up
    for name, days in sorted(statutory, key=lambda f: f[1][0]):
        lost = 0
        for d in days:
            if d.weekday() >= 5 or d in rest:
                lost += 1
            rest.setdefault(d, name)
        owed.append((name, max(days), lost))
    for name, last, lost in owed:
        d = last
        while lost:
            d += _ONE_DAY
            if d.weekday() < 5 and d not in rest:
                rest[d] = f"{name}（补假）"
                lost -= 1
    return tuple(sorted((d, n) for d, n in rest.items() if d.year == year))
