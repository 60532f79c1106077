"""The catalog browser screen: per-keystroke search, keyboard, the guide of the selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import commit_text
from ui.catalog_browser import CatalogBrowser

GTGSH = "个体工商户设立登记"


@pytest.fixture
def browser(qtbot, ctx):
    widget = CatalogBrowser(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.index_ready, timeout=10_000):
        widget.warm_up()
    return widget


def names(browser) -> list[str]:
    return [browser.model.entry(r).name for r in range(browser.model.rowCount())]


def test_empty_box_lists_the_catalog_packages_first(browser, ctx):
    catalog = ctx.catalog.active()
    assert browser.model.rowCount() == len(catalog.items) + len(catalog.packages)
    assert browser.model.entry(0).is_package
    assert "目录共" in browser.count_label.text()
    assert browser.search_box.placeholderText() == "输入事项名称、拼音首字母或编码…"


def test_pinyin_initials_find_the_item_and_enter_shows_its_materials(qtbot, browser, ctx):
    qtbot.keyClicks(browser.search_box, "gtgsh")
    assert names(browser)[0] == GTGSH
    assert browser.count_label.text().startswith("找到")
    with qtbot.waitSignal(browser.opened) as opened:
        qtbot.keyClick(browser.search_box, Qt.Key.Key_Return)
    code = opened.args[1]
    assert opened.args[0] == "item"
    item = ctx.catalog.active().item(code)
    assert item.name == GTGSH
    assert browser.item_view.current == ("item", code)
    text = browser.item_view.text()
    for entry in item.materials:
        assert ctx.catalog.active().material(entry.material).name in text
    assert "申请材料" in text and "审核要点" in text and "适用情形" in text
    assert ctx.catalog.search_index().usage(code) == 0  # the intake it starts counts the use


def test_chinese_input_method_finds_items(qtbot, browser):
    commit_text(browser.search_box, "个体")
    assert browser.search_box.text() == "个体"
    assert GTGSH in names(browser)
    first = browser.model.entry(0)
    qtbot.waitUntil(lambda: browser.item_view.current == (first.kind, first.key))  # guide follows


def test_down_up_move_in_the_list_and_the_guide_follows(qtbot, browser):
    qtbot.keyClicks(browser.search_box, "dj")  # 登记: several results
    assert browser.model.rowCount() >= 2
    assert browser.results.currentIndex().row() == 0
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Down)
    assert browser.results.currentIndex().row() == 1
    second = browser.model.entry(1)
    qtbot.waitUntil(lambda: browser.item_view.current == (second.kind, second.key))
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Up)
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Up)  # stays on the first row
    assert browser.results.currentIndex().row() == 0
    assert browser.search_box.text() == "dj"  # arrows never reach the text


def test_escape_clears_the_search(qtbot, browser, ctx):
    qtbot.keyClicks(browser.search_box, "gtgsh")
    qtbot.keyClick(browser.search_box, Qt.Key.Key_Escape)
    assert browser.search_box.text() == ""
    catalog = ctx.catalog.active()
    assert browser.model.rowCount() == len(catalog.items) + len(catalog.packages)


def test_no_result_says_so(qtbot, browser):
    qtbot.keyClicks(browser.search_box, "zzzzqqq")
    assert browser.model.rowCount() == 0
    assert "没有找到" in browser.count_label.text()
    assert browser.item_view.current is None


def test_package_is_tagged_and_shows_merged_materials_with_their_items(qtbot, browser, ctx):
    commit_text(browser.search_box, "开餐馆")
    first = browser.model.entry(0)
    assert first.is_package and first.name == "开餐馆一件事"
    browser.open_current()
    assert browser.item_view.current == ("package", first.key)
    catalog = ctx.catalog.active()
    items = catalog.package_items(first.key)
    rows = browser.item_view.checklist
    ids = [r.material.id for r in rows]
    assert len(ids) == len(set(ids))  # each material once
    assert set(ids) == {m.material for i in items for m in i.materials}
    shared = [r for r in rows if len(r.items) == 2]
    assert shared, "the two items share some material"
    text = browser.item_view.text()
    assert "所属事项" in text
    for item in items:
        assert item.name in text
    assert ctx.catalog.search_index().usage("pkg:" + first.key) == 0  # counted by the intake


def test_bank_point_items_are_marked(qtbot, browser, ctx):
    qtbot.keyClicks(browser.search_box, "gtgsh")
    entry = browser.model.entry(0)
    assert entry.bank_point == ctx.catalog.active().item(entry.key).bank_point is True


def test_double_click_opens(qtbot, browser):
    qtbot.keyClicks(browser.search_box, "dj")
    index = browser.model.index(1, 0)
    rect = browser.results.visualRect(index)
    qtbot.mouseClick(browser.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    entry = browser.model.entry(1)
    qtbot.waitUntil(lambda: browser.item_view.current == (entry.kind, entry.key))  # a click shows it
    with qtbot.waitSignal(browser.opened) as opened:
        qtbot.mouseDClick(browser.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args[1] == browser.model.entry(1).key
