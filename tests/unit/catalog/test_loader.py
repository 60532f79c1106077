"""Catalog loader (目录加载): parsing, validation with JSON paths, the model it returns."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from counter.catalog.loader import CatalogInvalid, load_catalog, read_catalog_file
from counter.catalog.model import CaseType, Necessity, Original
from counter.errors import InvalidInput
from counter.limit import Limit, LimitUnit
from tests.unit.catalog.docs import ITEM_A, ITEM_B, VALID_USCC, encode, minimal

# -- helpers ----------------------------------------------------------------------------------


def _container(doc, path: str):
    *parents, last = path.split(".")
    node = doc
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    return node, (int(last) if isinstance(node, list) else last)


def put(path: str, value):
    """A mutation setting ``path`` (dotted, list indices as numbers) to ``value``."""
    def mutate(doc):
        node, key = _container(doc, path)
        node[key] = value
    return mutate


def drop(path: str):
    def mutate(doc):
        node, key = _container(doc, path)
        del node[key]
    return mutate


def add(path: str, value):
    """A mutation appending ``value`` to the list at ``path``."""
    def mutate(doc):
        node, key = _container(doc, path)
        node[key].append(value)
    return mutate


def problems(doc) -> list[str]:
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(encode(doc))
    return info.value.problems


def mutated(*mutations):
    doc = minimal()
    for m in mutations:
        m(doc)
    return doc


def assert_problem(found: list[str], path: str, fragment: str = "") -> None:
    hits = [p for p in found if p.startswith(f"{path}: ") and fragment in p]
    assert hits, f"no problem at {path!r} containing {fragment!r} in:\n" + "\n".join(found)


# -- a valid document -------------------------------------------------------------------------


def test_minimal_document_loads_into_model_objects():
    catalog = load_catalog(encode(minimal()))

    assert catalog.catalog_version == "2026.01.01"
    assert catalog.published_at.utcoffset() == timedelta(hours=8)
    assert catalog.region_code == "140802"
    item = catalog.item(ITEM_A)
    assert item.case_type is CaseType.COMMITMENT
    assert item.legal_limit == Limit(3, LimitUnit.WD)
    assert item.service_object == ("person",)
    assert item.bank_point is True and catalog.item(ITEM_B).bank_point is False
    assert isinstance(item.materials, tuple) and isinstance(item.fields, tuple)
    lease = item.materials[2]
    assert lease.necessity is Necessity.TOLERABLE
    assert lease.copies == 2
    assert lease.supplement_limit == Limit(1, LimitUnit.WD)
    id_card = item.materials[0]
    assert id_card.original is Original.CHECK and id_card.copies == 1
    assert id_card.audit_points == ("证件在有效期内",)
    assert item.materials[1].when == {"q_agent": "agent"}
    assert catalog.item(ITEM_B).materials[0].original is Original.NONE
    assert catalog.field("applicant.id_number").id_type_field == "applicant.id_type"
    assert catalog.field("applicant.id_number").sensitive
    assert catalog.package("P-KCG").items == (ITEM_A, ITEM_B)
    assert catalog.reasons_of("void")[0].code == "V-01"
    assert catalog.calendar_overrides[0].date == date(2026, 10, 10)
    assert catalog.material("M-ID-CARD").e_licence_type == "居民身份证"


def test_unknown_keys_are_ignored():
    doc = minimal()
    doc["signature"] = {"alg": "SM2"}
    doc["region"]["level"] = "county"
    doc["items"][0]["online_url"] = "https://example.gov.cn/"
    doc["items"][0]["materials"][0]["sample_file"] = "a.pdf"
    doc["fields"][0]["placeholder"] = "与身份证一致"
    doc["packages"][0]["icon"] = "food"

    catalog = load_catalog(encode(doc))

    assert len(catalog.items) == 2


def test_optional_sections_may_be_absent():
    doc = minimal()
    for key in ("packages", "reasons", "calendar"):
        del doc[key]

    catalog = load_catalog(encode(doc))

    assert catalog.packages == () and catalog.reasons == () and catalog.calendar_overrides == ()


def test_null_counts_as_absent_for_optional_keys():
    doc = minimal()
    doc["items"][0]["basic_code"] = None
    doc["items"][0]["materials"][0]["copies"] = None

    catalog = load_catalog(encode(doc))

    assert catalog.item(ITEM_A).basic_code is None
    assert catalog.item(ITEM_A).materials[0].copies == 1


def test_zero_limit_means_same_day():
    doc = mutated(put("items.1.promised_limit", {"value": 0, "unit": "WD"}))

    assert load_catalog(encode(doc)).item(ITEM_B).promised_limit.value == 0


def test_promised_limit_in_other_unit_not_longer_is_accepted():
    # 5 natural days (120 h) is shorter than 5 working days (~168 h)
    doc = mutated(put("items.1.promised_limit", {"value": 5, "unit": "ND"}))

    assert load_catalog(encode(doc)).item(ITEM_B).promised_limit.unit is LimitUnit.ND


def test_supplement_limit_equal_across_units_is_accepted():
    # 8 working hours are one working day: not longer than the promised limit of 1 WD
    doc = mutated(put("items.0.promised_limit", {"value": 1, "unit": "WD"}),
                  put("items.0.materials.2.supplement_limit", {"value": 8, "unit": "WH"}))

    assert load_catalog(encode(doc)).item(ITEM_A).materials[2].supplement_limit.unit is LimitUnit.WH


def test_rfc3339_with_z_is_accepted():
    doc = mutated(put("published_at", "2026-01-01T00:00:00Z"))

    assert load_catalog(encode(doc)).published_at.utcoffset() == timedelta(0)


def test_a_byte_order_mark_is_tolerated():
    assert load_catalog(b"\xef\xbb\xbf" + encode(minimal())).catalog_version == "2026.01.01"


# -- every kind of problem, with its path -----------------------------------------------------

CASES = [
    # header
    ("format", put("format", "other-catalog"), "format", "counter-catalog"),
    ("format missing", drop("format"), "format", "缺少必填项"),
    ("format_version string", put("format_version", "1"), "format_version", "字符串"),
    ("format_version bool", put("format_version", True), "format_version", "布尔值"),
    ("format_version 2", put("format_version", 2), "format_version", "不支持"),
    ("catalog_version missing", drop("catalog_version"), "catalog_version", "缺少必填项"),
    ("catalog_version blank", put("catalog_version", "  "), "catalog_version", "不能为空"),
    ("catalog_version long", put("catalog_version", "9" * 65), "catalog_version", "64"),
    ("published_at no offset", put("published_at", "2026-01-01T08:00:00"), "published_at", "RFC 3339"),
    ("published_at date only", put("published_at", "2026-01-01"), "published_at", "RFC 3339"),
    ("published_at impossible", put("published_at", "2026-02-30T08:00:00+08:00"), "published_at", ""),
    ("region missing", drop("region"), "region", "缺少必填项"),
    ("region not object", put("region", "140802"), "region", "须为对象"),
    ("region code short", put("region.code", "14080"), "region.code", "6 位数字"),
    ("region code number", put("region.code", 140802), "region.code", "须为字符串"),
    ("region code province", put("region.code", "990802"), "region.code", "省级"),
    # departments
    ("uscc checksum", put("departments.0.uscc", VALID_USCC[:-1] + "M"), "departments[0].uscc", "无效"),
    ("uscc short", put("departments.0.uscc", "9111000060003734"), "departments[0].uscc", "无效"),
    ("uscc lower case", put("departments.1.uscc", VALID_USCC.lower()), "departments[1].uscc", "大写"),
    ("department id duplicate", put("departments.1.id", "D-SCJG"), "departments[1].id", "重复"),
    ("department name missing", drop("departments.1.name"), "departments[1].name", "缺少必填项"),
    ("department not object", put("departments.1", "D-RS"), "departments[1]", "须为对象"),
    ("departments not a list", put("departments", {"D-RS": {}}), "departments", "须为列表"),
    # fields
    ("field key format", put("fields.0.key", "Applicant.Name"), "fields[0].key", "格式"),
    ("field key trailing dot", put("fields.0.key", "applicant."), "fields[0].key", "格式"),
    ("field type", put("fields.0.type", "string"), "fields[0].type", "无效"),
    ("choice without choices", drop("fields.1.choices"), "fields[1].choices", "缺少必填项"),
    ("choice with empty choices", put("fields.1.choices", []), "fields[1].choices", "至少"),
    ("multi_choice without choices", put("fields.0.type", "multi_choice"), "fields[0].choices", "缺少"),
    ("duplicate option value", put("fields.1.choices.1.value", "111"), "fields[1].choices[1].value", "重复"),
    ("id_number without id_type_field", drop("fields.2.id_type_field"), "fields[2].id_type_field", "缺少"),
    ("id_type_field unknown", put("fields.2.id_type_field", "applicant.doc_type"),
     "fields[2].id_type_field", "不存在"),
    ("id_type_field not a choice", put("fields.2.id_type_field", "applicant.name"),
     "fields[2].id_type_field", "choice"),
    ("pattern does not compile", put("fields.0.pattern", "([a-z"), "fields[0].pattern", "无法编译"),
    ("min above max", put("fields.4.min", 2000), "fields[4].min", "大于最大值"),
    ("min bool", put("fields.4.min", False), "fields[4].min", "布尔值"),
    ("max_length bool", put("fields.0.max_length", True), "fields[0].max_length", "布尔值"),
    ("max_length zero", put("fields.0.max_length", 0), "fields[0].max_length", "不小于 1"),
    ("sensitive not bool", put("fields.0.sensitive", "yes"), "fields[0].sensitive", "布尔值"),
    ("field key duplicate", put("fields.3.key", "applicant.name"), "fields[3].key", "重复"),
    # materials
    ("material kind", put("materials.0.kind", "licence"), "materials[0].kind", "无效"),
    ("material medium", put("materials.0.medium", "fax"), "materials[0].medium", "无效"),
    ("material id duplicate", put("materials.2.id", "M-ID-CARD"), "materials[2].id", "重复"),
    ("material name missing", drop("materials.2.name"), "materials[2].name", "缺少"),
    # items
    ("items missing", drop("items"), "items", "缺少必填项"),
    ("code too long", put("items.0.code", "1" * 37), "items[0].code", "36"),
    ("code duplicate", put("items.1.code", ITEM_A), "items[1].code", "重复"),
    ("department dangling", put("items.0.department", "D-NONE"), "items[0].department", "不存在"),
    ("service_object value", put("items.0.service_object", ["citizen"]), "items[0].service_object[0]", "无效"),
    ("service_object empty", put("items.0.service_object", []), "items[0].service_object", "至少"),
    ("case_type", put("items.0.case_type", "instant"), "items[0].case_type", "无效"),
    ("fee string", put("items.0.fee", "false"), "items[0].fee", "布尔值"),
    ("tolerance missing", drop("items.1.tolerance"), "items[1].tolerance", "缺少"),
    ("bank_point number", put("items.0.bank_point", 1), "items[0].bank_point", "布尔值"),
    ("keywords not strings", put("items.0.keywords", ["个体", 3]), "items[0].keywords[1]", "字符串"),
    ("limit negative", put("items.0.legal_limit.value", -1), "items[0].legal_limit.value", "不小于 0"),
    ("limit bool", put("items.0.legal_limit.value", True), "items[0].legal_limit.value", "布尔值"),
    ("limit string", put("items.0.legal_limit.value", "3"), "items[0].legal_limit.value", "数值"),
    ("limit unit", put("items.0.legal_limit.unit", "D"), "items[0].legal_limit.unit", "无效"),
    ("limit missing", drop("items.0.legal_limit"), "items[0].legal_limit", "缺少"),
    ("promised longer, same unit", put("items.0.promised_limit.value", 4), "items[0].promised_limit",
     "不能长于法定时限"),
    ("promised longer, other unit", put("items.1.promised_limit", {"value": 20, "unit": "ND"}),
     "items[1].promised_limit", "不能长于法定时限"),
    # item fields
    ("item field dangling", put("items.0.fields.0.field", "applicant.nickname"),
     "items[0].fields[0].field", "不存在"),
    ("item field required missing", drop("items.0.fields.0.required"), "items[0].fields[0].required", "缺少"),
    ("item field duplicate", put("items.0.fields.1.field", "applicant.name"), "items[0].fields[1].field", "重复"),
    ("item fields missing", drop("items.1.fields"), "items[1].fields", "缺少"),
    # item materials
    ("material dangling", put("items.0.materials.1.material", "M-XXX"), "items[0].materials[1].material",
     '引用的材料 "M-XXX" 不存在'),
    ("necessity", put("items.0.materials.0.necessity", "mandatory"), "items[0].materials[0].necessity", "无效"),
    ("original", put("items.0.materials.0.original", "copy"), "items[0].materials[0].original", "无效"),
    ("copies zero", put("items.0.materials.0.copies", 0), "items[0].materials[0].copies", "不小于 1"),
    ("copies fraction", put("items.0.materials.0.copies", 1.5), "items[0].materials[0].copies", "整数"),
    ("tolerable without supplement_limit", drop("items.0.materials.2.supplement_limit"),
     "items[0].materials[2].supplement_limit", "缺少"),
    ("supplement longer than promised", put("items.0.materials.2.supplement_limit.value", 3),
     "items[0].materials[2].supplement_limit", "承诺时限"),
    ("supplement longer in other unit", put("items.0.materials.2.supplement_limit", {"value": 5, "unit": "ND"}),
     "items[0].materials[2].supplement_limit", "承诺时限"),
    ("supplement zero", put("items.0.materials.2.supplement_limit.value", 0),
     "items[0].materials[2].supplement_limit.value", "大于 0"),
    ("tolerable without tolerance", put("items.0.tolerance", False), "items[0].materials[2].necessity",
     "tolerance"),
    ("unconditional duplicate material", add("items.1.materials", {"material": "M-ID-CARD",
                                                                   "necessity": "optional"}),
     "items[1].materials[2].material", "when"),
    ("audit_points not list", put("items.0.materials.0.audit_points", "核验原件"),
     "items[0].materials[0].audit_points", "列表"),
    # questions and conditions
    ("question id duplicate", add("items.0.questions", {"id": "q_agent", "text": "再问一次",
                                                        "options": [{"value": "x", "label": "X"}]}),
     "items[0].questions[1].id", "重复"),
    ("question without options", drop("items.0.questions.0.options"), "items[0].questions[0].options", "缺少"),
    ("question option duplicate", put("items.0.questions.0.options.1.value", "self"),
     "items[0].questions[0].options[1].value", "重复"),
    ("question id like operator", put("items.1.questions.0.id", "not"), "items[1].questions[0].id", "条件语法"),
    ("question depends on itself", put("items.0.questions.0.when", {"q_agent": "self"}),
     "items[0].questions[0].when", "依赖它自己"),
    ("question when unknown", put("items.0.questions.0.when", {"q_size": "small"}),
     "items[0].questions[0].when.q_size", "不存在"),
    ("when unknown question", put("items.0.materials.1.when", {"q_agnet": "agent"}),
     "items[0].materials[1].when.q_agnet", "不存在"),
    ("when question of another item only", put("items.1.materials.1.when", {"q_size": "small"}),
     "items[1].materials[1].when.q_size", "不存在"),
    ("when value not an option", put("items.0.materials.1.when", {"q_agent": "agnet"}),
     "items[0].materials[1].when.q_agent", "不是可选值"),
    ("when field unknown", put("items.0.fields.3.when", {"field:applicant.doc_type": "111"}),
     "items[0].fields[3].when.field:applicant.doc_type", "不存在"),
    ("when field value not a choice", put("items.0.fields.3.when", {"field:applicant.id_type": "112"}),
     "items[0].fields[3].when.field:applicant.id_type", "不是可选值"),
    ("when all not list", put("items.0.materials.1.when", {"all": {"q_agent": "agent"}}),
     "items[0].materials[1].when.all", "须为条件列表"),
    ("when any empty", put("items.0.materials.1.when", {"any": []}), "items[0].materials[1].when.any", "不能为空"),
    ("when not a list", put("items.0.materials.1.when", {"not": [{"q_agent": "self"}]}),
     "items[0].materials[1].when.not", "条件对象"),
    ("when nested unknown", put("items.0.materials.1.when", {"any": [{"q_agent": "agent"},
                                                                      {"not": {"q_x": "1"}}]}),
     "items[0].materials[1].when.any[1].not.q_x", "不存在"),
    ("when not object", put("items.0.materials.1.when", "q_agent=agent"), "items[0].materials[1].when", "对象"),
    ("when empty object", put("items.0.materials.1.when", {}), "items[0].materials[1].when", "空对象"),
    ("when value object", put("items.0.materials.1.when", {"q_agent": {"eq": "agent"}}),
     "items[0].materials[1].when.q_agent", "取值"),
    # packages
    ("package with one item", put("packages.0.items", [ITEM_A]), "packages[0].items", "至少须有 2 项"),
    ("package dangling item", put("packages.0.items.1", "NO-SUCH-ITEM"), "packages[0].items[1]", "不存在"),
    ("package duplicate item", put("packages.0.items.1", ITEM_A), "packages[0].items[1]", "重复"),
    ("package item not a string", put("packages.0.items.1", 7), "packages[0].items[1]", "字符串"),
    ("package id duplicate", add("packages", {"id": "P-KCG", "name": "另一件事", "items": [ITEM_A, ITEM_B]}),
     "packages[1].id", "重复"),
    ("package promised_limit", put("packages.0.promised_limit", {"value": -2, "unit": "WD"}),
     "packages[0].promised_limit.value", "不小于 0"),
    ("package question options differ", put("items.1.questions.0.options",
                                            [{"value": "self", "label": "本人"}]),
     "packages[0].items", "选项不一致"),
    ("package name missing", drop("packages.0.name"), "packages[0].name", "缺少"),
    # reasons, calendar
    ("reason kind", put("reasons.0.kind", "refuse"), "reasons[0].kind", "无效"),
    ("reason code duplicate", put("reasons.1.code", "REJ-01"), "reasons[1].code", "重复"),
    ("reason text missing", drop("reasons.1.text"), "reasons[1].text", "缺少"),
    ("calendar date invalid", put("calendar.overrides.0.date", "2026-02-30"), "calendar.overrides[0].date",
     "不是有效日期"),
    ("calendar date format", put("calendar.overrides.0.date", "2026/10/10"), "calendar.overrides[0].date",
     "不是有效日期"),
    ("calendar date duplicate", add("calendar.overrides", {"date": "2026-10-10", "workday": False}),
     "calendar.overrides[1].date", "重复"),
    ("calendar workday missing", drop("calendar.overrides.0.workday"), "calendar.overrides[0].workday", "缺少"),
    ("calendar overrides not list", put("calendar.overrides", {}), "calendar.overrides", "列表"),
]


@pytest.mark.parametrize("mutation,path,fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_names_its_path(mutation, path, fragment):
    found = problems(mutated(mutation))

    assert_problem(found, path, fragment)


def test_every_problem_is_reported_at_once():
    doc = mutated(put("format_version", 2),
                  put("departments.0.uscc", "91110000600037341M"),
                  put("items.0.materials.1.material", "M-XXX"),
                  put("items.1.promised_limit.value", 11),
                  put("packages.0.items.1", "NO-SUCH-ITEM"))

    with pytest.raises(CatalogInvalid) as info:
        load_catalog(encode(doc))

    err = info.value
    assert len(err.problems) == 5
    assert err.message == "目录文件有误（共 5 处）"
    for path in ("format_version", "departments[0].uscc", "items[0].materials[1].material",
                 "items[1].promised_limit", "packages[0].items[1]"):
        assert_problem(err.problems, path)
    assert "- items[0].materials[1].material: 引用的材料 \"M-XXX\" 不存在" in str(err)


def test_problems_come_in_document_order():
    doc = mutated(put("reasons.0.kind", "x"), put("format", "x"), put("items.1.fee", "x"))

    found = problems(doc)

    assert [p.split(":")[0] for p in found] == ["format", "items[1].fee", "reasons[0].kind"]


def test_unusable_section_does_not_flood_references():
    # with no usable materials list, item material references are not reported one by one
    found = problems(mutated(put("materials", "none")))

    assert found == ["materials: 须为列表，实际为字符串"]


def test_catalog_invalid_is_an_invalid_input():
    with pytest.raises(InvalidInput):
        load_catalog(encode(mutated(drop("items"))))


# -- bytes that are not a JSON object ---------------------------------------------------------


def test_not_utf8_names_the_byte_offset():
    prefix = '{"format": "counter-catalog", "名称": "'.encode()
    data = prefix + "市场监督管理局".encode("gbk") + b'"}'

    with pytest.raises(CatalogInvalid) as info:
        load_catalog(data)

    assert "UTF-8" in info.value.message
    assert f"第 {len(prefix)} 字节" in info.value.message


def test_utf16_is_named():
    with pytest.raises(CatalogInvalid, match="UTF-16"):
        load_catalog(json.dumps(minimal()).encode("utf-16"))


def test_truncated_json_names_line_and_column():
    text = json.dumps(minimal(), ensure_ascii=False, indent=2)
    cut = text[: len(text) // 2]

    with pytest.raises(CatalogInvalid) as info:
        load_catalog(cut.encode("utf-8"))

    message = info.value.message
    assert "不是有效的 JSON" in message
    assert "行" in message and "列" in message
    assert "截断" in message


def test_malformed_json_names_line_and_column():
    data = b'{\n  "format": "counter-catalog",\n  "format_version": 1,,\n}'

    with pytest.raises(CatalogInvalid) as info:
        load_catalog(data)

    assert "第 3 行第 23 列" in info.value.message
    assert "截断" not in info.value.message


@pytest.mark.parametrize("data,word", [(b"[]", "列表"), (b'"catalog"', "字符串"), (b"42", "整数"),
                                       (b"null", "null")])
def test_top_level_must_be_an_object(data, word):
    with pytest.raises(CatalogInvalid, match="顶层须为 JSON 对象") as info:
        load_catalog(data)

    assert word in info.value.message


def test_empty_file_is_refused():
    with pytest.raises(CatalogInvalid, match="为空"):
        load_catalog(b"  \n")


def test_non_finite_numbers_are_refused():
    text = encode(minimal()).decode().replace('"value": 3,', '"value": Infinity,', 1)

    assert_problem(problems_text(text), "items[0].legal_limit.value", "有限")


def problems_text(text: str) -> list[str]:
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(text.encode())
    return info.value.problems


def test_deeply_nested_condition_is_refused():
    cond = {"q_agent": "agent"}
    for _ in range(30):
        cond = {"not": cond}
    found = problems(mutated(put("items.0.materials.1.when", cond)))

    assert any("嵌套超过" in p for p in found)


# -- reading files ----------------------------------------------------------------------------


def test_reads_a_file(tmp_path: Path):
    f = tmp_path / "catalog.json"
    f.write_bytes(encode(minimal()))

    assert load_catalog(read_catalog_file(f)).catalog_version == "2026.01.01"


def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(CatalogInvalid, match="找不到目录文件 nowhere.json"):
        read_catalog_file(tmp_path / "nowhere.json")


def test_directory_is_refused(tmp_path: Path):
    with pytest.raises(CatalogInvalid, match="不是一个文件"):
        read_catalog_file(tmp_path)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch):
    huge = tmp_path / "huge-catalog.json"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk space, no time

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(CatalogInvalid) as info:
        read_catalog_file(huge)

    assert "huge-catalog.json" in info.value.message
    assert "过大" in info.value.message
    assert "200 MB" in info.value.message

