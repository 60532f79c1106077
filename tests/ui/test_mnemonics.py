"""No two actions of one window share a mnemonic (Alt+letter), and the screens' Ctrl+digit
keys do not change with 切换用户.

A mnemonic clash makes Alt+letter do the wrong thing or nothing: on 站点设置, Alt+S went to the
同步(&S) menu and 保存(&S) saved nothing. The walk covers the main window with its menus for
every role (each screen the role may use, the intake screen with an intake on it) and the
dialogs that can be built on their own.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractButton, QGroupBox, QLabel, QMainWindow, QMenu,
                               QWidget)

from tests.store.access import ADMIN, CLERK, SUPERVISOR
from tests.ui.test_dialog_sizes import NAMES as DIALOGS
from tests.ui.test_admin_roles import cx, desk, switch_to, template, when_login  # noqa: F401
from tests.unit.cases.helpers import CARD
from ui.app import open_desk

__all__ = ["mnemonic_clashes"]


def _key(text: str) -> str | None:
    seq = QKeySequence.mnemonic(text)
    return None if seq.isEmpty() else seq.toString()


def _menu_clashes(menu: QMenu, where: str) -> list[str]:
    """Clashes among the entries of one menu (their letters act while it is open)."""
    seen: dict[str, list[str]] = defaultdict(list)
    out = []
    for action in menu.actions():
        key = _key(action.text()) if action.isVisible() else None
        if key:
            seen[key].append(action.text())
        if action.menu() is not None and action.isVisible():
            out += _menu_clashes(action.menu(), f"{where} → {action.text()}")
    out += [f"{where}: {k} for {', '.join(v)}" for k, v in seen.items() if len(v) > 1]
    return out


def mnemonic_clashes(window: QWidget) -> list[str]:
    """The Alt+letter keys that more than one visible control of ``window`` claims: menu bar
    titles, buttons, check boxes, group boxes and labels with a buddy; then each menu's own."""
    seen: dict[str, list[str]] = defaultdict(list)
    out: list[str] = []

    def add(text: str) -> None:
        key = _key(text)
        if key:
            seen[key].append(text)

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text())
                if action.menu() is not None:
                    out += _menu_clashes(action.menu(), action.text())
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
    out += [f"{window.windowTitle()}: {k} for {', '.join(v)}" for k, v in seen.items()
            if len(v) > 1]
    return out


def shortcuts(window) -> dict[str, str]:
    """视图 menu: screen id → its Ctrl+digit, for the screens the user may use."""
    return {a.data(): a.shortcut().toString() for a in window._view_menu.actions()
            if a.data() and a.isVisible()}


def walk_screens(window) -> list[str]:
    out = []
    for action in list(window._view_menu.actions()):
        if not action.isVisible():
            continue
        window.show_screen(action.data())
        out += [f"[{action.data()}] {c}" for c in mnemonic_clashes(window)]
    return out


def test_no_mnemonic_clash_in_the_main_window_for_any_role(qtbot, desk):
    window = desk.window
    problems = walk_screens(window)
    window.desk.start_intake("item", CARD)
    problems += [f"[intake with an item] {c}" for c in mnemonic_clashes(window)]
    for who in (ADMIN, SUPERVISOR, CLERK):
        switch_to(qtbot, desk, who)
        problems += [f"{who[0]} {p}" for p in walk_screens(window)]
    assert not problems, "\n".join(problems)


def test_alt_s_saves_the_site_settings(qtbot, desk):
    switch_to(qtbot, desk, ADMIN)
    window = desk.window
    page = window.show_screen("admin.site")
    assert _key(page.save_button.text()) == "Alt+S"
    owners = [a.text() for a in window.menuBar().actions() if _key(a.text()) == "Alt+S"]
    assert owners == []


def test_screen_keys_stay_the_same_after_switch_user(qtbot, desk):
    window = desk.window
    clerk = shortcuts(window)
    assert clerk == {"catalog": "Ctrl+1", "intake": "Ctrl+2", "case": "Ctrl+3"}
    switch_to(qtbot, desk, ADMIN)
    assert shortcuts(window) == {**clerk, "admin.users": "Ctrl+4", "admin.site": "Ctrl+5",
                                 "admin.capture": "Ctrl+6"}
    switch_to(qtbot, desk, SUPERVISOR)
    supervisor = shortcuts(window)
    assert supervisor == {**clerk, "tolerance_queue": "Ctrl+4", "tolerance_deadlines": "Ctrl+5"}
    switch_to(qtbot, desk, CLERK)
    assert shortcuts(window) == clerk
    switch_to(qtbot, desk, ADMIN)
    assert shortcuts(window)["admin.users"] == "Ctrl+4"


def test_a_supervisor_first_gets_the_same_keys(qtbot, cx):  # noqa: F811
    when_login(SUPERVISOR)
    d = open_desk(cx)
    qtbot.addWidget(d.window)
    try:
        assert shortcuts(d.window) == {"catalog": "Ctrl+1", "intake": "Ctrl+2", "case": "Ctrl+3",
                                       "tolerance_queue": "Ctrl+4",
                                       "tolerance_deadlines": "Ctrl+5"}
    finally:
        d.close()


@pytest.mark.parametrize("name", DIALOGS)
def test_no_mnemonic_clash_in_a_dialog(qtbot, ctx, name):
    from tests.ui.conftest import USER
    from tests.ui.test_dialog_sizes import build

    session = ctx.users.login(USER[0], USER[2])
    dialog = build(name, ctx, session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not mnemonic_clashes(dialog)


def test_the_lock_screen_has_no_mnemonic_clash(qtbot, ctx):
    from tests.ui.conftest import USER
    from ui.lock import LockScreen

    session = ctx.users.login(USER[0], USER[2])
    screen = LockScreen(ctx.users, session)
    qtbot.addWidget(screen)
    screen.show()
    try:
        assert not mnemonic_clashes(screen)
    finally:
        screen._finish()  # it closes only after an unlock
