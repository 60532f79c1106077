"""Wording of conditions and the checklist rows of the guide (ui.guide)."""

from __future__ import annotations

import json

import pytest

from counter.catalog.loader import load_catalog
from counter.catalog.model import Choice, Field, Necessity, Original, Question
from counter.intake.merge import IntakeSpec
from tests.ui.conftest import ITEM_CODE, PACKAGE_ID, TAX_CODE, mini_catalog
from ui import guide
from ui.guide import ConditionText


@pytest.fixture
def catalog():
    return load_catalog(json.dumps(mini_catalog(), ensure_ascii=False).encode("utf-8"))


@pytest.fixture
def words():
    questions = {
        "q_agent": Question("q_agent", "是否委托代理人办理？",
                            (Choice("self", "本人办理"), Choice("agent", "委托代理人"))),
        "q_size": Question("q_size", "企业规模", (Choice("small", "小型"), Choice("micro", "微型"),
                                                  Choice("large", "大型"))),
    }
    fields = {"biz.kind": Field("biz.kind", "经营类别", "choice",
                                (Choice("food", "餐饮"), Choice("retail", "零售")))}
    return ConditionText(questions, fields)


def test_equality_uses_question_text_and_option_label(words):
    assert words.when({"q_agent": "agent"}) == "当「是否委托代理人办理」为「委托代理人」时"


def test_no_condition_is_every_situation(words):
    assert words.when(None) == "所有情形"


def test_one_of(words):
    assert words.when({"q_size": ["small", "micro"]}) == "当「企业规模」为「小型」或「微型」时"


def test_all_any_not_and_fields(words):
    text = words.when({"all": [{"q_agent": "agent"},
                               {"any": [{"q_size": "large"}, {"field:biz.kind": "food"}]}]})
    assert text == ("当「是否委托代理人办理」为「委托代理人」且（「企业规模」为「大型」"
                    "或「经营类别」为「餐饮」）时")
    assert words.when({"not": {"q_agent": "agent"}}) == "当「是否委托代理人办理」不为「委托代理人」时"
    assert words.when({"not": {"all": [{"q_agent": "agent"}, {"q_size": "large"}]}}) == (
        "当并非（「是否委托代理人办理」为「委托代理人」且「企业规模」为「大型」）时")


def test_conditional_question_note(words):
    assert words.ask_only_when({"q_agent": "agent"}) == "仅当「是否委托代理人办理」为「委托代理人」时询问"


def test_package_checklist_merges_each_material_once(catalog):
    rows = guide.checklist(IntakeSpec.for_package(catalog, PACKAGE_ID))
    by_id = {r.material.id: r for r in rows}
    assert len(rows) == len(by_id) == 5
    id_card = by_id["M-ID-CARD"]
    assert [i.code for i in id_card.items] == [ITEM_CODE, TAX_CODE]
    assert id_card.merged.copies == 2  # the largest
    assert id_card.merged.original is Original.CHECK
    assert id_card.merged.audit_points == ("证件在有效期内", "复印件与原件一致")  # union
    agent = by_id["M-AGENT"]
    assert agent.merged.necessity is Necessity.REQUIRED  # required > optional
    assert not agent.always
    words = ConditionText.for_items(catalog, [catalog.item(ITEM_CODE), catalog.item(TAX_CODE)])
    assert guide.applies_text(agent, words, name_items=True) == \
        "当「是否委托代理人办理」为「委托代理人」时"  # same condition in both items: said once
    assert guide.applies_text(id_card, words, name_items=True) == "所有情形"


def test_merged_fields_required_if_any_item_requires(catalog):
    items = [catalog.item(ITEM_CODE), catalog.item(TAX_CODE)]
    fields = {f.field.key: f for f in guide.merged_fields(catalog, items)}
    assert fields["applicant.mobile"].required  # required in the first, optional in the second
    assert [i.code for i, _w in fields["applicant.name"].conditions] == [ITEM_CODE, TAX_CODE]


def test_merged_questions_are_asked_once(catalog):
    questions = guide.merged_questions([catalog.item(ITEM_CODE), catalog.item(TAX_CODE)])
    assert [q.question.id for q in questions] == ["q_agent", "q_agent_id"]
    assert len(questions[0].items) == 2
