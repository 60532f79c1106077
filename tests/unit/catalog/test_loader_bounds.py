"""A catalog cannot hurt the counter (issue 12): every bound of format 1.1 is enforced with the
JSON path named; huge integers and deep nesting are refused cleanly; unsafe field patterns are
refused at load; a stored catalog that breaks a bound keeps loading, its unsafe pattern dropped."""

from __future__ import annotations

import json
import logging
import time
import tracemalloc

import pytest

from counter.catalog.loader import CatalogInvalid, load_catalog
from counter.catalog.search import SearchIndex
from tests.unit.catalog.docs import Q_AGENT, encode, minimal
from tests.unit.catalog.test_loader import add, assert_problem, mutated, problems, put


def _nested_when(depth: int) -> dict:
    cond: dict = {"q_agent": "agent"}
    for _ in range(depth):
        cond = {"not": cond}
    return cond


def _options(n: int) -> list[dict]:
    return [{"value": f"v{i}", "label": f"选项{i}"} for i in range(n)]


CASES = [
    ("item name over 200", put("items.0.name", "某" * 201), "items[0].name", "不能超过 200"),
    ("material name over 200", put("materials.1.name", "书" * 201), "materials[1].name", "200"),
    ("department name over 200", put("departments.0.name", "局" * 201), "departments[0].name", "200"),
    ("field label over 200", put("fields.0.label", "名" * 201), "fields[0].label", "200"),
    ("package name over 200", put("packages.0.name", "件" * 201), "packages[0].name", "200"),
    ("short name over 200", put("items.1.short_name", "简" * 201), "items[1].short_name", "200"),
    ("question text over 2000", put("items.0.questions.0.text", "问" * 2001),
     "items[0].questions[0].text", "不能超过 2000"),
    ("reason text over 2000", put("reasons.0.text", "因" * 2001), "reasons[0].text", "2000"),
    ("audit point over 2000", put("items.0.materials.0.audit_points", ["查" * 2001]),
     "items[0].materials[0].audit_points[0]", "2000"),
    ("51 keywords", put("items.0.keywords", [f"词{i}" for i in range(51)]), "items[0].keywords",
     "最多 50 项，实际为 51 项"),
    ("keyword over 200", put("items.1.keywords", ["词" * 201]), "items[1].keywords[0]", "200"),
    ("package keywords", put("packages.0.keywords", [f"词{i}" for i in range(51)]),
     "packages[0].keywords", "最多 50 项"),
    ("501 options", put("items.0.questions.0.options", _options(501)),
     "items[0].questions[0].options", "最多 500 项，实际为 501 项"),
    ("501 choices", put("fields.1.choices", _options(501)), "fields[1].choices", "最多 500 项"),
    ("501 audit points", put("items.0.materials.0.audit_points", ["查"] * 501),
     "items[0].materials[0].audit_points", "最多 500 项"),
    ("501 item fields", put("items.1.fields", [{"field": "applicant.name", "required": True}] * 501),
     "items[1].fields", "最多 500 项"),
    ("501 questions", put("items.1.questions", [Q_AGENT] * 501), "items[1].questions", "最多 500 项"),
    ("condition nested 9 deep", put("items.0.materials.1.when", _nested_when(9)),
     "items[0].materials[1].when" + ".not" * 9, "条件嵌套超过 8 层"),
    ("integer with thousands of digits", put("items.0.materials.2.copies", "__HUGE__"),
     "items[0].materials[2].copies", "超出 64 位整数范围"),
    ("integer just over 64 bits", put("fields.0.max_length", "__INT64__"),
     "fields[0].max_length", "超出 64 位整数范围"),
    ("unknown key nested deeply", put("items.0.x_extra", "__DEEP__"), "items[0].x_extra" + "[0]" * 29,
     "JSON 嵌套超过 32 层"),
]


def _encode(doc: dict) -> bytes:
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace('"__HUGE__"', "9" * 5000).replace('"__INT64__"', str(2 ** 63))
    text = text.replace('"__DEEP__"', "[" * 40 + "]" * 40)
    return text.encode("utf-8")


