"""Time as the counter sees it: Beijing time, passed in rather than patched.

China has no daylight saving, so a fixed +08:00 offset is exact and needs no tz database
(which Windows lacks without the ``tzdata`` package).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol

#: China Standard Time (北京时间)
CST = timezone(timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (CST)."""


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(CST)


class FixedClock:
    """A clock for tests and benchmarks: stands still until moved."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=CST)
        self._now = moment

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=CST)


def to_rfc3339(moment: datetime) -> str:
    """``2026-11-21T09:30:00+08:00`` (seconds precision, offset always present)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CST)
    return moment.astimezone(CST).isoformat(timespec="seconds")
