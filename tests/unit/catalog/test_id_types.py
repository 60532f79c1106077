"""Catalog 1.1 ``id_types`` (证件类型): parsing, defaults, problems with their JSON paths."""

from __future__ import annotations

import pytest

from counter.catalog.loader import load_catalog
from counter.catalog.model import DEFAULT_ID_TYPES, ID_TYPES, IdType
from tests.unit.catalog.docs import encode, minimal
from tests.unit.catalog.test_loader import assert_problem, problems

TYPES = [{"code": "111", "name": "居民身份证", "checksum": "gb11643"},
         {"code": "414", "name": "普通护照", "checksum": "none"},
         {"code": "553", "name": "外国人永久居留身份证", "checksum": "gb11643"}]


def with_types(types, *, choices=("111", "414")) -> dict:
    doc = minimal()
    doc["id_types"] = types
    field = next(f for f in doc["fields"] if f["key"] == "applicant.id_type")
    field["choices"] = [{"value": c, "label": c} for c in choices]
    return doc


def field_index(doc, key: str) -> int:
    return next(i for i, f in enumerate(doc["fields"]) if f["key"] == key)


def test_a_catalog_without_id_types_gets_the_contracts_defaults():
    catalog = load_catalog(encode(minimal()))
    assert catalog.id_types == DEFAULT_ID_TYPES
    assert [(t.code, t.name, t.checksum) for t in catalog.id_types] == [
        ("111", "居民身份证", "gb11643"), ("414", "普通护照", "none"),
        ("516", "港澳居民来往内地通行证", "none"), ("511", "台湾居民来往大陆通行证", "none"),
        ("237", "港澳居民居住证", "gb11643"), ("238", "台湾居民居住证", "gb11643"),
        ("553", "外国人永久居留身份证", "gb11643"), ("999", "其他", "none")]
    assert catalog.id_type_name("553") == "外国人永久居留身份证"
    assert catalog.id_type_name("001") == "统一社会信用代码"
    assert catalog.id_type_name("777") == "777"


def test_id_types_are_read_in_order_and_name_what_is_printed():
    types = TYPES + [{"code": "113", "name": "户口簿", "checksum": "gb11643"}]
    catalog = load_catalog(encode(with_types(types, choices=("111", "113"))))
    assert catalog.id_types == (IdType("111", "居民身份证", "gb11643"),
                                IdType("414", "普通护照", "none"),
                                IdType("553", "外国人永久居留身份证", "gb11643"),
                                IdType("113", "户口簿", "gb11643"))
    assert catalog.id_type_name("113") == "户口簿"
    assert catalog.id_type("113").checksum == "gb11643"
    assert catalog.id_type("516") is None  # not in this catalog's list
    assert catalog.id_type_name("516") == ID_TYPES["516"]  # still named on old cases


@pytest.mark.parametrize("types, path, fragment", [
    ("x", "id_types", "须为列表"),
    ([], "id_types", "至少须有 1 项"),
    (["111"], "id_types[0]", "须为对象"),
    ([{"name": "居民身份证", "checksum": "gb11643"}], "id_types[0].code", "缺少必填项"),
    ([{"code": "1 1", "name": "居民身份证", "checksum": "gb11643"}], "id_types[0].code",
     "1 至 8 位字母或数字"),
    ([{"code": "123456789", "name": "x", "checksum": "none"}], "id_types[0].code",
     "1 至 8 位字母或数字"),
    ([{"code": "001", "name": "统一社会信用代码", "checksum": "none"}], "id_types[0].code",
     "不是个人证件类型"),
    ([{"code": "111", "checksum": "gb11643"}], "id_types[0].name", "缺少必填项"),
    ([{"code": "111", "name": "证" * 201, "checksum": "gb11643"}], "id_types[0].name",
     "不能超过 200 个"),
    ([{"code": "111", "name": "居民身份证"}], "id_types[0].checksum", "缺少必填项"),
    ([{"code": "111", "name": "居民身份证", "checksum": "md5"}], "id_types[0].checksum",
     "须为 gb11643、none 之一"),
    ([{"code": "111", "name": "居民身份证", "checksum": "none"}], "id_types[0].checksum",
     "须为 gb11643"),
    ([{"code": "553", "name": "外国人永久居留身份证", "checksum": "none"}],
     "id_types[0].checksum", "须为 gb11643"),
    (TYPES + [{"code": "414", "name": "护照", "checksum": "none"}], "id_types[3].code",
     "证件类型代码 \"414\" 重复（首次出现于 id_types[1].code）"),
])
def test_problems_name_their_path(types, path, fragment):
    assert_problem(problems(with_types(types)), path, fragment)


def test_an_id_type_choice_outside_id_types_is_named_with_its_path():
    doc = with_types(TYPES, choices=("111", "414", "516"))
    i = field_index(doc, "applicant.id_type")
    assert_problem(problems(doc), f"fields[{i}].choices[2].value",
                   "证件类型 \"516\" 不在顶层 id_types 中")


def test_an_organisations_credit_code_may_be_offered_besides_id_types():
    catalog = load_catalog(encode(with_types(TYPES, choices=("111", "414", "001"))))
    assert catalog.id_type_name("001") == "统一社会信用代码"


def test_without_id_types_a_10_catalogs_own_choices_stay_valid():
    doc = minimal()
    field = next(f for f in doc["fields"] if f["key"] == "applicant.id_type")
    field["choices"].append({"value": "113", "label": "户口簿"})
    load_catalog(encode(doc))  # a 1.0 catalog is not held to the default list


def test_the_sample_catalog_offers_every_default_type_in_its_id_type_fields():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[3] / "resources/catalog/sample-catalog.json"
    catalog = load_catalog(sample.read_bytes())
    codes = [t.code for t in catalog.id_types]
    assert {"237", "238", "553"} <= set(codes)
    for key in ("applicant.id_type", "agent.id_type"):
        field = catalog.field(key)
        assert [c.value for c in field.choices] == codes
        assert [c.label for c in field.choices] == [t.name for t in catalog.id_types]
