"""The holiday calendar of this store (节假日日历服务): deadlines in working days, and the
yearly holiday arrangements published by the platform or imported by an administrator.

Where the calendar comes from (see :mod:`counter.workdays` for the precedence):

* ``chinesecalendar``'s State Council arrangements, built in;
* years published through :meth:`CalendarService.import_year` (``source`` ``platform`` from
  the sync worker, ``admin`` from an administrator's file), stored in ``calendar_years`` and
  ``calendar_overrides``;
* the active catalog's ``calendar.overrides`` (local additions; they never make a year known).

Among overrides of the same day, an administrator's wins over the platform's, which wins over
the catalog's. A year none of these covers is computed provisionally (预计) from the law
(:mod:`counter.provisional`); dates depending on it are marked 预计 (:meth:`CalendarService.is_provisional`).

When a year is imported (:meth:`CalendarService.import_year`) it is first checked for
plausibility (all seven festivals are rest days, at most :data:`MAX_HOLIDAYS` holidays, make-up
working days only on Saturdays and Sundays); then, in the same audited transaction, every open
case whose promised date (承诺办结时间) or tolerance supplement deadline (补正期限) changes under
the new year is recomputed, with a history step 日期已按节假日安排调整 on the case and the list
in the result (:attr:`YearImport.adjusted`) and in :meth:`CalendarService.pending_adjustments`
until a clerk has seen it.

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
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select

from counter import audit
from counter.cases import repository as repo
from counter.cases.model import OPEN_STATES, HistoryEntry
from counter.catalog.model import CalendarOverride
from counter.clock import CST, Clock
from counter.errors import CounterError, InvalidInput, NotFound
from counter.files import FileTooLarge, NotAFile, read_capped
from counter.identity import PLATFORM_USER, Actor
from counter.limit import Limit
from counter.permissions import Permissions
from counter.provisional import FESTIVALS, festival_dates
from counter.store.models import (CalendarOverrideRow, CalendarYearRow, CaseRow, SettingRow,
                                  ToleranceRequestRow)
from counter.changes import ChangeKind
from counter.store.uow import UowFactory
from counter.tolerance import ToleratedMaterial
from counter.workdays import BUILTIN_YEARS, DayNote, WorkCalendar

log = logging.getLogger(__name__)

__all__ = ["CalendarService", "YearImport", "YearInfo", "Adjustment", "SOURCES"]

#: Who may publish a year, lowest precedence first.
SOURCES = ("platform", "admin")
SOURCE_LABELS = {"builtin": "国务院办公厅通知（内置）", "platform": "省级平台发布", "admin": "管理员导入",
                 "provisional": "预计（按《全国年节及纪念日放假办法》推算，未含调休）"}
#: At most this many holidays (放假日, weekends inside a break included) in a published year.
MAX_HOLIDAYS = 40
#: The setting holding the adjustments no clerk has dismissed yet (JSON list).
ADJUSTED_KEY = "calendar.adjusted"
_MAX_KEPT_ADJUSTMENTS = 200
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_NAME = 64  # calendar_overrides.name
MAX_FILE_BYTES = 1024 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Adjustment:
    """A date of an open case moved by an imported year (日期已按节假日安排调整).

    ``what`` is ``promised`` (承诺办结时间), ``legal`` (法定办结时间) or ``supplement``
    (容缺补正期限); no personal data.
    """

    case_no: str
    what: str
    old: date
    new: date

    @property
    def label(self) -> str:
        return {"promised": "承诺办结时间", "legal": "法定办结时间"}.get(self.what, "补正期限")

    def line(self) -> str:
        """``S… 承诺办结时间 2027-02-03 → 2027-02-10`` for listings."""
        return f"{self.case_no} {self.label} {self.old:%Y-%m-%d} → {self.new:%Y-%m-%d}"

    def to_json(self) -> dict:
        return {"case_no": self.case_no, "what": self.what, "from": self.old.isoformat(),
                "to": self.new.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "Adjustment":
        return cls(data["case_no"], data["what"], date.fromisoformat(data["from"]),
                   date.fromisoformat(data["to"]))


@dataclass(frozen=True)
class YearImport:
    """What :meth:`CalendarService.import_year` stored, and the case dates it moved."""

    year: int
    holidays: int
    workdays: int
    message: str
    adjusted: tuple[Adjustment, ...] = ()


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
        promised_limit: ``(kind, key, catalog_version) → Limit``, the promised limit (承诺时限)
            a case was accepted with, to recompute open cases when a year is imported; None:
            promised dates are not recomputed (supplement deadlines still are).
        legal_limit: likewise the legal limit (法定时限), to recompute legal deadlines
            (``cases.legal_at``); None: they are not recomputed.
    """

    def __init__(self, uow: UowFactory, clock: Clock,
                 catalog_overrides: Callable[[], Iterable[CalendarOverride]] | None = None, *,
                 permissions: Permissions | None = None,
                 promised_limit: Callable[[str, str, str], Limit] | None = None,
                 legal_limit: Callable[[str, str, str], Limit] | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._perm = permissions or Permissions(None, clock)
        self._catalog_overrides = catalog_overrides
        self._promised_limit = promised_limit
        self._legal_limit = legal_limit
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
        """Years with a known (official) arrangement: ``chinesecalendar``'s and the published
        ones — never the provisional ones, so the sync worker still asks for them."""
        return self.calendar().known_years()

    def is_provisional(self, start: date, end: date | None = None) -> bool:
        """Whether a date counted from ``start`` to ``end`` rests on a provisional year (预计)."""
        return self.calendar().is_provisional(start, end)

    def year(self, year: int) -> YearInfo:
        """Holidays and make-up working days of ``year``; :class:`CalendarUnknown` when it is
        neither known nor computable. A provisional year's days have ``provisional`` set."""
        cal = self.calendar()
        days = tuple(cal.special_days(year))
        sources = ["builtin"] if year in BUILTIN_YEARS else []
        with self._uow(read_only=True) as uow:
            published = uow.session.get(CalendarYearRow, year)
            if published is not None:
                sources.append(published.source)
        if cal.provisional(year):
            sources.append("provisional")
        return YearInfo(year, tuple(SOURCE_LABELS.get(s, s) for s in sources), days)

    def pending_adjustments(self) -> list[Adjustment]:
        """Case dates moved by imported years that no clerk has dismissed yet (日期已按节假日安排调整)."""
        with self._uow(read_only=True) as uow:
            row = uow.session.get(SettingRow, ADJUSTED_KEY)
            return [Adjustment.from_json(a) for a in json.loads(row.value)] if row else []

    def dismiss_adjustments(self) -> None:
        """The clerk has seen the list: forget it (the cases' history keeps every step)."""
        with self._uow() as uow:
            row = uow.session.get(SettingRow, ADJUSTED_KEY)
            if row is not None:
                uow.session.delete(row)
            uow.commit()

    def _build(self) -> WorkCalendar:
        with self._uow(read_only=True) as uow:
            return self._build_from(uow.session)

    def _build_from(self, session) -> WorkCalendar:
        overrides: dict[date, bool] = {}
        names: dict[date, str] = {}
        for o in self._catalog_list():
            overrides[o.date], names[o.date] = o.workday, o.name
        years = list(session.scalars(select(CalendarYearRow.year)))
        rows = session.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.workday,
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
        """Read a year document (UTF-8 JSON) from ``path`` and :meth:`import_year` it.

        At most :data:`MAX_FILE_BYTES` are read (:func:`counter.files.read_capped`): a larger
        file, one that grows while read, or a device or pipe is refused without reading it whole.
        """
        path = Path(path)
        try:
            doc = json.loads(read_capped(path, MAX_FILE_BYTES).decode("utf-8"))
        except FileTooLarge:
            raise InvalidInput(f"节假日安排文件过大（超过 {MAX_FILE_BYTES // 1024} KB）。") from None
        except NotAFile:
            raise InvalidInput(f"不是普通文件：{path}") from None
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
        replaced by the document's. Nothing changes when the document is invalid or
        implausible. Every open case whose promised date or supplement deadline moves under
        the new calendar is recomputed in the same transaction (history step, audit entry,
        :attr:`YearImport.adjusted`).

        Args:
            doc: ``{"year": 2027, "overrides": [{"date", "workday", "name"}]}``.
            source: ``platform`` or ``admin``.
            actor: the administrator importing (checked first: ``calendar.import``; the import
                is audited); None for the platform's calendar feed.

        Raises:
            InvalidInput: with every problem of the document, by JSON path, or what makes
                it implausible (a festival missing, too many holidays, a make-up working
                day on a weekday).
        """
        if source not in SOURCES:
            raise ValueError(f"unknown calendar source {source!r}")
        if actor is not None:
            self._require_import(actor)
        year, entries = _validate_year(doc)
        now = self._clock.now()
        with self._uow() as uow:
            s = uow.session
            problems = _implausible(year, self._merged(s, year, source, entries))
            if problems:
                raise InvalidInput(f"{year} 年节假日安排不合常理，日历未改动：", problems=problems)
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
            s.flush()
            adjusted = self._recompute(s, self._build_from(s), now, actor)
            detail = {"year": year, "source": source, "overrides": len(entries)}
            if adjusted:
                detail["adjusted"] = [a.to_json() for a in adjusted]
                self._remember(s, adjusted)
            if actor is not None:
                audit.append(s, at=now, actor=actor, action="calendar.import", detail=detail)
            elif adjusted:  # the platform's download, or the command line (no login)
                who = (PLATFORM_USER, "platform") if source == "platform" else ("cli", "system")
                audit.append(s, at=now, actor=None, user_id=who[0], role=who[1],
                             action="calendar.import", detail=detail)
            for case_no in dict.fromkeys(a.case_no for a in adjusted):
                uow.case_changed(case_no, ChangeKind.DATES_ADJUSTED)
            uow.commit()
        self.invalidate()
        holidays = sum(1 for _d, w, _n in entries if not w)
        message = (f"已导入 {year} 年节假日安排（{SOURCE_LABELS[source]}）："
                   f"放假 {holidays} 天，调休上班 {len(entries) - holidays} 天。")
        if adjusted:
            cases = len({a.case_no for a in adjusted})
            message += f"{cases} 件在办办件的日期已按节假日安排调整。"
        result = YearImport(year, holidays, len(entries) - holidays, message, tuple(adjusted))
        log.info("calendar year %d imported from %s: %d holidays, %d make-up working days, "
                 "%d case dates adjusted", year, source, result.holidays, result.workdays,
                 len(adjusted))
        return result

    def _recompute(self, s, after: WorkCalendar, now: datetime,
                   actor: Actor | None) -> list[Adjustment]:
        """Recompute the dates of every open case under ``after``; the ones that moved.

        A case's promised date is its promised limit counted again from its acceptance (its
        legal deadline likewise with its legal limit, when one was recorded); a
        tolerance commitment's deadlines are its materials' supplement limits counted again
        (both as at acceptance: :meth:`WorkCalendar.add`). A date that cannot be computed
        (no catalog, a year beyond the calendar) is left as it was.
        """
        adjusted: list[Adjustment] = []
        notes: dict[str, list[Adjustment]] = {}
        open_cases = (CaseRow.state.in_([st.value for st in OPEN_STATES]),
                      CaseRow.accepted_at.is_not(None))
        rows = s.scalars(select(CaseRow).where(*open_cases).order_by(CaseRow.case_no)).all()
        limits: dict[tuple[str, str, str, str], Limit] = {}
        for row in rows:
            for a in (self._recount(row, "promised", after, now, limits)
                      + self._recount(row, "legal", after, now, limits)):
                adjusted.append(a)
                notes.setdefault(row.case_no, []).append(a)
        accepted = {r.case_no: r.accepted_at for r in rows}
        commitments = s.scalars(select(ToleranceRequestRow).where(
            ToleranceRequestRow.status == "approved",
            ToleranceRequestRow.case_no.in_(select(CaseRow.case_no).where(*open_cases)))
            .order_by(ToleranceRequestRow.case_no)).all()
        for req in commitments:
            materials = [ToleratedMaterial.from_json(m) for m in json.loads(req.materials)]
            try:
                moved = [replace(m, deadline=after.add(accepted[req.case_no], m.limit))
                         for m in materials]
            except CounterError as e:
                log.warning("case %s: supplement deadline not recomputed: %s", req.case_no, e)
                continue
            deadline = max(m.deadline for m in moved)
            if req.deadline is not None and deadline != req.deadline:
                a = Adjustment(req.case_no, "supplement", _day(req.deadline), _day(deadline))
                adjusted.append(a)
                notes.setdefault(req.case_no, []).append(a)
            if [m.deadline for m in moved] != [m.deadline for m in materials]:
                req.materials = json.dumps([m.to_json() for m in moved], ensure_ascii=False,
                                           sort_keys=True, separators=(",", ":"))
                req.deadline, req.updated_at = deadline, now
        for case_no, moved in notes.items():
            text = "；".join(f"{a.label} {a.old:%Y-%m-%d} → {a.new:%Y-%m-%d}" for a in moved)
            repo.add_history(s, case_no, HistoryEntry(now, "calendar.adjust", actor,
                                                      f"日期已按节假日安排调整：{text}"))
        return adjusted

    def _recount(self, row, what: str, after: WorkCalendar, now: datetime,
                 limits: dict[tuple[str, str, str, str], Limit]) -> list[Adjustment]:
        """One date of ``row`` counted again under ``after`` from its acceptance: ``what`` is
        ``promised`` (``promised_at``, 承诺办结时间) or ``legal`` (``legal_at``, 法定办结时间).
        [] when the case has no such date, it did not move, or it cannot be counted (logged).
        ``limits`` caches the limit per catalog target."""
        column = f"{what}_at"
        limit_of = self._promised_limit if what == "promised" else self._legal_limit
        old = getattr(row, column)
        if old is None or limit_of is None:
            return []
        target = (what, row.kind, row.key, row.catalog_version)
        try:
            if target not in limits:
                limits[target] = limit_of(*target[1:])
            new = after.add(row.accepted_at, limits[target])
        except (CounterError, LookupError) as e:
            log.warning("case %s: %s date not recomputed: %s", row.case_no, what, e)
            return []
        if new == old:
            return []
        setattr(row, column, new)
        row.updated_at = now
        return [Adjustment(row.case_no, what, _day(old), _day(new))]

    @staticmethod
    def _merged(s, year: int, source: str,
                entries: list[tuple[date, bool, str]]) -> list[tuple[date, bool, str]]:
        """The year's days as the calendar will have them: the other sources' stored days
        with ``entries`` in ``source``'s place of precedence (checked for plausibility)."""
        rank = {name: i for i, name in enumerate(SOURCES)}
        stored = s.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.workday,
                                  CalendarOverrideRow.name, CalendarOverrideRow.source).where(
            CalendarOverrideRow.source != source,
            CalendarOverrideRow.day >= date(year, 1, 1),
            CalendarOverrideRow.day <= date(year, 12, 31))).all()
        layers = [(rank.get(r.source, -1), r.day, r.workday, r.name) for r in stored]
        layers += [(rank[source], d, w, n) for d, w, n in entries]
        merged: dict[date, tuple[date, bool, str]] = {}
        for _rank, d, w, n in sorted(layers, key=lambda layer: layer[0]):
            merged[d] = (d, w, n)
        return list(merged.values())

    @staticmethod
    def _remember(s, adjusted: list[Adjustment]) -> None:
        row = s.get(SettingRow, ADJUSTED_KEY)
        kept = json.loads(row.value) if row is not None else []
        kept = (kept + [a.to_json() for a in adjusted])[-_MAX_KEPT_ADJUSTMENTS:]
        value = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        if row is None:
            s.add(SettingRow(key=ADJUSTED_KEY, value=value))
        else:
            row.value = value


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


