"""The GB/T 2260 division table (行政区划代码表): the shipped resource and its loader."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from counter.divisions import (NOT_IN_TABLE, TABLE_PATH, Division, DivisionTable,
                               default_table, division_problem, load_divisions)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table() -> DivisionTable:
    return default_table()


def test_the_table_has_every_province_and_only_current_counties(table):
    provinces = table.provinces()
    assert len(provinces) == 34
    assert {p.code for p in provinces} >= {"110000", "140000", "500000", "710000", "810000",
                                           "820000"}
    assert 2800 <= sum(1 for d in table if d.kind == "county") <= 2900


@pytest.mark.parametrize("code", [
    "110103",  # 崇文区, merged into 东城区 in 2010
    "140202",  # 大同市城区, abolished 2018
    "140421",  # 长治县, became 上党区 in 2018
    "429001",  # 随州市 as a county-level city: prefecture-level 421300 since 2000
    "422921",  # 神农架林区's old code: 429021 now
    "140101",  # 太原市市辖区: a placeholder, not a place
])
def test_abolished_codes_and_placeholders_are_not_in_the_table(table, code):
    assert code not in table
    assert division_problem(code) == NOT_IN_TABLE


@pytest.mark.parametrize("code, name", [
    ("140802", "山西省运城市盐湖区"), ("140213", "山西省大同市平城区"),
    ("110101", "北京市东城区"), ("429021", "湖北省神农架林区"), ("419001", "河南省济源市"),
    ("441900", "广东省东莞市"), ("810000", "香港特别行政区"), ("140800", "山西省运城市"),
])
def test_current_codes_and_their_full_names(table, code, name):
    assert code in table
    assert table.full_name(code) == name
    assert division_problem(code) is None


def test_province_city_county_navigation(table):
    shanxi = [d.code for d in table.children("140000")]
    assert shanxi[0] == "140100" and "140800" in shanxi
    assert all(d.kind in ("prefecture", "group") for d in table.children("140000"))
    yuncheng = table.children("140800")
    assert yuncheng[0] == Division("140802", "盐湖区", "county")
    assert [d.code for d in table.path("140802")] == ["140000", "140800", "140802"]
    assert table.parent("140802").code == "140800"
    # a municipality's districts hang under its 市辖区 group; a standalone city has none
    assert [d.code for d in table.children("110000")] == ["110100"]
    assert table.get("110100").is_group
    assert "110105" in {d.code for d in table.children("110100")}
    assert table.children("441900") == []


def test_group_rows_are_refused_as_values(table):
    problem = division_problem("110100")
    assert problem and "分组" in problem and "市辖区" in problem
    assert division_problem("429000")


def test_structure_is_checked_before_the_table():
    assert "6位" in division_problem("14080")
    assert "省份代码" in division_problem("990000")


def test_search_by_name_full_name_and_code(table):
    assert [d.code for d in table.search("盐湖")] == ["140802"]
    assert [d.code for d in table.search("运城市盐湖区")] == ["140802"]
    by_code = table.search("1408")
    assert by_code[0].code == "140800" and all(d.code.startswith("1408") for d in by_code)
    assert all(not d.is_group for d in table.search("市辖区"))
    assert len(table.search("区", limit=5)) == 5
    assert table.search("  ") == []


def test_loader_refuses_bad_files(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\n140000\t山西省\tprovince\n140802\t盐湖区\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        load_divisions(bad)
    orphan = tmp_path / "orphan.tsv"
    orphan.write_text("140802\t盐湖区\tcounty\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no province"):
        load_divisions(orphan)
    dup = tmp_path / "dup.tsv"
    dup.write_text("140000\t山西省\tprovince\n140000\t山西\tprovince\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        load_divisions(dup)


def test_the_shipped_table_is_what_the_script_makes():
    spec = importlib.util.spec_from_file_location("make_divisions",
                                                  ROOT / "scripts" / "make_divisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    made = module.parse(text.splitlines())
    shipped = [(d.code, d.name, d.kind) for d in load_divisions(TABLE_PATH)]
    assert made == shipped
    header = TABLE_PATH.read_text(encoding="utf-8").splitlines()[:3]
    assert any("python-stdnum" in line and "loc.dat" in line for line in header)
