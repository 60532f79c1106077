"""A calendar that never turns an applicant away: provisional years at acceptance, the open
cases recomputed when the official year arrives, implausible years refused."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from counter.cases.numbering import parse_case_no
from counter.clock import CST
from counter.errors import CalendarUnknown, InvalidInput
from counter.store.models import AuditRow, CalendarOverrideRow, CalendarYearRow, CaseRow
from tests.store.test_calendar_service import YEAR_2027, _days
from tests.store.pg import both_stores
from tests.unit.cases.helpers import DIBAO, SEAL, context_from_template, filled, make_template

pytestmark = both_stores  # SQLite and PostgreSQL (hall mode)


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("calendar-adjust"))


@pytest.fixture
def cx(template, tmp_path, store_url):
    c = context_from_template(template, tmp_path / "data", db_url=store_url)
    yield c
    c.close()


@pytest.fixture
def clerk(cx):
    return cx.site.get().actor("c0012")


@pytest.fixture
def admin(cx):
    return cx.site.get().actor("a0001", role="admin")


def accept_on(cx, clerk, moment, key=DIBAO, seed=1):
    cx.clock.set(moment)
    return cx.cases.accept(filled(cx, "item", key, seed=seed).id, clerk).case


def test_december_2026_twenty_working_days_are_accepted_provisionally(cx, clerk):
    case = accept_on(cx, clerk, datetime(2026, 12, 21, 10, 0, tzinfo=CST))
    # 8 working days in December, 元旦 2027 (Friday) off, then 12 in January
    assert case.promised_at == datetime(2027, 1, 19, 23, 59, 59, tzinfo=CST)
    assert case.promised_provisional
    assert "预计" in case.history[0].note
    again = cx.cases.get(case.case_no, clerk)
    assert again.promised_provisional and again.promised_at == case.promised_at
    november = accept_on(cx, clerk, datetime(2026, 11, 20, 10, 0, tzinfo=CST), seed=2)
    assert not cx.cases.get(november.case_no, clerk).promised_provisional


def test_beyond_any_computable_year_is_refused_and_takes_no_number(cx, clerk):
    cx.clock.set(datetime(2099, 12, 21, 10, 0, tzinfo=CST))  # 20 WD reach into 2100
    intake = filled(cx, "item", DIBAO)
    with pytest.raises(CalendarUnknown) as e:
        cx.cases.accept(intake.id, clerk)
    assert "2100" in e.value.message
    cx.clock.set(datetime(2099, 12, 21, 10, 5, tzinfo=CST))
    case = cx.cases.accept(filled(cx, "item", SEAL, seed=9).id, clerk).case  # same day
    assert parse_case_no(case.case_no).serial == 1


def test_the_official_year_recomputes_open_cases_in_one_audited_transaction(cx, clerk, admin,
                                                                             tmp_path, capsys):
    moved = accept_on(cx, clerk, datetime(2026, 12, 21, 10, 0, tzinfo=CST))
    unmoved = accept_on(cx, clerk, datetime(2026, 11, 20, 10, 0, tzinfo=CST), seed=2)
    assert moved.promised_at.date() == date(2027, 1, 19)
    cx.clock.set(datetime(2026, 12, 22, 9, 0, tzinfo=CST))
    # the official 2027 (as imagined here) gives 元旦 1–5 January: two working days fewer
    year = {"year": 2027, "overrides": [o for o in YEAR_2027["overrides"]
                                        if not o["date"].startswith("2027-01")]
            + _days("2027-01-01", "2027-01-05", "元旦")}
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(year, ensure_ascii=False), encoding="utf-8")
    result = cx.calendar.import_file(path, source="admin", actor=admin)

    after = cx.cases.get(moved.case_no, clerk)
    assert after.promised_at == datetime(2027, 1, 21, 23, 59, 59, tzinfo=CST)  # 4 and 5 January off
    assert not after.promised_provisional
    # the legal deadlines (法定办结时间) move too: the November case's reaches into January
    assert after.legal_at.date() == date(2027, 2, 4) and not after.legal_provisional
    assert [(a.case_no, a.what, a.old, a.new) for a in result.adjusted] == [
        (unmoved.case_no, "legal", date(2027, 1, 4), date(2027, 1, 6)),
        (moved.case_no, "promised", date(2027, 1, 19), date(2027, 1, 21)),
        (moved.case_no, "legal", date(2027, 2, 2), date(2027, 2, 4))]
    assert "2 件在办办件的日期已按节假日安排调整" in result.message
    assert after.history[-1].action == "calendar.adjust"
    assert after.history[-1].note == ("日期已按节假日安排调整：承诺办结时间 2027-01-19 → 2027-01-21；"
                                      "法定办结时间 2027-02-02 → 2027-02-04")
    unmoved_after = cx.cases.get(unmoved.case_no, clerk)
    assert unmoved_after.promised_at == unmoved.promised_at
    assert unmoved_after.history[-1].note == ("日期已按节假日安排调整：法定办结时间 "
                                              "2027-01-04 → 2027-01-06")
    with cx.uow(read_only=True) as u:
        entry = u.session.scalars(select(AuditRow).where(AuditRow.action == "calendar.import")
                                  ).one()
    detail = json.loads(entry.detail)
    assert {"case_no": moved.case_no, "what": "promised",
            "from": "2027-01-19", "to": "2027-01-21"} in detail["adjusted"]
    assert len(detail["adjusted"]) == 3
    from cli.calendar_cmd import _print_import

    assert _print_import(result) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["日期已按节假日安排调整：",
                       f"  {unmoved.case_no} 法定办结时间 2027-01-04 → 2027-01-06",
                       f"  {moved.case_no} 承诺办结时间 2027-01-19 → 2027-01-21",
                       f"  {moved.case_no} 法定办结时间 2027-02-02 → 2027-02-04"]
    assert [a.case_no for a in cx.calendar.pending_adjustments()] == [
        unmoved.case_no, moved.case_no, moved.case_no]
    cx.calendar.dismiss_adjustments()
    assert cx.calendar.pending_adjustments() == []


def test_a_failing_recompute_stores_nothing(cx, clerk, monkeypatch):
    case = accept_on(cx, clerk, datetime(2026, 12, 21, 10, 0, tzinfo=CST))
    import counter.services.calendar as calendar_module

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(calendar_module.repo, "add_history", broken)
    year = {"year": 2027, "overrides": [o for o in YEAR_2027["overrides"]
                                        if not o["date"].startswith("2027-01")]
            + _days("2027-01-01", "2027-01-05", "元旦")}
    with pytest.raises(RuntimeError):
        cx.calendar.import_year(year, source="platform")
    with cx.uow(read_only=True) as u:
        assert u.session.get(CalendarYearRow, 2027) is None
        assert u.session.get(CaseRow, case.case_no).promised_at.date() == date(2027, 1, 19)


def _without(*prefixes):
    return [o for o in YEAR_2027["overrides"] if not o["date"].startswith(prefixes)]


@pytest.mark.parametrize(("overrides", "problem"), [
    (_without("2027-09-15"), "缺少中秋节（9月15日）的放假安排"),
    (_without("2027-02"), "缺少春节（2月6日）的放假安排"),
    (YEAR_2027["overrides"] + [{"date": "2027-03-03", "workday": True, "name": "调休"}],
     "2027-03-03（星期三）：调休上班日应为周六或周日"),
    (YEAR_2027["overrides"] + _days("2027-07-01", "2027-07-20", "暑假"), "放假 49 天，超过 40 天"),
])
def test_an_implausible_year_is_refused_with_what_is_wrong_and_nothing_stored(cx, overrides,
                                                                               problem):
    with pytest.raises(InvalidInput) as e:
        cx.calendar.import_year({"year": 2027, "overrides": overrides}, source="platform")
    assert problem in e.value.problems and "不合常理" in e.value.message
    with cx.uow(read_only=True) as u:
        assert u.session.get(CalendarYearRow, 2027) is None
        assert u.session.scalars(select(CalendarOverrideRow)).all() == []
    assert 2027 not in cx.calendar.known_years()


@pytest.mark.parametrize(("source", "who"), [("platform", ("platform", "platform")),
                                             ("admin", ("cli", "system"))])
def test_an_import_without_a_login_is_audited_for_who_made_it(cx, clerk, source, who):
    accept_on(cx, clerk, datetime(2026, 12, 21, 10, 0, tzinfo=CST))
    year = {"year": 2027, "overrides": [o for o in YEAR_2027["overrides"]
                                        if not o["date"].startswith("2027-01")]
            + _days("2027-01-01", "2027-01-05", "元旦")}
    adjusted = cx.calendar.import_year(year, source=source).adjusted
    assert [a.what for a in adjusted] == ["promised", "legal"]
    with cx.uow(read_only=True) as u:
        entry = u.session.scalars(select(AuditRow).where(AuditRow.action == "calendar.import")
                                  ).one()
    assert (entry.user_id, entry.role) == who
