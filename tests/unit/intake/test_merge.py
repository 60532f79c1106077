"""Merging an item's or a package's questions, fields and materials (一表申请合并规则)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.catalog.conditions import holds
from counter.catalog.model import Choice, ItemField, ItemMaterial, Necessity, Original, Package, Question
from counter.errors import InvalidInput, NotFound
from counter.intake.merge import IntakeSpec, MaterialCondition
from counter.limit import Limit, LimitUnit

from tests.unit.intake.factory import (MATERIALS, Q_AGENT, Q_AGENT_KIND, Q_SITE, catalog, item, nd,
                                       two_item_catalog, wd)


@pytest.fixture
def cat():
    return two_item_catalog()


@pytest.fixture
def package(cat):
    return IntakeSpec.for_package(cat, "P")


def by_id(merged):
    return {m.id: m for m in merged}


def keys(fields):
    return [f.key for f in fields]


# -- construction and limits ---------------------------------------------------------------

def test_for_item_and_for_target(cat):
    spec = IntakeSpec.for_item(cat, "A")
    assert (spec.kind, spec.key, spec.name) == ("item", "A", "事项A")
    assert [i.code for i in spec.items] == ["A"]
    assert spec.promised_limit == wd(5) and spec.legal_limit == wd(20)
    assert IntakeSpec.for_target(cat, "package", "P").items == tuple(cat.package_items("P"))
    assert IntakeSpec.for_target(cat, "item", "B").name == "事项B"


def test_unknown_targets_are_refused_in_chinese(cat):
    with pytest.raises(NotFound, match="事项"):
        IntakeSpec.for_item(cat, "NOPE")
    with pytest.raises(NotFound, match="一件事"):
        IntakeSpec.for_package(cat, "NOPE")
    with pytest.raises(InvalidInput, match="受理对象"):
        IntakeSpec.for_target(cat, "case", "A")


def test_package_promised_limit_defaults_to_the_longest_of_its_items(package):
    # A: 5 working days (≈ 7 natural days), B: 10 natural days → B's is longer
    assert package.promised_limit == nd(10)
    assert package.legal_limit == wd(20)
    assert package.tolerance_allowed


def test_package_promised_limit_of_its_own_wins(cat):
    assert IntakeSpec.for_package(cat, "P2").promised_limit == wd(3)


def test_tolerance_allowed_when_any_item_allows_it():
    a = item("A", tolerance=False)
    b = item("B", tolerance=True)
    c = item("C", tolerance=False)
    cat = catalog([a, b, c], [Package("AB", "甲乙", ("A", "B")), Package("AC", "甲丙", ("A", "C"))])
    assert IntakeSpec.for_package(cat, "AB").tolerance_allowed
    assert not IntakeSpec.for_package(cat, "AC").tolerance_allowed


# -- questions -----------------------------------------------------------------------------

def test_a_question_shared_by_items_is_asked_once(package):
    qs = package.questions({})
    assert [q.id for q in qs] == ["q_agent", "q_site"]
    assert qs[0].items == ("A", "B")


def test_a_conditional_question_appears_once_its_condition_is_answered(package):
    assert "q_agent_kind" not in [q.id for q in package.questions({"q_agent": "self"})]
    qs = package.questions({"q_agent": "agent"})
    assert [q.id for q in qs] == ["q_agent", "q_agent_kind", "q_site"]
    assert qs[1].items == ("A",)


def test_a_question_applies_when_any_item_asking_it_has_its_condition_holding():
    qa = Question("q_x", "X？", (Choice("1", "是"), Choice("2", "否")), when={"q_site": "rent"})
    qb = Question("q_x", "X？", (Choice("1", "是"), Choice("2", "否")))
    cat = catalog([item("A", questions=(Q_SITE, qa)), item("B", questions=(qb,))],
                  [Package("P", "包", ("A", "B"))])
    spec = IntakeSpec.for_package(cat, "P")
    own = {q.id: q.items for q in spec.questions({"q_site": "own"})}
    assert own["q_x"] == ("B",)
    rent = {q.id: q.items for q in spec.questions({"q_site": "rent"})}
    assert rent["q_x"] == ("A", "B")


def test_stale_answers_are_dropped(package):
    answers = {"q_agent": "agent", "q_agent_kind": "lawyer", "q_site": "rent"}
    assert package.answers_clean(answers) == answers
    answers["q_agent"] = "self"  # the applicant comes in person after all
    assert package.answers_clean(answers) == {"q_agent": "self", "q_site": "rent"}


def test_answers_to_unknown_questions_or_with_unknown_options_are_dropped(package):
    assert package.answers_clean({"q_site": "castle", "q_nope": "x", "q_agent": " self "}) == \
        {"q_agent": "self"}


def test_stale_answers_never_decide_materials():
    q_lawyer_only = ItemMaterial("M-HEALTH", Necessity.REQUIRED, when={"q_agent_kind": "lawyer"})
    cat = catalog([item("A", questions=(Q_AGENT, Q_AGENT_KIND), materials=(q_lawyer_only,))])
    spec = IntakeSpec.for_item(cat, "A")
    assert [m.id for m in spec.materials({"q_agent": "agent", "q_agent_kind": "lawyer"})] == \
        ["M-HEALTH"]
    assert spec.materials({"q_agent": "self", "q_agent_kind": "lawyer"}) == []


def test_stale_answers_cascade_through_a_chain_of_conditional_questions():
    q3 = Question("q3", "第三问", (Choice("y", "是"), Choice("n", "否")),
                  when={"q_agent_kind": "lawyer"})
    cat = catalog([item("A", questions=(Q_AGENT, Q_AGENT_KIND, q3))])
    spec = IntakeSpec.for_item(cat, "A")
    full = {"q_agent": "agent", "q_agent_kind": "lawyer", "q3": "y"}
    assert [q.id for q in spec.questions(full)] == ["q_agent", "q_agent_kind", "q3"]
    changed = dict(full, q_agent="self")
    assert spec.answers_clean(changed) == {"q_agent": "self"}
    assert [q.id for q in spec.questions(changed)] == ["q_agent"]


# -- fields --------------------------------------------------------------------------------

def test_a_shared_field_is_asked_once_and_required_if_any_applicable_item_requires_it(cat, package):
    fields = package.fields({}, {})
    assert keys(fields).count("applicant.mobile") == 1
    mobile = {f.key: f for f in fields}["applicant.mobile"]
    assert mobile.required and mobile.items == ("A", "B")
    # alone, item A does not require it
    alone = {f.key: f for f in IntakeSpec.for_item(cat, "A").fields({}, {})}
    assert not alone["applicant.mobile"].required


def test_requiredness_counts_only_applicable_entries():
    a = item("A", questions=(Q_SITE,), fields=(ItemField("business.scope", True, when={"q_site": "rent"}),))
    b = item("B", fields=(ItemField("business.scope", False),))
    spec = IntakeSpec.for_package(catalog([a, b], [Package("P", "包", ("A", "B"))]), "P")
    own = spec.fields({"q_site": "own"}, {})
    assert [(f.key, f.required, f.items) for f in own] == [("business.scope", False, ("B",))]
    rent = spec.fields({"q_site": "rent"}, {})
    assert [(f.key, f.required, f.items) for f in rent] == [("business.scope", True, ("A", "B"))]


def test_fields_keep_a_stable_order_and_follow_the_situation(package):
    assert keys(package.fields({}, {})) == [
        "applicant.name", "applicant.id_type", "applicant.id_number", "applicant.mobile",
        "business.scope"]
    assert keys(package.fields({"q_agent": "agent", "q_site": "own"}, {})) == [
        "applicant.name", "applicant.id_type", "applicant.id_number", "applicant.mobile",
        "agent.name", "agent.id_type", "agent.id_number", "business.scope", "business.capital"]


def test_the_document_type_of_an_id_number_is_added_when_no_item_lists_it(package):
    fields = {f.key: f for f in package.fields({"q_agent": "agent"}, {})}
    assert fields["agent.id_type"].required == fields["agent.id_number"].required is True
    assert fields["agent.id_type"].items == ("A",)
    assert package.has_field("agent.id_type")
    assert "agent.id_type" not in keys(package.fields({"q_agent": "self"}, {}))


def test_conditions_on_form_fields_and_stale_form_values():
    a = item("A", questions=(Q_AGENT,), fields=(
        ItemField("agent.id_type", False, when={"q_agent": "agent"}),
        ItemField("agent.id_number", False, when={"q_agent": "agent"})),
        materials=(ItemMaterial("M-HEALTH", Necessity.REQUIRED, when={"field:agent.id_type": "414"}),))
    spec = IntakeSpec.for_item(catalog([a]), "A")
    form = {"agent.id_type": "414"}
    assert [m.id for m in spec.materials({"q_agent": "agent"}, form)] == ["M-HEALTH"]
    # no longer an agent: the stale document type must not decide anything
    assert spec.materials({"q_agent": "self"}, form) == []
    assert spec.form_clean({"q_agent": "self"}, form) == {}
    assert spec.form_clean({"q_agent": "agent"}, form) == form


# -- materials -----------------------------------------------------------------------------

def test_a_shared_material_is_collected_once_with_the_items_it_serves(package):
    merged = package.materials({"q_agent": "self", "q_site": "own"})
    ids = [m.id for m in merged]
    assert ids == ["M-ID", "M-FORM", "M-LEASE", "M-PHOTO", "M-HEALTH"]
    m = by_id(merged)
    assert m["M-ID"].items == ("A", "B")
    assert m["M-FORM"].items == ("A",)
    assert m["M-HEALTH"].items == ("B",)


def test_copies_original_and_audit_points_merge(package):
    m = by_id(package.materials({}))["M-ID"]
    assert m.copies == 2
    assert m.original is Original.KEEP
    assert m.audit_points == ("在有效期内", "人证一致")
    assert by_id(package.materials({}))["M-PHOTO"].copies == 3


def test_strictest_necessity_among_applicable_entries_only():
    a = item("A", questions=(Q_SITE,), materials=(
        ItemMaterial("M-LEASE", Necessity.REQUIRED, copies=4, original=Original.KEEP,
                     audit_points=("租期一年以上",), when={"q_site": "rent"}),))
    b = item("B", materials=(ItemMaterial("M-LEASE", Necessity.OPTIONAL),))
    spec = IntakeSpec.for_package(catalog([a, b], [Package("P", "包", ("A", "B"))]), "P")
    own = by_id(spec.materials({"q_site": "own"}))["M-LEASE"]
    assert (own.necessity, own.copies, own.original, own.audit_points, own.items) == \
        (Necessity.OPTIONAL, 1, Original.NONE, (), ("B",))
    rent = by_id(spec.materials({"q_site": "rent"}))["M-LEASE"]
    assert (rent.necessity, rent.copies, rent.original, rent.audit_points, rent.items) == \
        (Necessity.REQUIRED, 4, Original.KEEP, ("租期一年以上",), ("A", "B"))


def test_tolerable_beats_optional():
    a = item("A", materials=(ItemMaterial("M-HEALTH", Necessity.OPTIONAL),))
    b = item("B", materials=(ItemMaterial("M-HEALTH", Necessity.TOLERABLE, supplement_limit=wd(5)),))
    spec = IntakeSpec.for_package(catalog([a, b], [Package("P", "包", ("A", "B"))]), "P")
    m = spec.materials({})[0]
    assert m.necessity is Necessity.TOLERABLE and m.supplement_limit == wd(5)


def test_shortest_supplement_limit_of_tolerable_entries():
    a = item("A", materials=(ItemMaterial("M-HEALTH", Necessity.TOLERABLE, supplement_limit=wd(5)),))
    b = item("B", materials=(ItemMaterial("M-HEALTH", Necessity.TOLERABLE, supplement_limit=nd(5)),))
    c = item("C", materials=(ItemMaterial("M-HEALTH", Necessity.TOLERABLE,
                                          supplement_limit=Limit(48, LimitUnit.NH)),))
    cat = catalog([a, b, c], [Package("AB", "包", ("A", "B")), Package("ABC", "包", ("A", "B", "C"))])
    assert IntakeSpec.for_package(cat, "AB").materials({})[0].supplement_limit == nd(5)
    assert IntakeSpec.for_package(cat, "ABC").materials({})[0].supplement_limit == \
        Limit(48, LimitUnit.NH)


def test_a_required_material_has_no_supplement_limit():
    a = item("A", materials=(ItemMaterial("M-HEALTH", Necessity.TOLERABLE, supplement_limit=wd(5)),))
    b = item("B", materials=(ItemMaterial("M-HEALTH", Necessity.REQUIRED),))
    spec = IntakeSpec.for_package(catalog([a, b], [Package("P", "包", ("A", "B"))]), "P")
    m = spec.materials({})[0]
    assert m.necessity is Necessity.REQUIRED and m.supplement_limit is None


def test_a_material_applies_through_another_items_entry(package):
    # A wants the lease only when rented; B (optionally) when owned
    own = by_id(package.materials({"q_site": "own"}))["M-LEASE"]
    assert own.items == ("B",) and own.necessity is Necessity.OPTIONAL
    rent = by_id(package.materials({"q_site": "rent"}))["M-LEASE"]
    assert rent.items == ("A",) and rent.necessity is Necessity.TOLERABLE
    assert rent.supplement_limit == wd(5)
    assert "M-LEASE" not in by_id(package.materials({}))


def test_conditional_material_of_a_single_item(cat):
    spec = IntakeSpec.for_item(cat, "A")
    assert "M-AGENT" not in by_id(spec.materials({"q_agent": "self"}))
    assert by_id(spec.materials({"q_agent": "agent"}))["M-AGENT"].necessity is Necessity.REQUIRED


def test_all_materials_lists_every_possible_material_with_its_conditions(package):
    rows = {m.id: conds for m, conds in package.all_materials()}
    assert set(rows) == {"M-ID", "M-FORM", "M-AGENT", "M-LEASE", "M-HEALTH", "M-PHOTO"}
    assert rows["M-LEASE"] == (MaterialCondition("A", {"q_site": "rent"}),
                               MaterialCondition("B", {"q_site": "own"}))
    assert rows["M-ID"] == (MaterialCondition("A", None), MaterialCondition("B", None))
    strictest = {m.id: m for m, _ in package.all_materials()}["M-LEASE"]
    assert strictest.necessity is Necessity.TOLERABLE and strictest.items == ("A", "B")


def test_describe_condition_in_chinese(package):
    assert package.describe_condition(None) == "所有情形"
    assert package.describe_condition({"q_site": "rent"}) == "经营场所是否自有？：租赁"
    text = package.describe_condition({"any": [{"q_site": ["rent", "own"]}, {"not": {"q_agent": "self"}}]})
    assert "租赁/自有" in text and "非（是否委托代理人办理？：本人办理）" in text and " 或 " in text
    assert "证件类型：普通护照" == package.describe_condition({"field:applicant.id_type": "414"})


# -- invariants ----------------------------------------------------------------------------

QUESTIONS = (
    Question("q1", "问一", (Choice("a", "甲"), Choice("b", "乙"))),
    Question("q2", "问二", (Choice("x", "X"), Choice("y", "Y"), Choice("z", "Z"))),
)
WHENS = st.one_of(st.none(), st.sampled_from([{"q1": "a"}, {"q1": "b"}, {"q2": ["x", "y"]},
                                              {"not": {"q2": "z"}},
                                              {"all": [{"q1": "a"}, {"q2": "x"}]}]))
ENTRIES = st.builds(
    lambda mat, nec, copies, orig, when, audit, lim: ItemMaterial(
        mat, nec, copies=copies, original=orig, when=when, audit_points=tuple(audit),
        supplement_limit=wd(lim) if nec is Necessity.TOLERABLE else None),
    st.sampled_from([m.id for m in MATERIALS[:4]]), st.sampled_from(list(Necessity)),
    st.integers(1, 4), st.sampled_from(list(Original)), WHENS,
    st.lists(st.sampled_from(["甲", "乙", "丙"]), max_size=2), st.integers(1, 9))
ANSWERS = st.fixed_dictionaries({}, optional={"q1": st.sampled_from(["a", "b", "c"]),
                                              "q2": st.sampled_from(["x", "y", "z"])})


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.lists(ENTRIES, max_size=5), min_size=2, max_size=3), answers=ANSWERS)
def test_merge_invariants(entries, answers):
    items = [item(f"I{n}", questions=QUESTIONS, materials=es) for n, es in enumerate(entries)]
    codes = tuple(i.code for i in items)
    spec = IntakeSpec.for_package(catalog(items, [Package("P", "包", codes)]), "P")
    clean = {k: v for k, v in answers.items() if v != "c"}
    assert spec.answers_clean(answers) == clean
    merged = spec.materials(answers)
    ids = [m.id for m in merged]
    assert len(ids) == len(set(ids))  # each material exactly once
    applicable: dict[str, list] = {}
    for it in items:
        for e in it.materials:
            if holds(e.when, clean):
                applicable.setdefault(e.material, []).append((it.code, e))
    assert set(ids) == set(applicable)
    for m in merged:
        es = [e for _, e in applicable[m.id]]
        assert m.necessity.rank == max(e.necessity.rank for e in es)
        assert m.copies == max(e.copies for e in es)
        assert m.original.rank == max(e.original.rank for e in es)
        assert set(m.audit_points) == {p for e in es for p in e.audit_points}
        assert len(m.audit_points) == len(set(m.audit_points))
        assert m.items == tuple(dict.fromkeys(code for code, _ in applicable[m.id]))
        if m.necessity is Necessity.TOLERABLE:
            assert m.supplement_limit == min((e.supplement_limit for e in es
                                              if e.necessity is Necessity.TOLERABLE),
                                             key=Limit.approx_hours)
        else:
            assert m.supplement_limit is None


CHAIN = (
    Question("c1", "一", (Choice("a", "甲"), Choice("b", "乙"))),
    Question("c2", "二", (Choice("a", "甲"), Choice("b", "乙")), when={"c1": "a"}),
    Question("c3", "三", (Choice("a", "甲"), Choice("b", "乙")), when={"not": {"c2": "a"}}),
    Question("c4", "四", (Choice("a", "甲"), Choice("b", "乙")),
             when={"any": [{"c3": "b"}, {"c1": "b"}]}),
)


@settings(max_examples=150, deadline=None)
@given(answers=st.fixed_dictionaries({}, optional={q.id: st.sampled_from(["a", "b"]) for q in CHAIN}))
def test_answers_clean_is_a_fixed_point(answers):
    spec = IntakeSpec.for_item(catalog([item("A", questions=CHAIN)]), "A")
    clean = spec.answers_clean(answers)
    assert spec.answers_clean(clean) == clean
    asked = {q.id for q in spec.questions(answers)}
    assert set(clean) <= asked  # every answer that counts belongs to a question asked now
    assert {q.id for q in spec.questions(clean)} == asked


def test_the_document_type_follows_its_number_even_when_its_own_entry_does_not_apply():
    a = item("A", questions=(Q_SITE,), fields=(ItemField("agent.id_type", False, when={"q_site": "rent"}),))
    b = item("B", fields=(ItemField("agent.id_number", True),))
    spec = IntakeSpec.for_package(catalog([a, b], [Package("P", "包", ("A", "B"))]), "P")
    own = {f.key: f for f in spec.fields({"q_site": "own"}, {})}
    assert list(own) == ["agent.id_type", "agent.id_number"]
    assert (own["agent.id_type"].required, own["agent.id_type"].items) == (True, ("B",))
    rent = {f.key: f for f in spec.fields({"q_site": "rent"}, {})}
    assert (rent["agent.id_type"].required, rent["agent.id_type"].items) == (False, ("A",))
    assert spec.form_clean({"q_site": "own"}, {"agent.id_type": "414"}) == {"agent.id_type": "414"}
