"""The admin pages: users and site settings, through the real services (pytest-qt)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from counter.clock import FixedClock
from bootstrap import QtDevices
from tests.helpers.ops import wait_idle
from tests.store.access import ADMIN, CLERK, TEMP, access_context, audit_rows
from tests.ui.conftest import commit_text
from tests.unit.cases.helpers import T0, make_template
from ui.admin import acting_as
from ui.admin.site_page import SitePage
from ui.admin.users_page import NewUserDialog, ResetPasswordDialog, RolesDialog, UsersPage


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    c.users.login(ADMIN[0], ADMIN[2])
    yield c
    c.close()


@pytest.fixture
def actor(cx):
    return acting_as(cx.permissions.guard, "admin")


@pytest.fixture
def page(qtbot, cx, actor):
    p = UsersPage(cx.users, actor, cx.clock)
    qtbot.addWidget(p)
    p.show()
    p.activate()
    return p


def when_modal(act):
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def column(page, c):
    return [page.table.item(r, c).text() for r in range(page.table.rowCount())]


def test_users_are_listed(page):
    assert column(page, 0) == ["a0001", "b0101", "c0012", "s0003"]
    assert column(page, 2)[2] == "综窗人员"
    assert column(page, 3) == ["启用", "启用", "启用", "启用"]
    assert not page.toggle_button.isEnabled()


def test_create_a_user(qtbot, page, cx):
    def fill(dialog):
        assert isinstance(dialog, NewUserDialog)
        qtbot.keyClicks(dialog.user_id_edit, "c0030")
        commit_text(dialog.name_edit, "新同事")
        dialog.role_boxes.boxes["bank_staff"].setChecked(True)
        dialog.password_edit.setFocus()
        qtbot.keyClicks(dialog.password_edit, TEMP)
        dialog.repeat_edit.setFocus()
        qtbot.keyClicks(dialog.repeat_edit, TEMP)
        qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)

    when_modal(fill)
    with qtbot.waitSignal(page.changed, timeout=3000):
        page.new_button.click()
    assert "c0030" in column(page, 0)
    assert page.selected().user_id == "c0030"
    assert page.selected().roles == {"clerk", "bank_staff"}
    assert column(page, 3)[column(page, 0).index("c0030")] == "启用，临时密码"


def test_new_user_dialog_shows_refusals(qtbot, cx, actor):
    dialog = NewUserDialog(cx.users, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_id_edit, "c0012")
    commit_text(dialog.name_edit, "重名")
    dialog.password_edit.setText(TEMP)
    dialog.repeat_edit.setText(TEMP)
    dialog.ok_button.click()
    wait_idle(qtbot)
    assert dialog.error() == "工号 c0012 已存在。"
    dialog.user_id_edit.setText("c0031")
    dialog.password_edit.setText("weak")
    dialog.repeat_edit.setText("weak")
    dialog.ok_button.click()
    wait_idle(qtbot)
    assert dialog.error().startswith("密码不符合安全要求：")


def test_disable_and_enable(qtbot, page, cx):
    page.select("c0012")
    assert page.toggle_button.text() == "停用(&D)"
    page.toggle_button.click()
    wait_idle(qtbot)
    assert column(page, 3)[2] == "停用"
    assert page.toggle_button.text() == "启用(&A)"
    page.toggle_button.click()
    wait_idle(qtbot)
    assert column(page, 3)[2] == "启用"
    actions = [r.action for r in audit_rows(cx)[-2:]]
    assert actions == ["user.disable", "user.enable"]


def test_own_account_cannot_be_disabled(qtbot, page, message_boxes):
    page.select("a0001")
    page.toggle_button.click()
    wait_idle(qtbot)
    assert message_boxes[-1][1] == "不能停用自己的账号。"


def test_reset_password_and_roles(qtbot, page, cx, actor):
    page.select("c0012")
    user = page.selected()
    reset = ResetPasswordDialog(cx.users, actor, user)
    qtbot.addWidget(reset)
    reset.password_edit.setText(TEMP)
    reset.repeat_edit.setText(TEMP)
    reset.ok_button.click()
    wait_idle(qtbot)
    assert reset.result() == reset.DialogCode.Accepted
    roles = RolesDialog(cx.users, actor, user)
    qtbot.addWidget(roles)
    roles.show()
    roles.role_boxes.boxes["clerk"].setChecked(False)
    roles.ok_button.click()
    wait_idle(qtbot)
    assert roles.error() == "请至少选择一个角色。"
    roles.role_boxes.boxes["supervisor"].setChecked(True)
    roles.ok_button.click()
    wait_idle(qtbot)
    page.refresh()
    assert page.selected().roles == {"supervisor"}
    assert "临时密码" in column(page, 3)[2]


def test_a_clerk_is_refused_and_told(qtbot, cx, message_boxes):
    users = cx.users
    users.login(CLERK[0], CLERK[2])
    p = UsersPage(users, acting_as(cx.permissions.guard, "admin"), cx.clock)
    qtbot.addWidget(p)
    p.activate()
    assert p.table.rowCount() == 0
    assert message_boxes[-1][1] == "当前角色（综窗人员）无权查看用户。"
    assert (audit_rows(cx)[-1].action, audit_rows(cx)[-1].result) == ("user.view", "refused")


# -- site page --------------------------------------------------------------------------------


@pytest.fixture
def site(qtbot, cx, actor):
    p = SitePage(cx.settings, cx.audit, actor)
    qtbot.addWidget(p)
    p.show()
    p.activate()
    return p


def test_site_page_shows_and_saves_the_profile(qtbot, site, cx):
    assert site.region.text() == cx.site.get().region_code
    assert site.idle_minutes.value() == 10
    site.kind.setCurrentIndex(site.kind.findData("bank_point"))
    site.site_code.setText("002")
    site.counter_name.clear()
    commit_text(site.counter_name, "政银合作1号窗口")
    site.idle_minutes.setValue(5)
    with qtbot.waitSignal(site.idle_minutes_changed, timeout=1000) as changed:
        with qtbot.waitSignal(site.saved, timeout=1000):
            site.save_button.click()
    assert changed.args == [5]
    saved = cx.site.get()
    assert (saved.kind, saved.site_code, saved.counter_name) == ("bank_point", "002",
                                                                "政银合作1号窗口")
    assert cx.settings.idle_minutes() == 5
    assert site.status_label.text() == "已保存。"


def test_site_page_sets_the_review_body_and_court_fallback(qtbot, site, cx):
    """The site setting named on 不予受理/终止办理 when the catalog (1.0) names none."""
    commit_text(site.review_body, "运城市盐湖区人民政府")
    commit_text(site.court, "运城市盐湖区人民法院")
    with qtbot.waitSignal(site.saved, timeout=1000):
        site.save_button.click()
    saved = cx.site.get()
    assert (saved.review_body, saved.court) == ("运城市盐湖区人民政府", "运城市盐湖区人民法院")
    site.load()
    assert site.review_body.text() == "运城市盐湖区人民政府"


def test_a_second_save_while_the_first_is_written_does_nothing(qtbot, site, cx, monkeypatch):
    """保存 runs on the runner's worker; pressed again meanwhile, nothing more is saved."""
    gate, calls = threading.Event(), []
    real = cx.settings.save_profile

    def slow(actor, profile):
        calls.append(threading.current_thread())
        assert gate.wait(10)
        return real(actor, profile)

    monkeypatch.setattr(cx.settings, "save_profile", slow)
    site.site_code.setText("002")
    try:
        assert site.save()
        qtbot.waitUntil(lambda: len(calls) == 1)
        assert not site.save_button.isEnabled()
        site.save_button.click()
        assert not site.save()  # the same save still runs: nothing started
    finally:
        gate.set()
    wait_idle(qtbot)
    assert len(calls) == 1 and calls[0] is not threading.main_thread()
    assert site.status_label.text() == "已保存。" and site.save_button.isEnabled()
    assert cx.site.get().site_code == "002"


def test_site_page_lists_problems(qtbot, site, cx):
    site.region.setText("14")
    site.counter_code.setText("7")
    site.save()
    wait_idle(qtbot)
    assert site.error_label.isVisibleTo(site) and site.status_label.text() == ""
    text = site.error_label.text()
    assert "区划代码应为 6 位数字" in text and "窗口编号应为 2 位数字" in text
    assert cx.site.get().region_code != "14"


def test_audit_check_from_the_site_page(qtbot, site, cx):
    site.verify_button.click()
    n = len(audit_rows(cx)) - 1  # the check appends its own entry after counting
    assert site.audit_label.text() == f"审计链完整，共 {n} 条"
