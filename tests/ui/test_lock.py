"""The idle lock: the watcher, the lock screen, unlock and 切换用户 (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from counter.clock import FixedClock
from counter.permissions import PermissionDenied
from bootstrap import QtDevices
from tests.store.access import ADMIN, CLERK, SUPERVISOR, access_context
from tests.unit.cases.helpers import T0, make_template
from ui.lock import IdleWatcher, LockController, LockScreen


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    w.setCentralWidget(QLineEdit(w))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def mono():
    return FakeMonotonic()


def users(ctx):
    return ctx.users


def when_modal(act, skip=None):
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is skip or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


# -- the watcher ------------------------------------------------------------------------------


def test_idle_after_the_time_without_input(qtbot, window, mono):
    watcher = IdleWatcher(600, now=mono)
    fired = []
    watcher.idle.connect(lambda: fired.append(mono.t))
    watcher.start()
    try:
        mono.t += 599
        watcher.check()
        assert fired == []
        # a key press anywhere counts as presence and restarts the count
        qtbot.keyClick(window.centralWidget(), Qt.Key.Key_A)
        mono.t += 599
        watcher.check()
        assert fired == [] and watcher.idle_for() == 599
        qtbot.mouseMove(window.centralWidget(), QPoint(5, 5))
        qtbot.mouseClick(window.centralWidget(), Qt.MouseButton.LeftButton)
        assert watcher.idle_for() == 0
        mono.t += 600
        watcher.check()
        assert fired == [mono.t] and not watcher.running
        watcher.check()  # once only
        assert len(fired) == 1
    finally:
        watcher.stop()


def test_watcher_fires_on_its_own_timer(qtbot):
    watcher = IdleWatcher(0.05)
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        watcher.start()
    assert not watcher.running


def test_shorter_idle_time_applies_at_once(qtbot, mono):
    watcher = IdleWatcher(600, now=mono)
    watcher.start()
    mono.t += 120
    with qtbot.waitSignal(watcher.idle, timeout=1000):
        watcher.set_seconds(60)


# -- the lock screen --------------------------------------------------------------------------


@pytest.fixture
def locked(qtbot, cx, window, mono):
    session = users(cx).login(ADMIN[0], ADMIN[2])
    controller = LockController(users(cx), session, window, minutes=10, now=mono)
    controller.start()
    mono.t += 600
    with qtbot.waitSignal(controller.locked, timeout=2000):
        controller.watcher.check()
    yield controller
    if controller.screen is not None:
        controller.screen._finish()
    controller.stop()


def test_idle_locks_the_session_in_the_service_layer(qtbot, cx, locked):
    screen = locked.screen
    assert isinstance(screen, LockScreen) and screen.isVisible() and screen.isFullScreen()
    assert QApplication.activeModalWidget() is screen
    assert users(cx).guard.locked
    with pytest.raises(PermissionDenied, match="屏幕已锁定"):
        users(cx).list_users(locked.session.actor)
    assert "管理员甲" in screen.findChild(type(screen.error_label), "who").text()


def test_wrong_password_keeps_it_locked(qtbot, cx, locked):
    screen = locked.screen
    screen.password_edit.setFocus()
    qtbot.keyClicks(screen.password_edit, CLERK[2])
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert screen.error() == "工号或密码不正确。"
    assert screen.password_edit.text() == ""
    assert users(cx).guard.locked and locked.screen is screen


def test_escape_does_not_dismiss_it(qtbot, locked):
    screen = locked.screen
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert screen.isVisible() and locked.is_locked


def test_the_same_users_password_unlocks(qtbot, cx, locked):
    screen = locked.screen
    qtbot.keyClicks(screen.password_edit, ADMIN[2])
    with qtbot.waitSignal(locked.unlocked, timeout=2000):
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert not users(cx).guard.locked and locked.screen is None
    assert locked.watcher.running
    assert [u.user_id for u in users(cx).list_users(locked.session.actor)][:1] == ["a0001"]


def test_switch_user_at_the_lock_screen(qtbot, cx, locked):
    screen = locked.screen
    first = locked.session

    def login(dialog):
        qtbot.keyClicks(dialog.user_id_edit, SUPERVISOR[0])
        dialog.password_edit.setFocus()
        qtbot.keyClicks(dialog.password_edit, SUPERVISOR[2])
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    when_modal(login, skip=screen)
    with qtbot.waitSignal(locked.switched, timeout=3000) as signal:
        screen.switch_button.click()
    new = signal.args[0]
    assert new.user_id == "s0003" and locked.session is new and new is not first
    assert users(cx).guard.current is new and not users(cx).guard.locked
    with pytest.raises(PermissionDenied, match="与当前登录用户不符"):
        users(cx).list_users(first.actor)


def test_cancelled_switch_stays_locked(qtbot, cx, locked):
    screen = locked.screen
    when_modal(lambda dialog: dialog.cancel_button.click(), skip=screen)
    screen.switch_button.click()
    assert locked.is_locked and users(cx).guard.locked


def test_the_lock_shortcut_locks_at_once(qtbot, cx, window, mono):
    session = users(cx).login(CLERK[0], CLERK[2])
    controller = LockController(users(cx), session, window, now=mono)
    controller.start()
    try:
        assert controller.lock_action.shortcut().toString() == "Ctrl+Shift+L"
        with qtbot.waitSignal(controller.locked, timeout=2000):
            controller.lock_action.trigger()
        assert users(cx).guard.locked
        from tests.store.access import audit_rows
        entry = audit_rows(cx)[-1]
        assert (entry.action, entry.user_id) == ("session.lock", "c0012")
        assert '"reason":"manual"' in entry.detail
    finally:
        if controller.screen is not None:
            controller.screen._finish()
        controller.stop()


def test_the_lock_screen_is_readable(qtbot, locked):
    """Title, who locked it and a refusal: no text cut off on the full-screen lock."""
    from tests.ui.clipping import assert_no_clipped_labels

    screen = locked.screen
    qtbot.waitExposed(screen)
    assert_no_clipped_labels(screen)
    screen.password_edit.setText("wrong")
    screen.try_unlock()
    assert screen.error()
    assert_no_clipped_labels(screen)
