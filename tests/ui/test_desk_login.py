"""Start-up with login, the idle lock over the main window, 切换用户, and what the window shows
to whom (pytest-qt, :func:`ui.app.open_desk` as ``python main.py`` runs it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from counter.clock import FixedClock
from counter.permissions import HALL_ONLY, PermissionDenied
from counter.identity import SiteProfile
from bootstrap import QtDevices
from tests.store.access import ADMIN, BANK, CLERK, SUPERVISOR, access_context, audit_rows
from tests.ui.conftest import commit_text
from tests.unit.cases.helpers import CARD, SEAL, T0, make_template
from ui.app import open_desk
from ui.login import FirstAdminDialog, LoginDialog


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    """A store with an administrator, a clerk, a supervisor and bank staff; nobody logged in."""
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def empty(template, tmp_path):
    """A store without any user (first start)."""
    c = access_context(template, tmp_path / "empty", FixedClock(T0), people=False,
                       devices=QtDevices)
    yield c
    c.close()


def when_modal(act, kind, skip=None):
    """Run ``act(dialog)`` on the next shown modal dialog of type ``kind`` (for ``exec()``)."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or dialog is skip or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def log_in_as(who, skip=None):
    def fill(dialog):
        dialog.user_id_edit.setText(who[0])
        dialog.password_edit.setText(who[2])
        dialog.ok_button.click()
    when_modal(fill, LoginDialog, skip)


@pytest.fixture
def opened(qtbot):
    """``opened(ctx, who)``: the desk after ``who`` logged in, its window shown; closed after."""
    desks = []

    def open_as(ctx, who):
        log_in_as(who)
        desk = open_desk(ctx)
        assert desk is not None
        qtbot.addWidget(desk.window)
        desk.window.show()
        qtbot.waitExposed(desk.window)
        desks.append(desk)
        return desk

    yield open_as
    for desk in desks:
        desk.close()


def guard(ctx):
    return ctx.permissions.guard


# -- start-up ----------------------------------------------------------------------------------


def test_first_start_asks_for_the_administrator_then_the_next_start_for_a_login(qtbot, empty):
    def create(dialog):
        dialog.user_id_edit.setText("a0009")
        dialog.name_edit.setText("管理员戊")
        dialog.password_edit.setText("First#Admin2026")
        dialog.repeat_edit.setText("First#Admin2026")
        dialog.ok_button.click()

    when_modal(create, FirstAdminDialog)
    desk = open_desk(empty)
    assert desk is not None and desk.session.user_id == "a0009"
    qtbot.addWidget(desk.window)
    assert guard(empty).enforcing and guard(empty).current is desk.session
    assert "管理员戊（a0009，系统管理员）" in desk.window.windowTitle()
    assert desk.window.screen_available("admin.users")
    desk.close()
    assert guard(empty).current is None
    assert [r.action for r in audit_rows(empty)][-1] == "logout"

    log_in_as(("a0009", "", "First#Admin2026"))
    again = open_desk(empty)
    assert again is not None and again.session.user_id == "a0009"
    qtbot.addWidget(again.window)
    again.close()


def test_quitting_at_the_login_starts_nothing(qtbot, cx):
    when_modal(lambda dialog: dialog.cancel_button.click(), LoginDialog)
    assert open_desk(cx) is None
    assert guard(cx).enforcing and guard(cx).current is None


def test_without_login_every_service_call_is_refused(qtbot, cx):
    """``--quit-after`` (benchmarks): no dialog, nobody logged in, the guard enforcing."""
    desk = open_desk(cx, login=False)
    qtbot.addWidget(desk.window)
    assert desk.lock is None and desk.window.lock_action is None
    with pytest.raises(PermissionDenied, match="尚未登录"):
        cx.cases.find("张三", cx.site.get().actor(CLERK[0]))
    desk.close()


# -- the idle lock -----------------------------------------------------------------------------


def test_the_idle_lock_covers_the_window_and_the_password_lifts_it(qtbot, cx, opened):
    desk = opened(cx, CLERK)
    window, lock = desk.window, desk.lock
    assert window.lock_action is lock.lock_action
    assert window.lock_action in window._file_menu.actions()
    assert window.lock_action.shortcut().toString() == "Ctrl+Shift+L"
    clerk = desk.session.actor
    assert cx.cases.find("张三", clerk) == []

    lock.set_minutes(0.002)  # about 0.1 s without input
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    screen = lock.screen
    assert screen.isVisible() and screen.isFullScreen() and screen.isModal()
    assert QApplication.activeModalWidget() is screen
    assert guard(cx).locked
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        cx.cases.find("张三", clerk)
    entry = audit_rows(cx)[-1]
    assert (entry.action, entry.result, entry.user_id) == ("case.view", "refused", CLERK[0])

    lock.set_minutes(10)
    screen.password_edit.setText("wrong#Pass2026")
    screen.unlock_button.click()
    assert lock.is_locked and "工号或密码不正确" in screen.error()
    screen.password_edit.setText(CLERK[2])
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        screen.unlock_button.click()
    assert not lock.is_locked and not guard(cx).locked and lock.watcher.running
    assert cx.cases.find("张三", clerk) == []


