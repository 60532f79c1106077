"""Actor, site profile (站点信息) and the ID-card reader port (身份证阅读器)."""

from __future__ import annotations

from datetime import date

import pytest

from counter.errors import InvalidInput
from counter.idcard import (IdCardData, IdCardReader, IdCardReadError, SimulatedIdCardReader,
                            training_cards)
from counter.identity import DEFAULT_QUERY_URL, Actor, SiteProfile, SiteService
from counter.ids import id_number_problem, sex_from_id
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.uow import UowFactory


def test_actor_json_is_the_contract_shape():
    a = Actor("c0012", "clerk", "140802-001", "07")
    assert a.to_json() == {"user_id": "c0012", "role": "clerk", "site": "140802-001",
                           "counter": "07"}
    assert Actor.from_json(a.to_json()) == a


@pytest.mark.parametrize("user_id,role", [("c1", "cashier"), ("", "clerk"), ("  ", "clerk")])
def test_actor_refuses_unknown_roles_and_blank_ids(user_id, role):
    with pytest.raises(InvalidInput):
        Actor(user_id, role, "140802-001", "07")


def test_site_profile_builds_actors_and_urls():
    p = SiteProfile("140802", "001", "07")
    assert p.site == "140802-001" and p.client_id == "140802-001-07"
    assert p.actor("c0012") == Actor("c0012", "clerk", "140802-001", "07")
    assert p.query_url("X1") == DEFAULT_QUERY_URL.replace("{case_no}", "X1")
    assert p.problems() == []
    assert SiteProfile.from_json({**p.to_json(), "unknown": 1}) == p


def test_site_profile_problems():
    p = SiteProfile("14080", "1", "007", kind="shop", query_url_template="https://x/")
    assert len(p.problems()) == 5


@pytest.fixture
def site(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "s.sqlite3"))
    migrate(engine)
    yield SiteService(UowFactory(engine), lambda: "140802")
    engine.dispose()


def test_site_service_default_set_and_get(site):
    assert site.get() == SiteProfile(region_code="140802")
    saved = site.set(SiteProfile("140802", "002", "11", site_name="盐湖区政务服务中心",
                                 kind="bank_point"))
    assert site.get() == saved
    assert site.update(counter_code="12").counter_code == "12"
    assert site.get().kind == "bank_point"


def test_site_service_refuses_an_invalid_profile(site):
    with pytest.raises(InvalidInput) as e:
        site.set(SiteProfile("1408", "002", "11"))
    assert e.value.problems == ["区划代码应为 6 位数字"]
    assert site.get() == SiteProfile(region_code="140802")


def test_training_flag(site):
    assert not site.is_training()
    site.set_training()
    assert site.is_training() and site.setting("training") == "true"
    site.set_training(False)
    assert not site.is_training()


def test_training_cards_have_valid_numbers_and_consistent_sex():
    cards = training_cards()
    assert len({c.id_number for c in cards}) == len(cards) >= 5
    for c in cards:
        assert id_number_problem(c.id_number, today=date(2026, 11, 20)) is None
        assert sex_from_id(c.id_number) == c.sex
        assert c.id_number[6:14] == c.birth_date.strftime("%Y%m%d")
        assert c.form_values()["applicant.gender"] == ("1" if c.sex == "男" else "2")


def test_simulated_reader_cycles_deterministically_and_can_fail():
    reader = SimulatedIdCardReader()
    assert isinstance(reader, IdCardReader)
    first = [reader.read() for _ in range(len(reader.cards) + 1)]
    assert first[0] == first[-1] == training_cards()[0]
    assert SimulatedIdCardReader(empty=True).read() is None
    reader.set_failing()
    with pytest.raises(IdCardReadError):
        reader.read()
    reader.set_failing(False)
    assert isinstance(reader.read(), IdCardData)


def test_card_expiry():
    card = training_cards()[0]
    assert not card.expired(date(2036, 6, 30))
    assert card.expired(date(2036, 7, 1))
