"""同步设置 (administrators): the address in the store, the secret in the keyring only."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from counter.clock import FixedClock
from counter.store.models import SettingRow
from bootstrap import QtDevices
from tests.helpers.ops import wait_idle
from tests.store.access import ADMIN, CLERK, access_context, audit_rows
from tests.sync.helpers import T0
from tests.ui.conftest import commit_text
from ui.main_window import MainWindow
from ui.sync.settings import SyncSettingsDialog

SECRET = "S3cret-Only-In-The-Keyring-7f2c9a"
SERVICE = "CounterDesk"


@pytest.fixture
def ax(sync_template, tmp_path):
    """A store with users (admin, clerk …) and access control enforced; nobody logged in."""
    c = access_context(sync_template, tmp_path / "counter", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def admin_window(qtbot, ax):
    w = MainWindow(ax)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def every_file_contains(root, needle: bytes) -> list[str]:
    hits = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                if needle in f.read():
                    hits.append(path)
    return hits


def test_only_an_administrator_may_open_the_settings(qtbot, admin_window, ax, message_boxes):
    desk = admin_window.sync_desk
    desk.menu.aboutToShow.emit()
    assert not desk.settings_action.isEnabled()  # nobody logged in
    assert desk.settings() is None
    assert message_boxes and "仅管理员" in message_boxes[-1][1]
    users = ax.users
    clerk = users.login(CLERK[0], CLERK[2])
    desk.menu.aboutToShow.emit()
    assert not desk.settings_action.isEnabled()
    users.logout(clerk)
    users.login(ADMIN[0], ADMIN[2])
    desk.menu.aboutToShow.emit()
    assert desk.settings_action.isEnabled()


def test_the_secret_goes_to_the_keyring_and_nowhere_else(qtbot, admin_window, ax,
                                                         memory_keyring, caplog):
    ax.users.login(ADMIN[0], ADMIN[2])
    desk = admin_window.sync_desk
    restarted = []
    desk.bridge.restart = lambda: restarted.append(True)
    desk.menu.aboutToShow.emit()
    desk.settings_action.trigger()
    dialog = desk.dialog
    assert isinstance(dialog, SyncSettingsDialog)
    qtbot.waitExposed(dialog)
    client_id = ax.site.get().client_id
    assert dialog.secret_edit.echoMode() == dialog.secret_edit.EchoMode.Password
    assert "尚未保存密钥" in dialog.secret_state.text()
    qtbot.keyClicks(dialog.url_edit, "https://zwfw.example.gov.cn/counter/")
    qtbot.keyClicks(dialog.secret_edit, SECRET)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert restarted == [True]

    assert memory_keyring.store[(SERVICE, client_id)] == SECRET
    assert ax.sync.config().platform_url == "https://zwfw.example.gov.cn/counter"
    assert dialog.secret_edit.text() == ""
    with ax.uow(read_only=True) as u:
        values = [r.value for r in u.session.scalars(select(SettingRow))]
    assert values and not any(SECRET in (v or "") for v in values)
    assert every_file_contains(ax.data_dir, SECRET.encode()) == []
    assert SECRET not in caplog.text
    [entry] = [r for r in audit_rows(ax) if r.action == "platform.configure"]
    assert entry.user_id == ADMIN[0] and SECRET not in str(entry.detail)

    # opened again: the secret is not shown, only that one is stored
    again = desk.settings()
    qtbot.waitExposed(again)
    assert again.secret_edit.text() == "" and "已保存" in again.secret_state.text()
    assert again.url_edit.text() == "https://zwfw.example.gov.cn/counter"
    again.reject()


def admin_actor(ax):
    ax.users.login(ADMIN[0], ADMIN[2])
    actor = ax.permissions.guard.current.actor_as("admin")
    return lambda: actor


def test_a_bad_address_is_refused_in_chinese(qtbot, ax, memory_keyring):
    dialog = SyncSettingsDialog(ax.sync, ax.site.get().client_id, admin_actor(ax))
    qtbot.addWidget(dialog)
    commit_text(dialog.url_edit, "平台地址")
    dialog.save()
    wait_idle(qtbot)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert not dialog.problem.isHidden() and "https://" in dialog.problem.text()
    assert ax.sync.config().platform_url is None


def test_without_a_keyring_the_dialog_says_so_and_stores_no_secret(qtbot, ax, monkeypatch):
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    dialog = SyncSettingsDialog(ax.sync, ax.site.get().client_id, admin_actor(ax))
    qtbot.addWidget(dialog)
    assert "没有可用的系统密钥环" in dialog.secret_state.text()
    assert not dialog.secret_edit.isEnabled()
    qtbot.keyClicks(dialog.url_edit, "http://127.0.0.1:8765")
    assert dialog.save() is True
    wait_idle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted  # the address alone is saved
    assert ax.sync.config().platform_url == "http://127.0.0.1:8765"
    assert every_file_contains(ax.data_dir, SECRET.encode()) == []


def test_nothing_is_saved_without_an_administrator(qtbot, ax, memory_keyring):
    dialog = SyncSettingsDialog(ax.sync, ax.site.get().client_id, lambda: None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.url_edit, "http://127.0.0.1:8765")
    qtbot.keyClicks(dialog.secret_edit, SECRET)
    assert dialog.save() is False
    assert "仅管理员" in dialog.problem.text()
    assert ax.sync.config().platform_url is None
    assert not any(SECRET == v for v in memory_keyring.store.values())
