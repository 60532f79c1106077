"""Login, first start and temporary passwords, typed as a clerk types them (pytest-qt).

User ids and passwords are ASCII (``keyClicks`` aborts on other text); names are Chinese and
committed the way an input method does.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from counter.clock import FixedClock
from bootstrap import QtDevices
from tests.store.access import ADMIN, CLERK, TEMP, access_context
from tests.ui.conftest import commit_text
from tests.unit.cases.helpers import T0, make_template
from ui.login import ChangePasswordDialog, FirstAdminDialog, LoginDialog, ensure_login


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def empty(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), people=False,
                       devices=QtDevices)
    yield c
    c.close()


def users(ctx):
    return ctx.users


def type_into(qtbot, edit, text):
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)


def press_enter(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def when_modal(qtbot, act):
    """Run ``act(dialog)`` on the next modal dialog once it is shown (for ``exec()``)."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


# -- login ------------------------------------------------------------------------------------


def test_enter_logs_in(qtbot, cx):
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, CLERK[0])
    type_into(qtbot, dialog.password_edit, CLERK[2])
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press_enter(qtbot, dialog.password_edit)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.session.user_id == "c0012"
    assert users(cx).guard.current is dialog.session


def test_wrong_password_says_so_and_clears_the_field(qtbot, cx):
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, CLERK[0])
    type_into(qtbot, dialog.password_edit, "Wrong#Pass1")
    press_enter(qtbot, dialog.password_edit)
    assert dialog.error() == "工号或密码不正确。"
    assert dialog.password_edit.text() == "" and dialog.isVisible()
    assert dialog.session is None
    # an unknown user gets exactly the same answer
    type_into(qtbot, dialog.user_id_edit, "nobody")
    type_into(qtbot, dialog.password_edit, CLERK[2])
    press_enter(qtbot, dialog.password_edit)
    assert dialog.error() == "工号或密码不正确。"


def test_empty_fields_are_named(qtbot, cx):
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok_button.click()
    assert dialog.error() == "请输入工号。"
    type_into(qtbot, dialog.user_id_edit, CLERK[0])
    dialog.ok_button.click()
    assert dialog.error() == "请输入密码。"


def test_a_locked_account_is_explained(qtbot, cx):
    dialog = LoginDialog(users(cx), user_id=CLERK[0])
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        type_into(qtbot, dialog.password_edit, "Wrong#Pass1")
        press_enter(qtbot, dialog.password_edit)
    assert "账号已锁定 15 分钟" in dialog.error()


def test_password_field_hides_what_is_typed(qtbot, cx):
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password


def test_a_temporary_password_must_be_replaced_at_login(qtbot, cx):
    admin = users(cx).login(ADMIN[0], ADMIN[2])
    users(cx).create_user(admin.actor, "c0020", "新同事", ["clerk"], TEMP)
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, "c0020")
    type_into(qtbot, dialog.password_edit, TEMP)
    seen = {}

    def change(box):
        assert isinstance(box, ChangePasswordDialog)
        seen["heading"] = box.heading.text()
        type_into(qtbot, box.old_edit, TEMP)
        type_into(qtbot, box.new_edit, "Mine#Desk2026")
        type_into(qtbot, box.repeat_edit, "Mine#Desk2026")
        press_enter(qtbot, box.repeat_edit)

    when_modal(qtbot, change)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        press_enter(qtbot, dialog.password_edit)
    assert "临时密码" in seen["heading"]
    assert users(cx).guard.problem(dialog.session.actor, "case.accept", T0) is None
    assert users(cx).verify_password("c0020", "Mine#Desk2026").user_id == "c0020"


def test_refusing_to_change_the_temporary_password_logs_out(qtbot, cx):
    admin = users(cx).login(ADMIN[0], ADMIN[2])
    users(cx).create_user(admin.actor, "c0021", "新同事", ["clerk"], TEMP)
    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, "c0021")
    type_into(qtbot, dialog.password_edit, TEMP)
    when_modal(qtbot, lambda box: box.cancel_button.click())
    press_enter(qtbot, dialog.password_edit)
    qtbot.waitUntil(lambda: dialog.error() != "", timeout=3000)
    assert dialog.error() == "须先修改临时密码才能使用。"
    assert users(cx).guard.current is None and dialog.session is None


# -- first start ------------------------------------------------------------------------------


def test_first_start_creates_the_administrator_and_logs_in(qtbot, empty):
    dialog = FirstAdminDialog(users(empty))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, "a0001")
    dialog.name_edit.setFocus()
    commit_text(dialog.name_edit, "管理员甲")
    type_into(qtbot, dialog.password_edit, ADMIN[2])
    type_into(qtbot, dialog.repeat_edit, ADMIN[2] + "x")
    press_enter(qtbot, dialog.repeat_edit)
    assert dialog.error() == "两次输入的密码不一致。"
    type_into(qtbot, dialog.repeat_edit, ADMIN[2])
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press_enter(qtbot, dialog.repeat_edit)
    assert dialog.user.name == "管理员甲" and dialog.user.roles == {"admin"}
    assert dialog.session.actor.role == "admin"
    assert not users(empty).needs_first_admin()


def test_first_start_refuses_a_weak_password_with_every_reason(qtbot, empty):
    dialog = FirstAdminDialog(users(empty))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.user_id_edit, "a0001")
    commit_text(dialog.name_edit, "管理员甲")
    type_into(qtbot, dialog.password_edit, "abc")
    type_into(qtbot, dialog.repeat_edit, "abc")
    press_enter(qtbot, dialog.repeat_edit)
    error = dialog.error()
    assert error.startswith("密码不符合安全要求：")
    assert "• 密码至少 8 位" in error
    assert users(empty).needs_first_admin()


def test_ensure_login_on_first_start(qtbot, empty):
    def fill(box):
        assert isinstance(box, FirstAdminDialog)
        type_into(qtbot, box.user_id_edit, "a0001")
        commit_text(box.name_edit, "管理员甲")
        type_into(qtbot, box.password_edit, ADMIN[2])
        type_into(qtbot, box.repeat_edit, ADMIN[2])
        press_enter(qtbot, box.repeat_edit)

    when_modal(qtbot, fill)
    session = ensure_login(users(empty))
    assert session is not None and session.user_id == "a0001"


def test_ensure_login_returns_none_when_the_user_quits(qtbot, cx):
    when_modal(qtbot, lambda box: box.cancel_button.click())
    assert ensure_login(users(cx)) is None
    assert users(cx).guard.current is None


def test_the_first_administrator_dialog_is_readable(qtbot, empty):
    """Heading, labels and a refusal with every reason: no text cut off (at the size Qt
    opens the dialog with, and after the refusal made it taller)."""
    from tests.ui.clipping import assert_no_clipped_labels

    dialog = FirstAdminDialog(users(empty))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_no_clipped_labels(dialog)
    type_into(qtbot, dialog.user_id_edit, "a0001")
    commit_text(dialog.name_edit, "管理员甲")
    type_into(qtbot, dialog.password_edit, "abc")
    type_into(qtbot, dialog.repeat_edit, "abc")
    press_enter(qtbot, dialog.repeat_edit)
    assert dialog.error()
    assert_no_clipped_labels(dialog)


def test_the_login_dialog_is_readable(qtbot, cx):
    from tests.ui.clipping import assert_no_clipped_labels

    dialog = LoginDialog(users(cx))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.user_id_edit, "nobody")
    type_into(qtbot, dialog.password_edit, "wrong")
    press_enter(qtbot, dialog.password_edit)
    assert dialog.error()
    assert_no_clipped_labels(dialog)
