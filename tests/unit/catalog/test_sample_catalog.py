"""The sample catalog shipped in resources/ (示例事项目录): valid and rich enough to train on."""

from __future__ import annotations

from collections import Counter

import chinese_calendar
import pytest
from stdnum.cn import uscc

from counter.catalog.conditions import references
from counter.catalog.loader import load_catalog, read_catalog_file
from counter.catalog.model import FIELD_TYPES, Catalog, Necessity
from tests.conftest import SAMPLE_CATALOG


@pytest.fixture(scope="module")
def sample() -> Catalog:
    return load_catalog(read_catalog_file(SAMPLE_CATALOG))


def test_sample_is_valid_and_large_enough(sample):
    assert sample.catalog_version == "2026.11.01"
    assert len(sample.items) >= 12
    assert len(sample.departments) >= 5
    assert len({i.department for i in sample.items}) >= 5
    assert len(sample.packages) >= 3


def test_region_and_departments(sample):
    assert len(sample.region_code) == 6 and sample.region_code.isdigit()
    for d in sample.departments:
        assert uscc.is_valid(d.uscc), d.name
    assert len({d.uscc for d in sample.departments}) == len(sample.departments)


def test_expected_items_are_there(sample):
    names = {i.name for i in sample.items}
    for expected in ("个体工商户设立登记", "企业设立登记（有限责任公司）", "印章刻制备案", "食品经营许可",
                     "城乡居民养老保险参保登记", "社会保障卡申领", "住房公积金提取", "最低生活保障审核确认",
                     "建设工程消防设计审查"):
        assert expected in names


def test_item_codes_are_well_formed(sample):
    for item in sample.items:
        assert len(item.code) == 31 and item.code.isalnum(), item.name
        assert uscc.is_valid(item.code[:18]), item.name
        assert item.code.startswith(sample.department(item.department).uscc)


def test_limits_are_consistent(sample):
    for item in sample.items:
        assert item.legal_limit.approx_hours() >= item.promised_limit.approx_hours(), item.name


def test_tolerable_materials_and_bank_point_items(sample):
    tolerant = [i for i in sample.items if i.tolerance]
    assert len(tolerant) >= 2
    for item in tolerant:
        tolerable = [m for m in item.materials if m.necessity is Necessity.TOLERABLE]
        assert tolerable, item.name
        assert all(m.supplement_limit is not None for m in tolerable)
    bank = {i.name for i in sample.items if i.bank_point}
    assert {"社会保障卡申领", "住房公积金提取", "城乡居民养老保险参保登记", "个体工商户设立登记"} <= bank


def test_every_field_type_is_used(sample):
    assert {f.type for f in sample.fields} == set(FIELD_TYPES)
    for f in sample.fields:
        if f.type == "id_number":
            assert sample.field(f.id_type_field).type == "choice"


def test_material_features_are_used(sample):
    e_licences = {m.e_licence_type for m in sample.materials if m.e_licence_type}
    assert {"居民身份证", "营业执照", "出生医学证明"} <= e_licences
    entries = [m for i in sample.items for m in i.materials]
    assert any(m.copies > 1 for m in entries)
    assert {m.original.value for m in entries} >= {"check", "keep"}
    assert all(m.audit_points for m in entries if m.necessity is Necessity.REQUIRED and m.when is None)


def test_guide_questions_change_materials(sample):
    conditional_questions = [q for i in sample.items for q in i.questions if q.when]
    assert conditional_questions
    for item in sample.items:
        used = {r for m in item.materials for r in references(m.when)}
        used |= {r for f in item.fields for r in references(f.when)}
        used |= {r for q in item.questions for r in references(q.when)}
        for q in item.questions:
            assert q.id in used, f"{item.name}: question {q.id} decides nothing"


def test_packages_share_fields_materials_and_questions(sample):
    names = {p.name for p in sample.packages}
    assert {"企业开办一件事", "开餐馆一件事"} <= names
    assert any("出生" in n for n in names)
    for package in sample.packages:
        items = sample.package_items(package.id)
        assert len(items) >= 2
        fields = Counter(f.field for i in items for f in {x.field: x for x in i.fields}.values())
        materials = Counter(m for i in items for m in {x.material for x in i.materials})
        questions = Counter(q.id for i in items for q in i.questions)
        assert {"applicant.name", "applicant.id_number", "contact.mobile"} <= \
            {k for k, n in fields.items() if n >= 2}, package.name
        assert any(n >= 2 for n in materials.values()), package.name
        assert questions["q_agent"] == len(items), package.name
        for item in items:
            agent = [m for m in item.materials if m.when == {"q_agent": "agent"}]
            assert {m.material for m in agent} == {"M-AGENT-AUTH", "M-AGENT-ID"}, item.name


def test_reasons_of_every_kind(sample):
    for kind in ("reject", "tolerance_refuse", "void", "bad_rating"):
        assert sample.reasons_of(kind), kind



def test_sample_uses_the_1_1_additions(sample):
    """Every department names its review body, court and short code; items that are not a
    行政许可 carry their own legal basis; reject reasons are scoped and none cites Art. 38."""
    for d in sample.departments:
        assert d.review_body and d.review_body.endswith("人民政府"), d.name
        assert d.court and d.court.endswith("人民法院") and d.short_code, d.name
    assert sample.department("D-SCJG").review_body == "运城市盐湖区人民政府"
    others = [i for i in sample.items if i.type != "01"]
    assert sum(bool(i.legal_basis.accept) for i in others) >= len(others) - 1
    assert not any(i.legal_basis.accept for i in sample.items if i.type == "01")
    for r in sample.reasons_of("reject"):
        assert r.item_types and r.counter_ground, r.code
        cites_licensing_law = "行政许可法" in (r.basis or "") + r.text
        assert cites_licensing_law == (r.item_types == ("01",)), r.code
    public = [r.code for r in sample.reasons_for("reject", ["20"])]
    assert public == ["REJ-03", "REJ-06"]


def test_calendar_overrides_agree_with_the_national_arrangement(sample):
    assert sample.calendar_overrides
    for o in sample.calendar_overrides:
        assert chinese_calendar.is_workday(o.date) == o.workday, o.date
