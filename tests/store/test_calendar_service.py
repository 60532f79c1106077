"""The holiday calendar service (节假日日历服务) on a real SQLite store."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter.catalog.model import CalendarOverride
from counter.clock import CST
from counter.errors import CalendarUnknown, InvalidInput, NotFound
from counter.limit import Limit, LimitUnit
from counter.services.calendar import CalendarService
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.models import CalendarOverrideRow, CalendarYearRow
from counter.store.uow import UowFactory
from counter.workdays import BUILTIN_YEARS



def _days(first: str, last: str, name: str, workday: bool = False) -> list[dict]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [{"date": date.fromordinal(o).isoformat(), "workday": workday, "name": name}
            for o in range(a.toordinal(), b.toordinal() + 1)]


#: A plausible 2027 arrangement (as the State Council might publish it): 29 holidays, 5 make-up
#: working days, all on weekends.
YEAR_2027 = {"year": 2027, "overrides": [
    *_days("2027-01-01", "2027-01-03", "元旦"),
    *_days("2027-02-05", "2027-02-13", "春节"), *_days("2027-02-20", "2027-02-20", "春节", True),
    *_days("2027-04-03", "2027-04-05", "清明节"),
    *_days("2027-05-01", "2027-05-05", "劳动节"), *_days("2027-04-25", "2027-04-25", "劳动节", True),
    *_days("2027-06-09", "2027-06-09", "端午节"),
    *_days("2027-09-15", "2027-09-15", "中秋节"),
    *_days("2027-10-01", "2027-10-07", "国庆节"), *_days("2027-09-26", "2027-09-26", "国庆节", True),
    *_days("2027-10-09", "2027-10-09", "国庆节", True), *_days("2027-05-08", "2027-05-08", "劳动节", True),
]}


@pytest.fixture
def uow(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "counter.sqlite3"))
    migrate(engine)
    yield UowFactory(engine)
    engine.dispose()


@pytest.fixture
def service(uow, clock):
    return CalendarService(uow, clock)


def rows(uow):
    with uow(read_only=True) as u:
        years = {r.year: r.source for r in u.session.query(CalendarYearRow)}
        overrides = sorted((r.day, r.workday, r.source) for r in u.session.query(CalendarOverrideRow))
    return years, overrides


def test_builtin_years_only_at_first(service):
    assert service.known_years() == list(BUILTIN_YEARS)
    assert service.is_workday(date(2026, 9, 20))
    with pytest.raises(CalendarUnknown):
        service.is_workday(date(2100, 1, 4))
    assert not service.is_workday(date(2027, 2, 10))  # provisional: 春节（补假）
    assert service.is_provisional(date(2026, 12, 21), date(2027, 1, 19))


def test_import_a_year_makes_it_known(service, uow, clock):
    result = service.import_year(YEAR_2027, source="platform")
    assert (result.year, result.holidays, result.workdays) == (2027, 29, 5)
    assert "2027" in result.message and result.adjusted == ()
    assert 2027 in service.known_years()
    assert not service.is_provisional(date(2026, 12, 21), date(2027, 1, 19))
    assert not service.is_workday(date(2027, 1, 1))
    assert service.is_workday(date(2027, 2, 20))  # Saturday, 调休上班
    assert service.add(datetime(2026, 12, 31, 10, tzinfo=CST), Limit(1, LimitUnit.WD)) == \
        datetime(2027, 1, 4, 23, 59, 59, tzinfo=CST)
    years, overrides = rows(uow)
    assert years == {2027: "platform"} and len(overrides) == 34
    with uow(read_only=True) as u:
        assert u.session.get(CalendarYearRow, 2027).imported_at == clock.now()


def test_reimport_replaces_that_sources_overrides_of_that_year(service, uow):
    service.import_year(YEAR_2027, source="platform")
    service.import_year({"year": 2026, "overrides": [
        {"date": "2026-12-31", "workday": False, "name": "本地调整"}]}, source="platform")
    service.import_year({"year": 2027, "overrides": [
        o for o in YEAR_2027["overrides"] if o["date"] != "2027-02-20"]}, source="platform")
    assert not service.is_workday(date(2027, 2, 20))  # the make-up day is gone
    assert not service.is_workday(date(2026, 12, 31))  # another year is untouched
    _, overrides = rows(uow)
    assert len(overrides) == 34 and date(2027, 2, 20) not in [d for d, _w, _s in overrides]


def test_admin_wins_over_platform_and_platform_over_catalog(uow, clock):
    catalog = [CalendarOverride(date(2027, 2, 20), False, "目录"),
               CalendarOverride(date(2027, 2, 27), True, "目录调休")]
    service = CalendarService(uow, clock, catalog_overrides=lambda: catalog)
    service.import_year(YEAR_2027, source="platform")
    assert service.is_workday(date(2027, 2, 20))  # platform over catalog
    assert service.is_workday(date(2027, 2, 27))  # catalog over the weekend rule
    service.import_year({"year": 2027, "overrides": [
        {"date": "2027-02-20", "workday": False, "name": "管理员更正"}]}, source="admin")
    assert not service.is_workday(date(2027, 2, 20))
    service.import_year(YEAR_2027, source="platform")  # the platform again: admin still wins
    assert not service.is_workday(date(2027, 2, 20))
    years, overrides = rows(uow)
    assert years == {2027: "platform"} and len(overrides) == 35


def test_catalog_overrides_count_but_do_not_make_a_year_known(uow, clock):
    catalog = [CalendarOverride(date(2026, 11, 21), True, "集中办理日"),
               CalendarOverride(date(2027, 1, 1), False, "元旦")]
    service = CalendarService(uow, clock, catalog_overrides=lambda: catalog)
    assert service.is_workday(date(2026, 11, 21))
    assert service.add(datetime(2026, 11, 20, 10, tzinfo=CST), Limit(1, LimitUnit.WD)).day == 21
    assert not service.is_workday(date(2027, 1, 1))  # provisional; the catalog agrees
    assert 2027 not in service.known_years() and service.is_provisional(date(2027, 1, 1))


def test_no_catalog_yet_means_no_catalog_overrides(uow, clock):
    def no_catalog():
        raise NotFound("尚未导入事项目录")

    service = CalendarService(uow, clock, catalog_overrides=no_catalog)
    assert not service.is_workday(date(2026, 11, 21))


def test_the_calendar_is_cached_until_invalidated(uow, clock):
    calls = []

    def catalog():
        calls.append(1)
        return []

    service = CalendarService(uow, clock, catalog_overrides=catalog)
    first = service.calendar()
    assert service.calendar() is first and len(calls) == 1
    other = CalendarService(uow, clock)  # another counter on the same store
    other.import_year(YEAR_2027, source="platform")
    assert service.calendar() is first  # still the cached one
    service.invalidate()
    assert service.calendar() is not first and 2027 in service.known_years()
    service.import_year(YEAR_2027, source="admin")  # importing invalidates by itself
    # the import read the catalog for the new calendar (to recompute the open cases' dates)
    assert service.calendar() is not first and len(calls) == 4


def test_a_correction_of_a_builtin_year_needs_no_holiday(service):
    service.import_year({"year": 2026, "overrides": [
        {"date": "2026-10-08", "workday": False, "name": "国庆节"}]}, source="admin")
    assert not service.is_workday(date(2026, 10, 8))
    assert service.add(datetime(2026, 9, 30, 10, tzinfo=CST), Limit(1, LimitUnit.WD)).day == 9


@pytest.mark.parametrize("doc, problem", [
    ([], "JSON 对象"),
    ({"overrides": []}, "year：应为整数年份"),
    ({"year": "2027", "overrides": []}, "year：应为整数年份"),
    ({"year": True, "overrides": []}, "year：应为整数年份"),
    ({"year": 1999, "overrides": []}, "year：年份应在"),
    ({"year": 2027}, "overrides：应为列表"),
    ({"year": 2027, "overrides": ["2027-01-01"]}, "overrides[0]：应为对象"),
    ({"year": 2027, "overrides": [{"date": "2027/01/01", "workday": False}]},
     "overrides[0].date：应为日期"),
    ({"year": 2027, "overrides": [{"date": "2027-02-30", "workday": False}]},
     "overrides[0].date：应为日期"),
    ({"year": 2027, "overrides": [{"date": "2028-01-01", "workday": False}]},
     "overrides[0].date：不在 2027 年内"),
    ({"year": 2027, "overrides": [{"date": "2027-01-01", "workday": "false"}]},
     "overrides[0].workday"),
    ({"year": 2027, "overrides": [{"date": "2027-01-01", "workday": 0}]},
     "overrides[0].workday"),
    ({"year": 2027, "overrides": [{"date": "2027-01-01", "workday": False, "name": 1}]},
     "overrides[0].name"),
    ({"year": 2027, "overrides": [{"date": "2027-01-01", "workday": False},
                                  {"date": "2027-01-01", "workday": False}]},
     "overrides[1].date：与 overrides[0] 日期重复"),
    ({"year": 2027, "overrides": [{"date": "2027-02-06", "workday": True}]},
     "没有任何放假日期"),
    ({"year": 2027, "overrides": []}, "没有任何放假日期"),
])
def test_invalid_documents_change_nothing(service, uow, doc, problem):
    with pytest.raises(InvalidInput) as e:
        service.import_year(doc, source="platform")
    assert problem in str(e.value)
    assert "日历未改动" in str(e.value) or "JSON 对象" in str(e.value)
    assert rows(uow) == ({}, [])


def test_every_problem_is_listed(service):
    with pytest.raises(InvalidInput) as e:
        service.import_year({"year": 2027, "overrides": [
            {"date": "2028-01-01", "workday": False}, {"date": "x", "workday": None}]},
            source="platform")
    assert len(e.value.problems) == 3


def test_unknown_source_is_a_programming_error(service):
    with pytest.raises(ValueError):
        service.import_year(YEAR_2027, source="catalog")


def test_import_file(service, tmp_path):
    good = tmp_path / "2027.json"
    good.write_text(json.dumps(YEAR_2027, ensure_ascii=False), encoding="utf-8")
    assert service.import_file(good).year == 2027
    assert service.year(2027).sources == ("管理员导入",)
    bad = tmp_path / "bad.json"
    bad.write_text('{"year": 2028,\n "overrides": [}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="第 2 行"):
        service.import_file(bad)
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes('{"year": 2028, "overrides": [{"name": "元旦"}]}'.encode("gbk"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        service.import_file(gbk)
    with pytest.raises(InvalidInput, match="找不到文件"):
        service.import_file(tmp_path / "missing.json")


def test_import_file_never_reads_more_than_the_cap(service, tmp_path, monkeypatch):
    """A calendar file that measured small but holds more is refused without reading it whole."""
    from counter.services import calendar
    from tests.helpers.files import measured_small

    path = tmp_path / "2027.json"
    path.write_text(json.dumps(YEAR_2027, ensure_ascii=False) + " " * (3 * calendar.MAX_FILE_BYTES),
                    encoding="utf-8")
    reads = measured_small(monkeypatch, path, size=100)
    with pytest.raises(InvalidInput, match="过大"):
        service.import_file(path)
    assert reads.bytes <= calendar.MAX_FILE_BYTES + 1
    monkeypatch.undo()
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(InvalidInput, match="不是普通文件"):
        service.import_file(link)


def test_year_lists_days_and_sources(service):
    info = service.year(2026)
    assert info.sources == ("国务院办公厅通知（内置）",)
    assert any(d.date == date(2026, 10, 10) and d.workday for d in info.days)
    service.import_year({"year": 2026, "overrides": [
        {"date": "2026-11-21", "workday": True, "name": "集中办理日"}]}, source="platform")
    info = service.year(2026)
    assert info.sources == ("国务院办公厅通知（内置）", "省级平台发布")
    assert any(d.date == date(2026, 11, 21) and d.name == "集中办理日" for d in info.days)
    info = service.year(2027)
    assert info.sources == ("预计（按《全国年节及纪念日放假办法》推算，未含调休）",)
    assert all(d.provisional for d in info.days)
    with pytest.raises(CalendarUnknown):
        service.year(2100)


def test_the_application_context_wires_the_calendar(tmp_path, clock):
    from tests.helpers.context import build_context

    ctx = build_context(tmp_path / "data", clock=clock, load_sample=False)
    try:
        assert ctx.calendar.is_workday(date(2026, 11, 20))  # no catalog yet: NotFound ignored
        ctx.calendar.import_year(YEAR_2027, source="admin")
        assert 2027 in ctx.calendar.known_years()
    finally:
        ctx.close()


def test_the_sample_catalogs_overrides_are_listed(ctx):
    days = {d.date: d for d in ctx.calendar.year(2026).days}
    assert days[date(2026, 9, 20)].workday
    assert days[date(2026, 9, 20)].name == "国庆节、中秋节调休上班"  # the catalog names it
    assert days[date(2026, 10, 1)].name == "国庆节"
