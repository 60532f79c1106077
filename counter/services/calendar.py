"""The holiday calendar of this store (节假日日历服务): deadlines in working days, and the
yearly holiday arrangements published by the platform or imported by an administrator.

Where the calendar comes from (see :mod:`counter.workdays` for the precedence):

* ``chinesecalendar``'s State Council arrangements, built in;
* years published through :meth:`CalendarService.import_year` (``source`` ``platform`` from
  the sync worker, ``admin`` from an administrator's file), stored in ``calendar_years`` and
  ``calendar_overrides``;
* the active catalog's ``calendar.overrides`` (local additions; they never make a year known).

Among overrides of the same day, an administrator's wins over the platform's, which wins over
the catalog's.

The document of a year is the platform's format (``contracts/platform-api.md``,
``GET /calendar/{year}``)::

    {"year": 2027, "overrides": [{"date": "2027-10-01", "workday": false, "name": "国庆节"}]}
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select

from counter import audit
from counter.catalog.model import CalendarOverride
from counter.clock import Clock
from counter.errors import InvalidInput, NotFound
from counter.identity import Actor
from counter.limit import Limit
from counter.permissions import Permissions
from counter.store.models import CalendarOverrideRow, CalendarYearRow
from counter.store.uow import UowFactory
from counter.workdays import BUILTIN_YEARS, DayNote, WorkCalendar

log = logging.getLogger(__name__)

__all__ = ["CalendarService", "YearImport", "YearInfo", "SOURCES"]

#: Who may publish a year, lowest precedence first.
SOURCES = ("platform", "admin")
SOURCE_LABELS = {"builtin": "国务院办公厅通知（内置）", "platform": "省级平台发布", "admin": "管理员导入"}
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_NAME = 64  # calendar_overrides.name
MAX_FILE_BYTES = 1024 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class YearImport:
    """What :meth:`CalendarService.import_year` stored."""

    year: int
    holidays: int
    workdays: int
    message: str


@dataclass(frozen=True)
class YearInfo:
    """A known year's arrangement (某年节假日安排) and where it comes from."""

    year: int
    sources: tuple[str, ...]  #: Chinese labels, e.g. ``省级平台发布``
    days: tuple[DayNote, ...]


