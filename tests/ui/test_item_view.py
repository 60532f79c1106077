"""The guide of an item or a package (ui.item_view) on a small catalog of our own."""

from __future__ import annotations

import pytest

from counter.errors import NotFound
from tests.ui.conftest import ITEM_CODE, PACKAGE_ID, TAX_CODE
from ui.item_view import ItemView

AGENT_WHEN = "当「是否委托代理人办理」为「委托代理人」时"


@pytest.fixture
def view(qtbot, mini_ctx):
    v = ItemView(mini_ctx.catalog)
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    return v


def lines(view: ItemView) -> list[str]:
    return [line.strip() for line in view.text().splitlines() if line.strip()]


def test_item_facts(qtbot, view):
    with qtbot.waitSignal(view.shown) as shown:
        view.show_item(ITEM_CODE)
    assert shown.args == ["item", ITEM_CODE]
    text = view.text()
    for label, value in [("实施部门", "区市场监督管理局"), ("事项类型", "行政确认"),
                         ("办件类型", "承诺件"), ("法定时限", "15个工作日"), ("承诺时限", "3个工作日"),
                         ("收费", "不收费"), ("可在政银合作点办理", "是"), ("容缺受理", "可容缺受理")]:
        assert label in text and value in text


def test_item_questions_with_options_and_the_conditional_one_marked(view):
    view.show_item(ITEM_CODE)
    text = lines(view)
    assert "1. 是否委托代理人办理" in text
    assert "2. 代理人是否持有居民身份证" in text
    assert "仅当「是否委托代理人办理」为「委托代理人」时询问" in text
    assert any("本人办理" in line and "委托代理人" in line for line in text)


def test_item_checklist_table(view):
    view.show_item(ITEM_CODE)
    text = lines(view)
    for header in ("材料名称", "必要性", "份数", "原件", "审核要点", "适用情形"):
        assert header in text
    assert "委托书及代理人身份证件" in text
    assert AGENT_WHEN in text
    assert "容缺后补" in text and "3个工作日内补交" in text
    assert "• 申请人签字" in text
    assert [r.material.id for r in view.checklist] == ["M-APPLY", "M-ID-CARD", "M-AGENT", "M-PREMISES"]


def test_item_fields(view):
    view.show_item(ITEM_CODE)
    text = lines(view)
    for label in ("申请人姓名", "证件号码", "代理人姓名", "经营范围"):
        assert label in text
    assert "多行文本" in text and "手机号码" in text


def test_package_items_limit_and_merged_checklist(view):
    view.show_package(PACKAGE_ID)
    text = view.text()
    assert "个体工商户开业一件事" in text
    assert "按最长承诺时限（3个工作日）" in text
    assert "区市场监督管理局" in text and "区税务局" in text
    assert "所属事项" in text
    rows = {r.material.id: r for r in view.checklist}
    assert list(rows) == ["M-APPLY", "M-ID-CARD", "M-AGENT", "M-PREMISES", "M-TAX-FORM"]
    assert [i.code for i in rows["M-ID-CARD"].items] == [ITEM_CODE, TAX_CODE]
    assert rows["M-ID-CARD"].merged.copies == 2
    assert text.count("申请人身份证件") == 1  # each material once


def test_unknown_keys_are_not_found(view):
    with pytest.raises(NotFound):
        view.show_item("NOPE")
    with pytest.raises(NotFound):
        view.show_package("NOPE")


def test_clear_shows_the_hint(view):
    view.show_item(ITEM_CODE)
    view.clear()
    assert view.current is None and view.checklist == []
    assert "拼音首字母" in view.text()
