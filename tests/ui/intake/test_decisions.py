"""Decisions on the intake screen with the real services (ui/intake/decisions.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.cases.model import CaseState
from counter.ids import make_id_number
from tests.helpers.ops import wait_idle
from tests.ui.conftest import ITEM_CODE, commit_text, me
from tests.ui.intake.conftest import show_screen
from ui.intake.decisions import DecisionResultDialog, RejectDialog

ID_NUMBER = make_id_number("330106", date(1985, 3, 14), 11)


def fill_item(qtbot, screen) -> None:
    """Answer and fill the small item completely, with the keyboard."""
    selector = screen.guide.row("q_agent").selector
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_1)
    name = screen.form.widget("applicant.name").editor()
    name.setFocus()
    commit_text(name, "张三")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # 居民身份证
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), ID_NUMBER)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "13800138000")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def screen(qtbot, mini_ctx, message_boxes):
    s = show_screen(qtbot, mini_ctx)
    s.start("item", ITEM_CODE)
    return s


def test_invalid_form_shows_the_problems_and_focuses_the_first(qtbot, screen, message_boxes,
                                                                 mini_ctx):
    name = screen.form.widget("applicant.name").editor()
    name.setFocus()
    commit_text(name, "张三")
    mobile = screen.form.widget("applicant.mobile").editor()
    mobile.setFocus()
    qtbot.keyClicks(mobile, "123")
    press(qtbot, Qt.Key.Key_F9)
    wait_idle(qtbot)  # the service said no, off the GUI thread
    title, text, informative = message_boxes[-1]
    assert text == "表单填写有误，不能受理："
    assert "请回答：是否委托代理人办理" in informative
    assert "证件类型：必填" in informative
    assert "手机号码：手机号码应为11位数字" in informative or "手机号码：" in informative
    # the unanswered question comes first
    assert screen.guide.row("q_agent").selector.hasFocus()
    assert screen.form.widget("applicant.id_type").problem() == "必填"
    assert screen.form.widget("applicant.mobile").problem()
    assert screen.intake() is not None  # nothing decided
    assert mini_ctx.cases.find("张三", me(mini_ctx)) == []
    # once the question is answered, the first invalid field gets the focus
    qtbot.keyClick(screen.guide.row("q_agent").selector, Qt.Key.Key_1)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert screen.form.widget("applicant.id_type").editor().hasFocus()


def test_missing_materials_refuse_accept_and_focus_the_checklist(qtbot, screen, message_boxes):
    fill_item(qtbot, screen)
    press(qtbot, Qt.Key.Key_F9)
    wait_idle(qtbot)
    assert message_boxes[-1][1].startswith("申请材料不齐全")
    assert "个体工商户登记（备案）申请书" in message_boxes[-1][2]
    assert screen.checklist.rows()[0].status.hasFocus()


def test_accept_shows_number_and_password_once_then_next_applicant(qtbot, screen, mini_ctx):
    fill_item(qtbot, screen)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(screen.decided) as decided:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    action, case_no = decided.args
    assert action == "accept"
    dialog = screen.actions.dialog
    assert isinstance(dialog, DecisionResultDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.case_no_label.text() == case_no
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{5} [2-9A-HJ-NP-Z]{5}", dialog.password_label.text())
    password = dialog.password_label.text().replace(" ", "")
    assert not dialog.print_button.isEnabled()
    assert "打印" in dialog.print_button.toolTip()
    assert screen.intake() is None  # closed: no more saves
    with qtbot.waitSignal(screen.finished) as finished:
        qtbot.keyClick(dialog.done_button, Qt.Key.Key_Return)
    assert finished.args == [case_no]
    case = mini_ctx.cases.get(case_no, me(mini_ctx))
    assert case.state is CaseState.ACCEPTED
    assert case.applicant.name == "张三"
    assert case.query_password is None  # only the accept call returned it


def test_notify_lists_the_missing_materials(qtbot, screen, mini_ctx):
    fill_item(qtbot, screen)
    with qtbot.waitSignal(screen.decided) as decided:
        press(qtbot, Qt.Key.Key_F10)
    action, case_no = decided.args
    assert action == "notify"
    assert case_no[17] == "G"
    dialog = screen.actions.dialog
    lines = dialog.findChild(type(dialog.case_no_label), "resultLines").text()
    assert "个体工商户登记（备案）申请书" in lines and "经营场所使用证明" in lines
    with qtbot.waitSignal(screen.finished):
        dialog.done_button.click()
    assert mini_ctx.cases.get(case_no, me(mini_ctx)).state is CaseState.NOTIFIED


def test_reject_needs_a_reason_and_an_explanation(qtbot, ctx, message_boxes):
    from counter.idcard import SimulatedIdCardReader

    screen = show_screen(qtbot, ctx, id_reader=SimulatedIdCardReader())  # a training card
    screen.start("item", "11140802MB1937209W4000101001000")
    screen.read_id_card()
    wait_idle(qtbot)
    screen.guide.row("q_agent").selector.setFocus()
    press(qtbot, Qt.Key.Key_F11)
    dialog = screen.actions.dialog
    assert isinstance(dialog, RejectDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.reason.hasFocus()
    assert not dialog.ok_button.isEnabled()
    # only the reasons for a 行政许可 are offered (REJ-01, 02, 04; not the 公共服务 or 低保 ones)
    offered = [dialog.reason.itemData(i) for i in range(1, dialog.reason.count())]
    assert offered == ["REJ-01", "REJ-02", "REJ-04"]
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # REJ-01
    assert not dialog.ok_button.isEnabled()  # the explanation is required too
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert dialog.text.hasFocus()
    commit_text(dialog.text, "申请事项依法无需许可，已告知申请人。")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(screen.decided) as decided:
        dialog.ok_button.click()
    action, case_no = decided.args
    assert action == "reject" and case_no[17] == "B"
    case = ctx.cases.get(case_no, me(ctx))
    assert case.state is CaseState.REJECTED
    assert case.reason_code == "REJ-01"
    assert case.reason_text == "申请事项依法无需许可，已告知申请人。"


def test_cancelled_reject_changes_nothing(qtbot, ctx):
    screen = show_screen(qtbot, ctx)
    intake = screen.start("item", "11140802MB1937209W4000101001000")
    screen.reject()
    dialog = screen.actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    assert screen.intake() is intake
    assert screen.decisions.accept_button.isEnabled()


def test_service_failure_is_shown_and_the_intake_stays(qtbot, screen, message_boxes, monkeypatch):
    fill_item(qtbot, screen)
    screen.receive_all()

    def broken(*_args, **_kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(screen.actions, "_cases", type("Broken", (), {"accept": broken})())
    press(qtbot, Qt.Key.Key_F9)
    wait_idle(qtbot)
    assert message_boxes[-1][1] == "发生了意外错误，当前操作未完成。"
    assert screen.intake() is not None


def test_reject_dialog_asks_where_to_apply_for_a_not_competent_reason(qtbot, ctx):
    """REJ-02 (《行政许可法》第三十二条第一款第（二）项) needs the competent authority named."""
    from ui.intake.decisions import RejectDialog

    reasons = ctx.catalog.active().reasons_for("reject", ["01"])
    dialog = RejectDialog(reasons)
    qtbot.addWidget(dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("REJ-02"))
    assert "应向哪个行政机关申请" in dialog.text.placeholderText()
    dialog.reason.setCurrentIndex(dialog.reason.findData("REJ-01"))
    assert "应向哪个行政机关申请" not in dialog.text.placeholderText()


def test_second_accept_while_the_first_runs_does_nothing(qtbot, screen, mini_ctx, message_boxes,
                                                         monkeypatch):
    """The accept runs off the GUI thread; while it does, the buttons and shortcuts are off,
    a second F9 starts nothing and the draft is not written under it."""
    import threading

    fill_item(qtbot, screen)
    screen.receive_all()
    release, calls = threading.Event(), []
    real = screen.actions._cases

    class Slow:
        def accept(self, intake, actor):
            calls.append(intake)
            release.wait(10)
            return real.accept(intake, actor)

    monkeypatch.setattr(screen.actions, "_cases", Slow())
    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert screen.actions.busy()
    assert not screen.decisions.accept_button.isEnabled()
    assert not any(s.isEnabled() for s in screen.decisions.shortcuts)
    assert calls[0] is not screen.intake()  # the service works on a copy
    screen.accept()  # the F9 slot, reached another way
    press(qtbot, Qt.Key.Key_F9)
    with qtbot.waitSignal(screen.decided):
        release.set()
    wait_idle(qtbot)
    assert len(calls) == 1
    assert message_boxes == []
    assert isinstance(screen.actions.dialog, DecisionResultDialog)
    assert not screen.decisions.accept_button.isEnabled()  # decided: the bar stays off
