"""The window's role-dependent parts follow 切换用户 (pytest-qt, :func:`ui.app.open_desk` as
``python main.py`` runs it): the administration pages, 同步设置, the supervisors' screens and
the items greyed for bank staff — and the 采集设备设置 page applies to the intake screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counter.clock import FixedClock
from bootstrap import QtDevices
from tests.store.access import ADMIN, BANK, CLERK, SUPERVISOR, access_context
from tests.ui.test_admin_capture import saved
from tests.unit.cases.helpers import CARD, SEAL, T0, make_template
from ui.app import open_desk
from ui.drafts import DraftsDialog
from ui.login import LoginDialog

ADMIN_SCREENS = ("admin.users", "admin.site", "admin.capture")
SUPERVISOR_SCREENS = ("tolerance_queue", "tolerance_deadlines")


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    """A store with an administrator, a clerk, a supervisor and bank staff; nobody logged in."""
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


def when_login(who, skip=None):
    """Fill the next login dialog (shown with ``exec()``) with ``who``'s credentials."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog) or dialog is skip or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        dialog.user_id_edit.setText(who[0])
        dialog.password_edit.setText(who[2])
        dialog.ok_button.click()
    QTimer.singleShot(0, poll)


@pytest.fixture
def desk(qtbot, cx):
    when_login(CLERK)
    d = open_desk(cx)
    assert d is not None
    qtbot.addWidget(d.window)
    d.window.show()
    qtbot.waitExposed(d.window)
    yield d
    d.close()


def switch_to(qtbot, desk, who) -> None:
    """文件 → 锁定屏幕, then 切换用户 as ``who``."""
    desk.window.lock_action.trigger()
    screen = desk.lock.screen
    when_login(who, skip=screen)
    with qtbot.waitSignal(desk.lock.switched, timeout=5000):
        screen.switch_button.click()
    assert desk.session.user_id == who[0]
    for dialog in QApplication.topLevelWidgets():  # drafts left here, offered to the new user
        if isinstance(dialog, DraftsDialog) and dialog.isVisible():
            dialog.reject()


def view_entries(window) -> dict[str, tuple[bool, bool]]:
    """视图 menu: screen id → (visible, enabled)."""
    return {a.data(): (a.isVisible(), a.isEnabled()) for a in window._view_menu.actions()
            if a.data()}


def offered(window, key) -> bool:
    browser = window.catalog_browser
    browser.search_box.setText(key[:12])
    return {browser.model.entry(r).key: browser.model.entry(r).offered
            for r in range(browser.model.rowCount())}[key]


def assert_role(window, *, admin: bool, supervisor: bool, bank: bool = False) -> None:
    entries = view_entries(window)
    for sid in ADMIN_SCREENS:
        assert window.screen_available(sid) is admin, sid
        assert entries.get(sid, (False, False)) == (admin, admin), sid
    for sid in SUPERVISOR_SCREENS:
        assert window.screen_available(sid) is supervisor, sid
        assert entries.get(sid, (False, False)) == (supervisor, supervisor), sid
    sync = window.sync_desk
    assert sync.settings_action.isEnabled() is admin  # without opening the 同步 menu
    assert ("仅管理员" in sync.settings_action.statusTip()) is not admin
    assert offered(window, CARD)  # delegated to bank points
    assert offered(window, SEAL) is not bank  # hall only: greyed for bank staff
    for sid in ADMIN_SCREENS + SUPERVISOR_SCREENS:  # what is not available cannot be shown
        if not window.screen_available(sid) and window.has_screen(sid):
            window.show_screen(sid)
            assert window.current_screen() is window.catalog_browser


def test_the_window_follows_switch_user(qtbot, desk):
    window = desk.window
    assert_role(window, admin=False, supervisor=False)
    assert window.capture_page is None  # never built for a clerk

    switch_to(qtbot, desk, ADMIN)
    assert_role(window, admin=True, supervisor=False)
    window.show_screen("admin.capture")
    assert window.current_screen() is window.capture_page

    switch_to(qtbot, desk, SUPERVISOR)
    assert window.current_screen() is window.catalog_browser  # the admin page was left
    assert_role(window, admin=False, supervisor=True)
    window.show_screen("tolerance_queue")
    assert window.current_screen() is window.desk.tolerance.queue

    switch_to(qtbot, desk, CLERK)
    assert_role(window, admin=False, supervisor=False)

    switch_to(qtbot, desk, BANK)
    assert_role(window, admin=False, supervisor=False, bank=True)


def test_a_supervisors_dialog_is_closed_for_the_next_user(qtbot, desk):
    switch_to(qtbot, desk, SUPERVISOR)
    queue = desk.window.desk.tolerance.queue
    from ui.tolerance.deadlines import TerminateDialog

    dialog = TerminateDialog("14080200120261120A0001", "—", desk.window.desk.tolerance.deadlines)
    qtbot.addWidget(dialog)
    desk.window.desk.tolerance.deadlines.dialog = dialog
    dialog.open()
    switch_to(qtbot, desk, CLERK)
    assert not dialog.isVisible() and desk.window.desk.tolerance.deadlines.dialog is None
    assert queue.dialog is None


def test_an_open_sync_settings_dialog_is_closed_for_a_clerk(qtbot, desk):
    switch_to(qtbot, desk, ADMIN)
    dialog = desk.window.sync_desk.settings()
    assert dialog is not None and dialog.isVisible()
    switch_to(qtbot, desk, CLERK)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: desk.window.sync_desk.dialog is None, timeout=3000)


def test_saved_capture_settings_apply_to_the_intake_screen_at_once(qtbot, desk, tmp_path):
    switch_to(qtbot, desk, ADMIN)
    window = desk.window
    screen = window.desk.intake_screen
    assert screen.hot_folder is None
    page = window.show_screen("admin.capture")
    folder = tmp_path / "高拍仪"
    folder.mkdir()
    page.hot_folder.setText(str(folder))
    page.url.setText("ws://127.0.0.1:9000")
    assert saved(qtbot, page)
    assert screen.hot_folder is not None and screen.hot_folder.is_active()
    assert str(screen.hot_folder.folder.folder) == str(folder)
    first = screen.hot_folder

    page.hot_folder.clear()
    assert saved(qtbot, page)
    assert screen.hot_folder is None and not first.is_active()