def test_a_lock_saves_the_draft_on_screen_first(qtbot, cx, opened):
    desk = opened(cx, CLERK)
    window = desk.window
    window.desk.start_intake("item", CARD)
    screen = window.desk.intake_screen
    intake = screen.intake()
    editor = screen.form.widget("applicant.name").editor()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    commit_text(editor, "赵六")
    assert screen.save_pending()
    window.lock_action.trigger()  # 文件 → 锁定屏幕
    assert desk.lock.is_locked
    assert not screen.save_pending()
    desk.lock.screen.password_edit.setText(CLERK[2])
    desk.lock.screen.unlock_button.click()
    stored = cx.intake.load(intake.id, desk.session.actor)
    assert stored.form.get("applicant.name") == "赵六"


def test_switch_user_gives_the_window_to_the_new_user(qtbot, cx, opened):
    desk = opened(cx, CLERK)
    window = desk.window
    assert not window.screen_available("tolerance_queue")
    window.desk.start_intake("item", CARD)
    left = window.desk.intake_screen.intake()
    editor = window.desk.intake_screen.form.widget("applicant.name").editor()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    commit_text(editor, "赵六")
    desk.lock.lock("manual")
    lock_screen = desk.lock.screen
    log_in_as(SUPERVISOR, skip=lock_screen)
    with qtbot.waitSignal(desk.lock.switched, timeout=3000):
        lock_screen.switch_button.click()
    assert desk.session.user_id == SUPERVISOR[0] and guard(cx).current is desk.session
    assert "值班长丙（s0003，首席代表/值班长）" in window.windowTitle()
    assert window.desk.intake_screen.intake() is None  # the clerk's intake is put away …
    assert left.id in [i.id for i in cx.intake.unfinished(desk.session.actor)]  # … as a draft
    assert window.screen_available("tolerance_queue")
    assert not window.screen_available("admin.users")
    dialog = QApplication.activeModalWidget()
    if dialog is not None:  # the drafts left at this counter are offered to the new user
        dialog.reject()


# -- what the window shows to whom --------------------------------------------------------------


def test_administration_pages_only_for_administrators(qtbot, cx, opened):
    desk = opened(cx, ADMIN)
    window = desk.window
    assert window.screen_available("admin.users") and window.screen_available("admin.site")
    window.show_screen("admin.users")
    qtbot.waitUntil(lambda: window.users_page.table.rowCount() == 4)
    desk.close()
    clerk = opened(cx, CLERK).window
    assert clerk.users_page is None and not clerk.has_screen("admin.users")


def test_the_site_page_sets_the_idle_time_of_the_lock(qtbot, cx, opened):
    desk = opened(cx, ADMIN)
    page = desk.window.site_page
    page.idle_minutes_changed.emit(3)
    assert desk.lock.watcher.seconds == 180


def test_a_bank_point_greys_out_hall_only_items(qtbot, cx, opened, message_boxes):
    hall = cx.site.get()
    cx.site.set(SiteProfile(region_code=hall.region_code, kind="bank_point"))
    desk = opened(cx, CLERK)
    browser = desk.window.catalog_browser
    entries = {browser.model.entry(r).key: browser.model.entry(r)
               for r in range(browser.model.rowCount())}
    assert entries[CARD].offered and not entries[SEAL].offered
    row = list(entries).index(SEAL)
    index = browser.model.index(row, 0)
    assert HALL_ONLY in browser.model.data(index, Qt.ItemDataRole.ToolTipRole)
    before = len(audit_rows(cx))
    browser.open_entry(entries[SEAL])
    assert HALL_ONLY in message_boxes[-1][1]
    assert desk.window.current_screen() is browser  # no intake was started
    assert len(audit_rows(cx)) == before
    browser.open_entry(entries[CARD])
    assert desk.window.desk.intake_screen.intake().key == CARD


def test_bank_staff_see_only_delegated_items_even_at_a_hall(qtbot, cx, opened):
    desk = opened(cx, BANK)
    browser = desk.window.catalog_browser
    browser.search_box.setText(SEAL[:12])
    offered = {browser.model.entry(r).key: browser.model.entry(r).offered
               for r in range(browser.model.rowCount())}
    assert offered.get(SEAL) is False