@pytest.mark.parametrize("mutation,path,fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bound_broken_is_refused_with_its_path(mutation, path, fragment):
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(_encode(mutated(mutation)))
    assert_problem(info.value.problems, path, fragment)


def test_at_the_bounds_a_catalog_loads():
    doc = mutated(put("items.0.name", "某" * 200), put("items.0.keywords", [f"词{i}" for i in range(50)]),
                  put("items.0.questions.0.text", "问" * 2000),
                  put("items.0.materials.1.when", _nested_when(8)),
                  put("items.0.materials.2.copies", 2 ** 63 - 1))
    catalog = load_catalog(encode(doc))
    assert len(catalog.items[0].name) == 200
    assert catalog.items[0].materials[2].copies == 2 ** 63 - 1


def test_more_than_50000_items_are_refused_without_reading_them_all():
    doc = mutated(put("items", [0] * 50_001), put("packages", []))
    found = problems(doc)
    assert_problem(found, "items", "最多 50000 项，实际为 50001 项")
    assert not [p for p in found if p.startswith("items[50000]")]


def test_a_huge_integer_is_refused_quickly():
    doc = minimal()
    text = json.dumps(doc).replace('"copies": 2', '"copies": ' + "1" * 100_000)
    started = time.perf_counter()
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(text.encode())
    assert time.perf_counter() - started < 1.0
    assert_problem(info.value.problems, "items[0].materials[2].copies", "100000 位")


# -- patterns -----------------------------------------------------------------------------------

UNSAFE = [r"(a+)+$", r"(a*)*", r"(a|aa)+", r"(\w+\s?)*$", r"(\d)\1", r"(?=\d)\d+", r"(?<!x)y",
          r"\d*\d*\d*\d*x", r"a{1000}", "x" * 501]


@pytest.mark.parametrize("pattern", UNSAFE)
def test_an_unsafe_pattern_is_refused_at_load(pattern):
    found = problems(mutated(put("fields.0.pattern", pattern)))
    assert_problem(found, "fields[0].pattern", "正则表达式")


@pytest.mark.parametrize("pattern", [r"[0-9]{4}-[0-9]{2}", r"[A-Z]{2}\d{6}", r"(\d{2})+",
                                     r"(-\d{4})?", r"[\u4e00-\u9fa5]{2,20}", r"(男|女)"])
def test_an_ordinary_pattern_loads(pattern):
    assert load_catalog(encode(mutated(put("fields.0.pattern", pattern)))).fields[0].pattern == pattern


def test_a_stored_catalog_with_an_unsafe_pattern_loads_without_it(caplog):
    doc = mutated(put("fields.0.pattern", r"(a+)+$"), put("items.0.name", "某" * 300))
    with caplog.at_level(logging.WARNING, logger="counter.catalog.loader"):
        catalog = load_catalog(encode(doc), stored=True)
    assert catalog.fields[0].pattern is None
    assert len(catalog.items[0].name) == 300  # kept: the index cuts its own input
    assert "fields[0].pattern" in caplog.text and "items[0].name" in caplog.text
    assert "某某" not in caplog.text  # paths and bounds only


def test_a_stored_catalog_is_still_refused_when_broken():
    with pytest.raises(CatalogInvalid):
        load_catalog(encode(mutated(put("items.0.fee", "no"))), stored=True)


# -- the search index -----------------------------------------------------------------------------

def _index_peak(doc: dict) -> tuple[SearchIndex, int]:
    catalog = load_catalog(encode(doc), stored=True)
    SearchIndex(load_catalog(encode(minimal())))  # pypinyin's dictionaries loaded outside the trace
    tracemalloc.start()
    try:
        index = SearchIndex(catalog)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return index, peak


def test_a_20000_character_name_costs_the_index_no_more_than_a_200_character_one():
    # a stored catalog (before the bounds) may still hold one; 1.8 GB before issue 12
    text = "行政许可登记银行变更注销" * 1700
    _, small = _index_peak(mutated(put("items.0.name", text[:200])))
    index, big = _index_peak(mutated(put("items.0.name", text[:20_000])))
    assert big < 2 * small + 2_000_000, (small, big)
    assert big < 30_000_000
    assert index.search(text[:10])[0].key == minimal()["items"][0]["code"]


def test_an_item_at_every_bound_keeps_the_index_small():
    """One item with a 200-character name and short name and 50 keywords of 200 characters:
    the index stays a few MB (every key ≤ MAX_QUERY characters, linear in each text)."""
    text = "银行行长重庆长沙调查调度朝阳朝代还款还原" * 10
    keywords = [text[i:] + text[:i] for i in range(50)]
    _, peak = _index_peak(mutated(put("items.0.name", text), put("items.0.short_name", text[::-1]),
                                  put("items.0.keywords", keywords)))
    assert peak < 40_000_000, peak


def test_a_document_over_the_size_cap_is_refused_before_parsing(monkeypatch):
    import counter.catalog.loader as loader

    monkeypatch.setattr(loader, "MAX_CATALOG_BYTES", 1000)
    with pytest.raises(CatalogInvalid, match="过大"):
        load_catalog(b"[" * 1001)  # parsing it would say "not valid JSON"