class CalendarService:
    """The working-day calendar of this store (节假日日历服务).

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now" (import timestamps).
        catalog_overrides: returns the active catalog's overrides; may raise
            :class:`NotFound` when no catalog is imported yet (then there are none).
        permissions: the permission checks of imports made by a person (``actor`` given);
            default: the role matrix only.
    """

    def __init__(self, uow: UowFactory, clock: Clock,
                 catalog_overrides: Callable[[], Iterable[CalendarOverride]] | None = None, *,
                 permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._perm = permissions or Permissions(None, clock)
        self._catalog_overrides = catalog_overrides
        self._lock = threading.Lock()
        self._calendar: WorkCalendar | None = None

    # -- reading ---------------------------------------------------------------------------

    def calendar(self) -> WorkCalendar:
        """The current calendar, built once and kept until :meth:`invalidate`."""
        with self._lock:
            if self._calendar is None:
                self._calendar = self._build()
            return self._calendar

    def invalidate(self) -> None:
        """Forget the built calendar (after an import, or a catalog or platform update)."""
        with self._lock:
            self._calendar = None

    def add(self, moment: datetime, limit: Limit) -> datetime:
        """The deadline of ``limit`` from ``moment`` (see :meth:`WorkCalendar.add`)."""
        return self.calendar().add(moment, limit)

    def is_workday(self, d: date) -> bool:
        return self.calendar().is_workday(d)

    def known_years(self) -> list[int]:
        """Years with a known arrangement: ``chinesecalendar``'s and the published ones."""
        return self.calendar().known_years()

    def year(self, year: int) -> YearInfo:
        """Holidays and make-up working days of ``year``; :class:`CalendarUnknown` when unknown."""
        days = tuple(self.calendar().special_days(year))
        sources = ["builtin"] if year in BUILTIN_YEARS else []
        with self._uow(read_only=True) as uow:
            published = uow.session.get(CalendarYearRow, year)
            if published is not None:
                sources.append(published.source)
        return YearInfo(year, tuple(SOURCE_LABELS.get(s, s) for s in sources), days)

    def _build(self) -> WorkCalendar:
        overrides: dict[date, bool] = {}
        names: dict[date, str] = {}
        for o in self._catalog_list():
            overrides[o.date], names[o.date] = o.workday, o.name
        with self._uow(read_only=True) as uow:
            years = list(uow.session.scalars(select(CalendarYearRow.year)))
            rows = uow.session.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.workday,
                                              CalendarOverrideRow.name,
                                              CalendarOverrideRow.source)).all()
        rank = {s: i for i, s in enumerate(SOURCES)}
        for day, workday, name, _source in sorted(rows, key=lambda r: rank.get(r.source, -1)):
            overrides[day], names[day] = workday, name
        log.debug("calendar built: %d published years, %d overrides", len(years), len(overrides))
        return WorkCalendar(overrides, years, names=names)

    def _catalog_list(self) -> list[CalendarOverride]:
        if self._catalog_overrides is None:
            return []
        try:
            return list(self._catalog_overrides())
        except NotFound:
            return []

    # -- writing ---------------------------------------------------------------------------

    def import_file(self, path: Path, *, source: str = "admin",
                    actor: Actor | None = None) -> YearImport:
        """Read a year document (UTF-8 JSON) from ``path`` and :meth:`import_year` it."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InvalidInput(f"节假日安排文件过大（超过 {MAX_FILE_BYTES // 1024} KB）。")
            doc = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"找不到文件：{path}") from None
        except OSError as e:
            raise InvalidInput(f"无法读取文件：{path}（{e.strerror}）") from None
        except UnicodeDecodeError:
            raise InvalidInput("节假日安排文件不是 UTF-8 编码。") from None
        except json.JSONDecodeError as e:
            raise InvalidInput(f"节假日安排文件不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列。") from None
        return self.import_year(doc, source=source, actor=actor)

    def import_year(self, doc: dict, *, source: str, actor: Actor | None = None) -> YearImport:
        """Store the holiday arrangement of one year (导入年度节假日安排) in one transaction.

        The year becomes known; the overrides this ``source`` had stored for that year are
        replaced by the document's. Nothing changes when the document is invalid.

        Args:
            doc: ``{"year": 2027, "overrides": [{"date", "workday", "name"}]}``.
            source: ``platform`` or ``admin``.
            actor: the administrator importing (checked first: ``calendar.import``; the import
                is audited); None for the platform's calendar feed.

        Raises:
            InvalidInput: with every problem of the document, by JSON path.
        """
        if source not in SOURCES:
            raise ValueError(f"unknown calendar source {source!r}")
        if actor is not None:
            self._require_import(actor)
        year, entries = _validate_year(doc)
        with self._uow() as uow:
            s = uow.session
            row = s.get(CalendarYearRow, year)
            if row is None:
                s.add(CalendarYearRow(year=year, source=source, imported_at=self._clock.now()))
            else:
                row.source, row.imported_at = source, self._clock.now()
            s.execute(delete(CalendarOverrideRow).where(
                CalendarOverrideRow.source == source,
                CalendarOverrideRow.day >= date(year, 1, 1),
                CalendarOverrideRow.day <= date(year, 12, 31)))
            s.add_all(CalendarOverrideRow(day=d, workday=w, name=n, source=source)
                      for d, w, n in entries)
            if actor is not None:
                audit.append(s, at=self._clock.now(), actor=actor, action="calendar.import",
                             detail={"year": year, "source": source, "overrides": len(entries)})
            uow.commit()
        self.invalidate()
        holidays = sum(1 for _d, w, _n in entries if not w)
        result = YearImport(year, holidays, len(entries) - holidays,
                            f"已导入 {year} 年节假日安排（{SOURCE_LABELS[source]}）："
                            f"放假 {holidays} 天，调休上班 {len(entries) - holidays} 天。")
        log.info("calendar year %d imported from %s: %d holidays, %d make-up working days",
                 year, source, result.holidays, result.workdays)
        return result


    def _require_import(self, actor: Actor) -> None:
        with self._uow(read_only=True) as uow:
            self._perm.require(uow.session, actor, "calendar.import")


def _validate_year(doc) -> tuple[int, list[tuple[date, bool, str]]]:
    """The year and its ``(day, workday, name)`` entries; :class:`InvalidInput` listing every problem."""
    if not isinstance(doc, dict):
        raise InvalidInput("节假日安排无效：内容应为 JSON 对象，包含 year 与 overrides。")
    problems: list[str] = []
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        problems.append("year：应为整数年份，例如 2027")
        year = None
    elif not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(f"year：年份应在 {MIN_YEAR} 至 {MAX_YEAR} 之间")
        year = None
    raw = doc.get("overrides")
    if not isinstance(raw, list):
        problems.append("overrides：应为列表，每项为 {date, workday, name}")
        raw = []
    entries: list[tuple[date, bool, str]] = []
    seen: dict[date, int] = {}
    for i, entry in enumerate(raw):
        where = f"overrides[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为对象 {{date, workday, name}}")
            continue
        day = _parse_date(entry.get("date"))
        if day is None:
            problems.append(f"{where}.date：应为日期，格式 YYYY-MM-DD")
        elif year is not None and day.year != year:
            problems.append(f"{where}.date：不在 {year} 年内")
        elif day in seen:
            problems.append(f"{where}.date：与 overrides[{seen[day]}] 日期重复")
        else:
            seen[day] = i
        workday = entry.get("workday")
        if not isinstance(workday, bool):
            problems.append(f"{where}.workday：应为 true（上班）或 false（放假）")
        name = entry.get("name", "")
        if name is None:
            name = ""
        if not isinstance(name, str) or len(name) > MAX_NAME:
            problems.append(f"{where}.name：应为不超过 {MAX_NAME} 个字的名称")
        if day is not None and isinstance(workday, bool) and isinstance(name, str):
            entries.append((day, workday, name.strip()))
    if (not problems and year not in BUILTIN_YEARS
            and not any(not workday for _d, workday, _n in entries)):
        problems.append(f"overrides：{year} 年没有任何放假日期，请核对文件是否完整")
    if problems:
        raise InvalidInput("节假日安排无效，日历未改动。", problems=problems)
    return year, entries


def _parse_date(value) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
