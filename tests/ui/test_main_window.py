"""The main window: title, status bar, menus and shortcuts, screens, the English translation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import i18n
from ui.catalog_browser import CatalogBrowser
from ui.main_window import MainWindow
from ui.screen import Screen


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_title_and_status_bar(window, ctx):
    catalog = ctx.catalog.active()
    # who is logged in, in which role (their first of 首席代表, 综窗人员, 网点人员, 管理员)
    assert window.windowTitle() == f"综窗受理台 — 窗口甲（u0001，综窗人员） — {catalog.region_name}"
    assert window.catalog_label.text() == f"目录版本：{catalog.catalog_version}"
    assert str(ctx.data_dir) in window.data_dir_label.text()


def test_menus_and_shortcuts(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "同步(&Y)", "帮助(&H)"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.find_action.shortcut().toString() == "Ctrl+F"


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.catalog_browser.item_view.browser.setFocus()
    window.catalog_browser.search_box.setText("gtgsh")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.catalog_browser.search_box.hasFocus)
    assert window.catalog_browser.search_box.selectedText() == "gtgsh"


def test_ctrl_q_closes(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_about_names_the_version_and_the_font_licence(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window.about_action.trigger()
    title, text = shown[0]
    assert title == "关于综窗受理台"
    assert "版本 0." in text and "文泉驿微米黑" in text and "Apache License 2.0" in text


class _DummyScreen(Screen):
    screen_id = "dummy"

    def title(self) -> str:
        return "示例"


def test_adding_a_screen_adds_navigation(qtbot, window):
    dummy = _DummyScreen()
    window.add_screen(dummy)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "视图(&V)")
    actions = view_menu.actions()
    # the logged-in user is also an administrator: 用户管理, 站点设置 and 采集设备设置 are there
    assert [a.text() for a in actions] == ["事项查询", "受理", "办件查询", "用户管理", "站点设置",
                                           "采集设备设置", "示例"]
    assert actions[6].shortcut().toString() == "Ctrl+7"
    actions[6].trigger()
    assert window.current_screen() is dummy
    window.find_action.trigger()  # Ctrl+F goes back to the catalog browser
    assert isinstance(window.current_screen(), CatalogBrowser)
    assert actions[0].isChecked() and not actions[6].isChecked()


def test_english_translation(qtbot, ctx):
    app = QApplication.instance()
    translators = i18n.install_translators(app, "en")
    try:
        assert translators, "resources/i18n/counter_en.qm is loaded"
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        catalog = ctx.catalog.active()
        assert w.windowTitle() == f"Counter Desk — 窗口甲 (u0001, 综窗人员) — {catalog.region_name}"
        assert [a.text() for a in w.menuBar().actions()] == ["&File", "&Edit", "&View", "S&ync", "&Help"]  # 同步(&Y): Alt+S is 保存
        assert w.quit_action.text() == "E&xit"
        browser = w.catalog_browser
        assert browser.search_box.placeholderText() == "Type an item name, pinyin initials or code…"
        assert browser.title() == "Find items"
        assert w.catalog_label.text() == f"Catalog version: {catalog.catalog_version}"
        browser.search_box.setText("gtgsh")
        qtbot.waitUntil(lambda: browser.item_view.current is not None)
        text = browser.item_view.text()
        assert "Materials" in text and "Audit points" in text and "Required" in text
    finally:
        i18n.remove_translators(app, translators)
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    assert w2.windowTitle().startswith("综窗受理台")
