"""Catalog 1.1 additions (contracts/catalog-format.md): department review_body/court/short_code,
item legal_basis/warning_days/retention_years, reason item_types/basis — parsed, bounded, and
every problem named by its JSON path; a 1.0 document stays valid with the defaults."""

from __future__ import annotations

import pytest

from counter.catalog.loader import load_catalog
from counter.catalog.model import LegalBasis, Reason
from tests.unit.catalog.docs import ITEM_A, encode, minimal
from tests.unit.catalog.test_loader import assert_problem, mutated, problems, put


def _with_1_1(doc: dict) -> dict:
    doc["departments"][0].update(review_body="运城市盐湖区人民政府", court="运城市盐湖区人民法院",
                                 short_code="盐市监")
    doc["items"][0].update(legal_basis={"accept": "《某条例》第十条", "notify": "《某条例》第十一条"},
                           warning_days=0, retention_years=30)
    doc["reasons"][0].update(item_types=["01", "20"], basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项")
    return doc


def test_1_1_keys_load_into_the_model():
    catalog = load_catalog(encode(_with_1_1(minimal())))
    dept = catalog.department("D-SCJG")
    assert (dept.review_body, dept.court, dept.short_code) == (
        "运城市盐湖区人民政府", "运城市盐湖区人民法院", "盐市监")
    item = catalog.item(ITEM_A)
    assert item.legal_basis == LegalBasis(accept="《某条例》第十条", notify="《某条例》第十一条")
    assert (item.warning_days, item.retention_years) == (0, 30)
    reason = catalog.reasons_of("reject")[0]
    assert reason.item_types == ("01", "20")
    assert reason.basis.endswith("第（二）项")


def test_a_1_0_catalog_falls_back_to_the_defaults():
    catalog = load_catalog(encode(minimal()))
    dept = catalog.department("D-SCJG")
    assert (dept.review_body, dept.court, dept.short_code) == (None, None, None)
    item = catalog.item(ITEM_A)
    assert item.legal_basis == LegalBasis()
    assert (item.warning_days, item.retention_years) == (None, None)
    reason = catalog.reasons_of("reject")[0]
    assert (reason.item_types, reason.basis) == ((), None)
    assert reason.applies_to(["20"]) and reason.applies_to(["01"])


LONG_NAME = "某" * 201
LONG_TEXT = "《某法》" + "第一条" * 700

CASES = [
    ("review_body not a string", put("departments.0.review_body", 7), "departments[0].review_body", "字符串"),
    ("review_body too long", put("departments.0.review_body", LONG_NAME), "departments[0].review_body", "200"),
    ("court too long", put("departments.1.court", LONG_NAME), "departments[1].court", "200"),
    ("short_code not a string", put("departments.0.short_code", ["盐"]), "departments[0].short_code", "字符串"),
    ("legal_basis not an object", put("items.0.legal_basis", "《某法》"), "items[0].legal_basis", "对象"),
    ("legal_basis unknown notice", put("items.0.legal_basis", {"approve": "《某法》"}),
     "items[0].legal_basis.approve", "accept、reject、notify"),
    ("legal_basis text too long", put("items.1.legal_basis", {"reject": LONG_TEXT}),
     "items[1].legal_basis.reject", "2000"),
    ("legal_basis not a string", put("items.0.legal_basis", {"accept": 32}),
     "items[0].legal_basis.accept", "字符串"),
    ("warning_days negative", put("items.0.warning_days", -1), "items[0].warning_days", "不小于 0"),
    ("warning_days fraction", put("items.0.warning_days", 2.5), "items[0].warning_days", "整数"),
    ("warning_days beyond 64 bits", put("items.0.warning_days", 2 ** 64), "items[0].warning_days", "不大于"),
    ("retention_years zero", put("items.1.retention_years", 0), "items[1].retention_years", "不小于 1"),
    ("reason item_types not a list", put("reasons.0.item_types", "01"), "reasons[0].item_types", "列表"),
    ("reason item_types empty", put("reasons.0.item_types", []), "reasons[0].item_types", "至少须有 1 项"),
    ("reason item_type unknown", put("reasons.0.item_types", ["01", "99"]), "reasons[0].item_types[1]", "无效"),
    ("reason item_type duplicate", put("reasons.0.item_types", ["20", "20"]), "reasons[0].item_types[1]",
     "重复"),
    ("reason basis too long", put("reasons.0.basis", LONG_TEXT), "reasons[0].basis", "2000"),
]


@pytest.mark.parametrize("mutation,path,fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_1_1_value_names_its_path(mutation, path, fragment):
    assert_problem(problems(mutated(mutation)), path, fragment)


def test_reasons_are_scoped_to_item_types():
    licensing = Reason("R1", "reject", "不需要取得行政许可。", item_types=("01",))
    public = Reason("R2", "reject", "不属于本事项服务对象。", item_types=("20", "07"))
    general = Reason("R3", "reject", "重复申请。")
    # a 1.0 reason citing the licensing law is a 行政许可 ground only
    legacy = Reason("R4", "reject", "不需要取得行政许可（《中华人民共和国行政许可法》第三十二条第一款第（一）项）。")
    art38 = Reason("R5", "reject", "不符合法定条件（《中华人民共和国行政许可法》第三十八条第二款）。")
    assert [r.code for r in (licensing, public, general, legacy, art38) if r.applies_to(["20"])] == [
        "R2", "R3"]
    assert [r.code for r in (licensing, public, general, legacy, art38) if r.applies_to(["01"])] == [
        "R1", "R3", "R4"]
    # a package fits when one of its items does
    assert licensing.applies_to(["20", "01"])
    assert not art38.counter_ground
