"""Catalog search (事项检索): Chinese, pinyin initials, full pinyin, codes, ranking."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.catalog.model import CaseType, Catalog, Department, Item, Package
from counter.catalog.search import SearchHit, SearchIndex, normalize
from counter.limit import Limit, LimitUnit
from tests.conftest import SAMPLE_CATALOG

SCJG = "113701000000001MBX"  # department codes as they start implementation codes
RS = "113701000000002MBX"


def _item(code: str, name: str, *, dept: str = "scjg", short: str | None = None,
          keywords: tuple[str, ...] = (), basic: str | None = None) -> Item:
    return Item(code=code, name=name, type="01", department=dept, service_object=("自然人",),
                case_type=CaseType.COMMITMENT, legal_limit=Limit(20, LimitUnit.WD),
                promised_limit=Limit(5, LimitUnit.WD), fee=False, tolerance=False, fields=(),
                materials=(), basic_code=basic, short_name=short, keywords=keywords)


GTGSH_SETUP = f"{SCJG}0700101001000"
GTGSH_CLOSE = f"{SCJG}0700102001000"
GTGSH_CHANGE = f"{SCJG}0700103001000"
FOOD = f"{SCJG}0100201001000"
FOOD_RENEW = f"{SCJG}0100202001000"
FOOD_SMALL = f"{SCJG}0100203001000"
RESTAURANT = f"{SCJG}0100301001000"
BANK = f"{RS}2000401001000"
ADMIN = f"{RS}2000402001000"
FUND = f"{RS}2000501001000"
FUND_RETIRED = f"{RS}2000502001000"
KTV = f"{RS}0100601001000"


def _catalog() -> Catalog:
    items = (
        _item(GTGSH_SETUP, "个体工商户设立登记", short="个体户开业", keywords=("开店", "营业执照"),
              basic="000107001000"),
        _item(GTGSH_CLOSE, "个体工商户注销登记", keywords=("关店",)),
        _item(GTGSH_CHANGE, "办理个体工商户变更"),
        _item(FOOD, "食品经营许可"),
        _item(FOOD_RENEW, "食品经营许可证延续"),
        _item(FOOD_SMALL, "小餐饮食品经营许可备案"),
        _item(RESTAURANT, "开办餐饮店卫生许可"),
        _item(BANK, "银行开户许可", dept="rs"),
        _item(ADMIN, "行政许可信息查询", dept="rs"),
        _item(FUND, "公积金提取", dept="rs"),
        _item(FUND_RETIRED, "公积金提取（退休）", dept="rs"),
        _item(KTV, "娱乐场所经营许可", dept="rs", keywords=("KTV", "歌舞厅")),
    )
    packages = (
        Package("p-food", "食品经营许可一件事", (FOOD, FOOD_SMALL), keywords=("开饭店",)),
        Package("p-rest", "开办餐饮店一件事", (RESTAURANT, FOOD, GTGSH_SETUP)),
    )
    return Catalog(catalog_version="t1", published_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                   region_code="370100", region_name="济南市",
                   departments=(Department("scjg", "市场监督管理局", SCJG), Department("rs", "人社局", RS)),
                   fields=(), materials=(), items=items, packages=packages)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _catalog()


@pytest.fixture
def index(catalog) -> SearchIndex:
    return SearchIndex(catalog)


def keys(hits: list[SearchHit]) -> list[str]:
    return [h.key for h in hits]


# -- what is found --------------------------------------------------------------------------

def test_chinese_substring(index):
    hits = index.search("工商户")
    assert set(keys(hits)) == {GTGSH_SETUP, GTGSH_CLOSE, GTGSH_CHANGE}
    assert keys(index.search("注销")) == [GTGSH_CLOSE]


@pytest.mark.parametrize("query", ["gtgsh", "gtgshsldj", "gsh", "sldj"])
def test_pinyin_initials_prefix_and_substring(index, query):
    assert GTGSH_SETUP in keys(index.search(query))


def test_initials_rank_the_name_that_starts_with_them_first(index):
    hits = index.search("gtgsh")
    assert set(keys(hits)[:2]) == {GTGSH_SETUP, GTGSH_CLOSE}  # 个体工商户… before 办理个体工商户…
    assert [h.matched for h in hits[:2]] == ["拼音首字母", "拼音首字母"]
    assert keys(hits)[-1] == GTGSH_CHANGE


@pytest.mark.parametrize("query", ["getigongshanghu", "geti", "getig", "getigongsh", "Ge Ti Gong",
                                   "GETIGONG", "getihu"])
def test_full_pinyin_by_whole_and_incomplete_syllables(index, query):
    assert GTGSH_SETUP in keys(index.search(query))


def test_full_pinyin_starts_on_a_syllable(index):
    # "etigong" lies inside ge-ti-gong but does not start a syllable
    assert GTGSH_SETUP not in keys(index.search("etigong"))


def test_full_pinyin_of_a_short_name_says_so(index):
    # 个体户 (ge ti hu) is the short name; the full name reads ge ti gong shang hu
    hit = index.search("getihu")[0]
    assert hit.key == GTGSH_SETUP
    assert hit.matched == "个体户开业（全拼）"


def test_polyphones_follow_the_phrase(index):
    assert keys(index.search("yinhang")) == [BANK]
    assert keys(index.search("yhkh")) == [BANK]
    assert keys(index.search("xingzheng")) == [ADMIN]
    assert keys(index.search("xzxk")) == [ADMIN]
    assert GTGSH_SETUP in keys(index.search("dengji"))


def test_other_readings_of_a_polyphone_still_find_the_item(index):
    # 银行 read as yin xing, 行政 as hang zheng: the other reading of 行 is a variant
    assert BANK in keys(index.search("yxkh"))
    assert ADMIN in keys(index.search("hzxk"))
    assert index.search("yinhang")[0].matched == "全拼"


@pytest.mark.parametrize("query", [SCJG[:8], SCJG[:16].lower(), GTGSH_SETUP, "000107"])
def test_code_prefix_case_insensitive(index, query):
    assert GTGSH_SETUP in keys(index.search(query, limit=100))


def test_code_is_matched_by_prefix_only(index):
    assert index.search(GTGSH_SETUP[5:]) == []


def test_code_hit_says_which_code(index):
    hit = index.search("000107")[0]
    assert (hit.key, hit.matched) == (GTGSH_SETUP, "000107001000")


def test_keywords_are_searched_and_reported(index):
    hit = index.search("营业执照")[0]
    assert (hit.key, hit.matched) == (GTGSH_SETUP, "营业执照")
    assert index.search("ktv")[0].key == KTV  # a Latin keyword, case-insensitive
    hit = index.search("kfd")[0]
    assert (hit.kind, hit.key, hit.matched) == ("package", "p-food", "开饭店（拼音首字母）")


def test_nothing_found(index):
    assert index.search("zzzz") == []
    assert index.search("不存在的事项") == []


# -- ranking --------------------------------------------------------------------------------

def test_exact_before_prefix_before_substring_packages_first_within_a_tier(index):
    hits = index.search("食品经营许可")
    assert keys(hits) == [FOOD, "p-food", FOOD_RENEW, FOOD_SMALL]
    assert hits[0].matched == "食品经营许可"
    assert [h.kind for h in hits] == ["item", "package", "item", "item"]


def test_exact_short_name_and_exact_code_come_first(index):
    assert index.search("个体户开业")[0].key == GTGSH_SETUP
    assert keys(index.search(GTGSH_CLOSE))[0] == GTGSH_CLOSE


def test_package_before_item_on_a_tie_even_when_longer(index):
    assert keys(index.search("开办餐饮"))[:2] == ["p-rest", RESTAURANT]


def test_shorter_names_first(index):
    assert keys(index.search("公积金提取")) == [FUND, FUND_RETIRED]


def test_usage_ranks_frequent_items_higher(catalog):
    index = SearchIndex(catalog)
    # same tier, same length: by name (注 U+6CE8 before 设 U+8BBE)
    assert keys(index.search("个体工商户"))[:2] == [GTGSH_CLOSE, GTGSH_SETUP]
    index.bump_usage(GTGSH_SETUP)
    assert keys(index.search("个体工商户"))[:2] == [GTGSH_SETUP, GTGSH_CLOSE]
    assert index.usage(GTGSH_SETUP) == 1


def test_usage_given_at_build_and_for_packages(catalog):
    index = SearchIndex(catalog, usage={FUND_RETIRED: 3, "pkg:p-food": 1})
    assert keys(index.search("公积金")) == [FUND_RETIRED, FUND]
    assert keys(index.search("公积金提取")) == [FUND, FUND_RETIRED]  # exact still first
    index.bump_usage("pkg:p-rest")
    index.bump_usage("pkg:p-rest")
    assert keys(index.search("一件事")) == ["p-rest", "p-food"]


def test_usage_does_not_beat_a_better_tier(catalog):
    index = SearchIndex(catalog, usage={FOOD_SMALL: 50})
    assert keys(index.search("食品经营许可"))[0] == FOOD


def test_scores_never_increase(index):
    for query in ["食品经营许可", "gtgsh", "许可", "x", "1137"]:
        scores = [h.score for h in index.search(query)]
        assert scores == sorted(scores, reverse=True), query


def test_limit(index):
    assert len(index.search("许可", limit=2)) == 2
    assert index.search("许可", limit=0) == []


# -- normalisation and hits ------------------------------------------------------------------

def test_full_width_letters_and_digits(index):
    assert keys(index.search("ＧＴＧＳＨ")) == keys(index.search("gtgsh"))
    assert GTGSH_SETUP in keys(index.search("ＧＴＧＳＨ"))
    assert GTGSH_SETUP in keys(index.search("１１３７０１", limit=100))


def test_normalize():
    assert normalize("  Ｇｅ Ti　Hu ") == "getihu"
    assert normalize("xi'an") == "xian"
    assert normalize("（退休）") == "(退休)"


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "'"])
def test_empty_query_finds_nothing(index, query):
    assert index.search(query) == []


def test_most_used_for_the_empty_box(catalog):
    index = SearchIndex(catalog, usage={FUND: 2, BANK: 5, "pkg:p-food": 1})
    assert keys(index.most_used()) == [BANK, FUND, "p-food"]
    assert keys(index.most_used(limit=1)) == [BANK]
    assert index.most_used()[0].matched == "常用"
    index.bump_usage("pkg:p-food")
    index.bump_usage("pkg:p-food")
    assert keys(index.most_used()) == [BANK, "p-food", FUND]  # 3 uses before 2
    assert SearchIndex(catalog).most_used() == []


def test_hit_fields(index):
    hit = index.search("银行开户许可")[0]
    assert hit == SearchHit("item", BANK, "银行开户许可", "人社局", hit.score, "银行开户许可")
    pkg = index.search("开办餐饮店一件事")[0]
    assert (pkg.kind, pkg.key, pkg.subtitle) == ("package", "p-rest", "一件事 · 3 个事项")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.name = "x"  # type: ignore[misc]


# -- properties -----------------------------------------------------------------------------

_NAMES = [(i.code, i.name) for i in _catalog().items]
_INDEX = SearchIndex(_catalog())


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_NAMES), st.data())
def test_every_piece_of_a_name_finds_its_item(named, data):
    code, name = named
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    assert code in keys(_INDEX.search(name[start:end], limit=1000))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_NAMES), st.data())
def test_every_piece_of_the_initials_finds_its_item(named, data):
    from pypinyin import lazy_pinyin

    code, name = named
    initials = "".join(s[0] for s in lazy_pinyin("".join(c for c in name if "\u4e00" <= c <= "\u9fff")))
    start = data.draw(st.integers(0, len(initials) - 1))
    end = data.draw(st.integers(start + 1, len(initials)))
    assert code in keys(_INDEX.search(initials[start:end], limit=1000))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_NAMES), st.data())
def test_typing_the_full_pinyin_finds_the_item_at_every_keystroke(named, data):
    from pypinyin import lazy_pinyin

    code, name = named
    syllables = lazy_pinyin("".join(c for c in name if "\u4e00" <= c <= "\u9fff"))
    first = data.draw(st.integers(0, len(syllables) - 1))
    typed = "".join(syllables[first:])
    n = data.draw(st.integers(1, len(typed)))
    assert code in keys(_INDEX.search(typed[:n], limit=1000))


# -- the sample catalog ---------------------------------------------------------------------

def test_gtgsh_finds_the_registration_in_the_sample_catalog():
    if not SAMPLE_CATALOG.exists():
        pytest.skip("resources/catalog/sample-catalog.json is not there yet")
    loader = pytest.importorskip("counter.catalog.loader")
    sample = loader.load_catalog(loader.read_catalog_file(SAMPLE_CATALOG))
    hits = SearchIndex(sample).search("gtgsh")
    assert hits and hits[0].name == "个体工商户设立登记"
