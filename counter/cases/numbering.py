"""Case numbers (办件编号), generated offline and unique across every counter of a region.

Format (24 characters, see ``docs/case-numbers.md``)::

    140802 001 07 261120 S 00042 K
    region site ctr date  ser serial check

* region: 6-digit division code; site: 3 digits; counter: 2 digits — together they name one
  counter, so no two counters ever draw from the same serial range (no coordination needed).
* date ``YYMMDD`` (Beijing time) of the decision.
* series letter: ``S`` accepted (受理), ``G`` one-time notification (一次性告知), ``B`` rejection
  (不予受理) — notifications and rejections never leave gaps in the acceptance series.
* serial: 5 digits, per region/site/counter/date/series, starting at 00001.
* check character: ISO 7064 MOD 37,36 over the 23 preceding characters; it catches every
  single mistyped character.

Serials are taken from the ``case_serials`` table inside the decision's own write transaction
(:func:`next_serial`), so a decision that rolls back leaves no gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from stdnum.iso7064 import mod_37_36

from counter.clock import CST
from counter.errors import CounterError

#: Series letters and what they number.
SERIES = {"S": "受理", "G": "一次性告知", "B": "不予受理"}
LENGTH = 24
MAX_SERIAL = 99_999

_PATTERN = re.compile(r"(\d{6})(\d{3})(\d{2})(\d{6})([SGB])(\d{5})([0-9A-Z])")
_SEPARATORS = re.compile(r"[\s\-_]+")

NOT_A_CASE_NO = "不是办件编号"
BAD_CHECK = "校验位不符"


@dataclass(frozen=True)
class CaseNo:
    """A parsed case number (办件编号).

    Attributes:
        region: 6-digit division code.
        site: 3-digit site code.
        counter: 2-digit counter code.
        day: the decision date.
        series: ``S``, ``G`` or ``B``.
        serial: 1 … 99999.
    """

    region: str
    site: str
    counter: str
    day: date
    series: str
    serial: int

    @property
    def prefix(self) -> str:
        """The serial counter's key: everything before the serial (18 characters)."""
        return serial_prefix(self.region, self.site, self.counter, self.day, self.series)

    @property
    def body(self) -> str:
        return f"{self.prefix}{self.serial:05d}"

    @property
    def check(self) -> str:
        return check_char(self.body)

    def __str__(self) -> str:
        return self.body + self.check


def serial_prefix(region: str, site: str, counter: str, day: date | datetime, series: str) -> str:
    """``region + site + counter + YYMMDD + series`` — the key of one serial range."""
    if isinstance(day, datetime):
        day = day.astimezone(CST).date() if day.tzinfo else day.date()
    if series not in SERIES:
        raise ValueError(f"unknown series {series!r}")
    if not (re.fullmatch(r"\d{6}", region) and re.fullmatch(r"\d{3}", site)
            and re.fullmatch(r"\d{2}", counter)):
        raise ValueError("region, site and counter must be 6, 3 and 2 digits")
    return f"{region}{site}{counter}{day:%y%m%d}{series}"


def check_char(body: str) -> str:
    """The ISO 7064 MOD 37,36 check character of ``body`` (digits and capitals)."""
    return mod_37_36.calc_check_digit(body)


def format_case_no(region: str, site: str, counter: str, day: date | datetime, series: str,
                   serial: int) -> str:
    """The 24-character case number."""
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} out of range")
    body = f"{serial_prefix(region, site, counter, day, series)}{serial:05d}"
    return body + check_char(body)


def clean(text: str) -> str:
    """Upper case, without blanks and dashes (as typed, scanned or read aloud)."""
    return _SEPARATORS.sub("", text or "").upper()


def parse_case_no(text: str) -> CaseNo | None:
    """The case number in ``text`` (lower case and blanks tolerated), or None when ``text``
    is not a valid case number (wrong shape, impossible date or wrong check character)."""
    s = clean(text)
    m = _PATTERN.fullmatch(s)
    if m is None or not mod_37_36.is_valid(s):
        return None
    region, site, counter, ymd, series, serial, _check = m.groups()
    try:
        day = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
    except ValueError:
        return None
    if int(serial) == 0:
        return None
    return CaseNo(region, site, counter, day, series, int(serial))


def case_no_problem(text: str) -> str | None:
    """None for a valid case number, else ``不是办件编号`` or ``校验位不符``."""
    s = clean(text)
    m = _PATTERN.fullmatch(s)
    if m is None:
        return NOT_A_CASE_NO
    if not mod_37_36.is_valid(s):
        return BAD_CHECK
    if parse_case_no(s) is None:
        return NOT_A_CASE_NO
    return None


def normalise_case_no(text: str) -> str | None:
    """The canonical form (24 upper-case characters) of a valid case number, else None."""
    parsed = parse_case_no(text)
    return None if parsed is None else str(parsed)


def looks_like_case_no(text: str) -> bool:
    """True when ``text`` has the shape of a case number (check character not verified)."""
    return _PATTERN.fullmatch(clean(text)) is not None


# -- allocation in the store ---------------------------------------------------------------

def next_serial(session: Session, prefix: str) -> int:
    """Take the next serial of ``prefix`` inside the caller's write transaction.

    On SQLite the unit of work began with ``BEGIN IMMEDIATE``, so no other process can read
    the same ``last`` before this transaction ends. On PostgreSQL an upsert
    (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) takes the row lock; a concurrent decision
    of the same counter waits for it. Either way a rollback returns the serial unused.
    """
    from counter.store.models import CaseSerialRow

    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        stmt = (insert(CaseSerialRow).values(prefix=prefix, last=1)
                .on_conflict_do_update(index_elements=[CaseSerialRow.prefix],
                                       set_={"last": CaseSerialRow.last + 1})
                .returning(CaseSerialRow.last))
        serial = session.execute(stmt).scalar_one()
    else:  # pragma: no cover - other databases are not supported targets
        done = session.execute(update(CaseSerialRow).where(CaseSerialRow.prefix == prefix)
                               .values(last=CaseSerialRow.last + 1))
        if done.rowcount == 0:
            session.add(CaseSerialRow(prefix=prefix, last=1))
            session.flush()
        serial = session.scalar(select(CaseSerialRow.last).where(CaseSerialRow.prefix == prefix))
    if serial > MAX_SERIAL:
        raise CounterError("本窗口今日该类办件编号已用尽（99999），请联系管理员。")
    return serial