_WEEKDAYS = "一二三四五六日"
#: How a holiday's name may call a festival (国庆节、中秋节 / 清明 / 劳动节（补假） …).
_SHORT_NAMES = {"清明节": "清明", "端午节": "端午", "中秋节": "中秋", "国庆节": "国庆"}


def _implausible(year: int, entries: list[tuple[date, bool, str]]) -> list[str]:
    """What makes a well-formed year implausible (不合常理之处); empty when it is plausible.

    * make-up working days (调休上班, ``workday: true``) only on Saturdays and Sundays;
    * at most :data:`MAX_HOLIDAYS` holidays;
    * each of the seven festivals of 《全国年节及纪念日放假办法》 present: its day listed as a
      holiday, or a holiday named after it (a file may leave out the weekend days of a
      break, and name a 补假 day after its festival) — checked for a year whose
      festival dates can be computed (2008–2099) and that is not built in (an
      administrator's file for a built-in year only corrects a few days).
    """
    problems = [f"{d.isoformat()}（星期{_WEEKDAYS[d.weekday()]}）：调休上班日应为周六或周日"
                for d, workday, _n in entries if workday and d.weekday() < 5]
    holidays = sum(1 for _d, workday, _n in entries if not workday)
    if holidays > MAX_HOLIDAYS:
        problems.append(f"放假 {holidays} 天，超过 {MAX_HOLIDAYS} 天")
    if year in BUILTIN_YEARS:
        return problems
    try:
        festivals = festival_dates(year)
    except ValueError:
        return problems
    holiday_days = {d for d, w, _n in entries if not w}
    holiday_names = [n for _d, w, n in entries if not w]
    for name in FESTIVALS:
        d = festivals[name]
        short = _SHORT_NAMES.get(name, name)
        if d not in holiday_days and not any(short in n for n in holiday_names):
            problems.append(f"缺少{name}（{d.month}月{d.day}日）的放假安排")
    return problems


def _day(moment: datetime) -> date:
    return (moment.astimezone(CST) if moment.tzinfo else moment).date()


def _parse_date(value) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
