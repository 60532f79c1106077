"""The intake screen (ui/intake/screen.py): guide, one form, checklist, saving, ID card, prefill."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.ids import make_id_number
from counter.intake.intake import MaterialStatus
from tests.helpers.ops import wait_idle
from tests.ui.conftest import ITEM_CODE, PACKAGE_ID, TAX_CODE, commit_text, me
from tests.ui.intake.conftest import CARD

ID_NUMBER = make_id_number("330106", date(1985, 3, 14), 11)


def type_into(qtbot, screen, key: str, text: str) -> None:
    """Focus a field and type ``text`` (Chinese through the input method)."""
    widget = screen.form.widget(key)
    widget.editor().setFocus()
    qtbot.waitUntil(widget.editor().hasFocus)
    if text.isascii():
        qtbot.keyClicks(widget.editor(), text)
    else:
        commit_text(widget.editor(), text)


def test_header_and_sections_of_a_package(screen):
    intake = screen.start("package", PACKAGE_ID)
    assert "个体工商户开业一件事" in screen.header.text()
    assert "个体工商户设立登记" in screen.header.text()
    assert [r.id for r in screen.guide.rows()] == ["q_agent"]  # asked once for both items
    assert screen.form.shown_keys() == ["applicant.name", "applicant.id_type",
                                        "applicant.id_number", "applicant.mobile",
                                        "business.scope"]
    assert screen.form.widget("applicant.name").is_required()
    assert screen.checklist.shown_ids() == ["M-APPLY", "M-ID-CARD", "M-PREMISES", "M-TAX-FORM"]
    id_card = screen.checklist.row("M-ID-CARD")
    assert "份数：2" in id_card.facts.text()  # the larger number of copies wins
    assert "服务事项：个体户开业、个体工商户税务信息确认" in id_card.facts.text()
    assert intake.answers == {}


def test_answer_updates_questions_fields_and_checklist_at_once(qtbot, screen, spy):
    intake = screen.start("package", PACKAGE_ID)
    type_into(qtbot, screen, "applicant.name", "张三")
    name_widget = screen.form.widget("applicant.name")
    selector = screen.guide.row("q_agent").selector
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_2)  # 委托代理人
    assert intake.answers == {"q_agent": "agent"}
    assert [r.id for r in screen.guide.rows()] == ["q_agent", "q_agent_id"]
    assert "agent.name" in screen.form.shown_keys()
    assert screen.form.widget("agent.name").is_required()
    assert "M-AGENT" in screen.checklist.shown_ids()
    # what was typed is still there, in the same widget
    assert screen.form.widget("applicant.name") is name_widget
    assert name_widget.value() == "张三"
    assert spy.saves[-1]["applicant.name"] == "张三"  # saved at once with the answer
    type_into(qtbot, screen, "agent.name", "李四")
    # back to 本人办理: the agent field goes, its value stays in the intake
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_1)
    assert "agent.name" not in screen.form.shown_keys()
    assert "M-AGENT" not in screen.checklist.shown_ids()
    assert [r.id for r in screen.guide.rows()] == ["q_agent"]
    assert intake.form["agent.name"] == "李四"
    qtbot.keyClick(selector, Qt.Key.Key_2)
    assert screen.form.widget("agent.name").value() == "李四"
    assert name_widget.value() == "张三"


def test_material_state_survives_a_situation_change(qtbot, screen):
    intake = screen.start("item", ITEM_CODE)
    selector = screen.guide.row("q_agent").selector
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_2)
    row = screen.checklist.row("M-AGENT")
    row.status.setFocus()
    qtbot.keyClick(row.status, Qt.Key.Key_1)
    assert intake.materials["M-AGENT"].status is MaterialStatus.RECEIVED
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_1)
    assert screen.checklist.row("M-AGENT") is None
    qtbot.keyClick(selector, Qt.Key.Key_2)
    assert screen.checklist.row("M-AGENT").state.status is MaterialStatus.RECEIVED


def test_tab_follows_the_screen_including_new_fields(qtbot, screen):
    screen.start("item", ITEM_CODE)
    selector = screen.guide.row("q_agent").selector
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_2)
    # a question and a field appeared after creation: Tab still reaches them in screen order
    qtbot.keyClick(selector, Qt.Key.Key_Tab)
    assert screen.guide.row("q_agent_id").selector.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert screen.form.widget("applicant.name").editor().hasFocus()
    order = []
    for _ in range(len(screen.form.shown_keys())):
        focus = QApplication.focusWidget()
        widget = next(w for w in screen.form.widgets() if w.editor() is focus)
        order.append(widget.key)
        # Enter moves on like Tab, except in a multi-line field (a new line there)
        key = Qt.Key.Key_Tab if widget.field.type == "textarea" else Qt.Key.Key_Return
        qtbot.keyClick(focus, key)
    assert order == screen.form.shown_keys()
    assert order.index("agent.name") > order.index("applicant.mobile")
    assert screen.checklist.rows()[0].status.hasFocus()


def test_typing_is_saved_after_a_pause(qtbot, screen, spy, mini_ctx):
    intake = screen.start("item", ITEM_CODE)
    type_into(qtbot, screen, "applicant.name", "王五")
    assert spy.saves == []  # debounced: nothing yet
    qtbot.waitUntil(lambda: len(spy.saves) == 1, timeout=2000)
    assert spy.saves[0] == {"applicant.name": "王五"}
    stored = mini_ctx.intake.load(intake.id, me(mini_ctx))
    assert stored.form == {"applicant.name": "王五"}
    assert "草稿已自动保存" in screen.status.text()


def test_leaving_a_field_saves_at_once(qtbot, screen, spy):
    screen.start("item", ITEM_CODE)
    type_into(qtbot, screen, "applicant.mobile", "13800138000")
    qtbot.keyClick(screen.form.widget("applicant.mobile").editor(), Qt.Key.Key_Tab)
    assert spy.saves and spy.saves[-1]["applicant.mobile"] == "13800138000"


def test_checklist_records_what_was_received(qtbot, screen, spy):
    intake = screen.start("package", PACKAGE_ID)
    row = screen.checklist.row("M-ID-CARD")
    row.status.setFocus()
    qtbot.keyClick(row.status, Qt.Key.Key_1)
    state = intake.materials["M-ID-CARD"]
    assert state.status is MaterialStatus.RECEIVED
    assert state.copies_received == 2
    assert row.copies.isEnabled()
    row.copies.setValue(3)
    row.original.setChecked(True)
    row.audit_checks[0].setChecked(True)
    assert state.copies_received == 3 and state.original_checked
    assert state.audit_checked == ["证件在有效期内"]
    qtbot.keyClick(row.status, Qt.Key.Key_Right)  # on to 未提交 (no e-licence for it)
    assert state.status is MaterialStatus.MISSING and state.copies_received == 0
    qtbot.waitUntil(lambda: bool(spy.saves), timeout=2000)
    assert "尚缺必要材料 4 项" in screen.checklist.summary.text()
    screen.receive_all()
    assert all(intake.materials[m].status is MaterialStatus.RECEIVED
               for m in screen.checklist.shown_ids())
    assert "尚缺必要材料 0 项" in screen.checklist.summary.text()


def test_id_card_reader_fills_the_applicant(qtbot, screen, spy):
    intake = screen.start("item", ITEM_CODE)
    screen.guide.row("q_agent").selector.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    wait_idle(qtbot)  # the reader is read off the GUI thread
    assert intake.form["applicant.name"] == "王芳"
    assert intake.form["applicant.id_type"] == "111"
    assert intake.form["applicant.id_number"] == CARD.id_number
    assert screen.form.widget("applicant.name").value() == "王芳"
    assert screen.form.widget("applicant.id_type").editor().currentText() == "居民身份证"
    assert screen.form.widget("applicant.id_number").problem() is None
    assert spy.saves[-1]["applicant.name"] == "王芳"
    assert "已读取身份证" in screen.status.text()


def test_id_card_reader_failure_is_shown(qtbot, screen, reader, message_boxes):
    screen.start("item", ITEM_CODE)
    reader.set_failing()
    screen.read_id_card()
    wait_idle(qtbot)
    assert message_boxes and "读卡失败" in message_boxes[0][1]
    reader.set_failing(False)
    reader.empty = True
    screen.read_id_card()
    wait_idle(qtbot)
    assert "未检测到身份证" in screen.status.text()


def test_without_a_configured_reader_f2_says_so_and_changes_nothing(qtbot, mini_ctx, spy):
    from tests.ui.intake.conftest import show_screen

    screen = show_screen(qtbot, mini_ctx)  # no reader configured (and not a training store)
    assert screen.id_reader() is None
    intake = screen.start("item", ITEM_CODE)
    before, saves = dict(intake.form), len(spy.saves)
    messages = []
    screen.message.connect(messages.append)
    screen.guide.row("q_agent").selector.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert "未配置身份证阅读器" in screen.status.text()
    assert messages and "未配置身份证阅读器" in messages[-1]
    assert intake.form == before and len(spy.saves) == saves
    assert screen.form.widget("applicant.name").value() == ""


def test_prefill_from_the_previous_case(qtbot, screen, mini_ctx):
    intake = screen.start("item", ITEM_CODE)
    type_into(qtbot, screen, "applicant.name", "赵六（新）")
    screen.form.widget("applicant.id_type").set_value("111")
    intake.set_value(screen.spec().field("applicant.id_type"), "111")
    previous = mini_ctx.intake.prefill_for
    calls = []

    def prefill_for(number, actor, **kw):
        calls.append((number, kw))
        return {"applicant.name": "赵六", "applicant.mobile": "13912345678"}

    mini_ctx.intake.prefill_for = prefill_for
    try:
        type_into(qtbot, screen, "applicant.id_number", ID_NUMBER)
        qtbot.keyClick(screen.form.widget("applicant.id_number").editor(), Qt.Key.Key_Tab)
    finally:
        mini_ctx.intake.prefill_for = previous
    assert calls and calls[0][0] == ID_NUMBER and calls[0][1]["applicant_type"] == "person"
    assert screen.banner.isVisible()
    assert "1 项" in screen.banner.text.text()  # only the mobile: the name is filled in
    focus = QApplication.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not screen.banner.isVisible())  # a mnemonic clicks animated
    assert intake.form["applicant.mobile"] == "13912345678"
    assert intake.form["applicant.name"] == "赵六（新）"  # filled fields are never overwritten
    assert screen.form.widget("applicant.mobile").value() == "13912345678"


def test_prefill_with_the_real_service(qtbot, mini_ctx, spy, reader):
    from tests.ui.intake.conftest import show_screen

    # a previous case of the same person through the first item (it has the ID field)
    service = mini_ctx.intake
    intake = service.start("item", ITEM_CODE, me(mini_ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": "钱七", "applicant.id_type": "111",
                       "applicant.id_number": ID_NUMBER, "applicant.mobile": "13700001111",
                       "business.scope": "日用百货零售"}.items():
        intake.set_value(spec.field(key), value)
    for _, state in intake.checklist(spec):
        state.status = MaterialStatus.RECEIVED
    from ui.intake.decisions import default_actor

    mini_ctx.cases.accept(intake, default_actor(mini_ctx))
    screen = show_screen(qtbot, mini_ctx, id_reader=reader)
    new = screen.start("item", ITEM_CODE)
    screen.form.widget("applicant.id_type").editor().setFocus()
    qtbot.keyClick(screen.form.widget("applicant.id_type").editor(), Qt.Key.Key_Down)
    type_into(qtbot, screen, "applicant.id_number", ID_NUMBER)
    qtbot.keyClick(screen.form.widget("applicant.id_number").editor(), Qt.Key.Key_Return)
    assert screen.banner.isVisible()
    screen.banner.ignore_button.click()
    assert not screen.banner.isVisible()
    assert "applicant.name" not in new.form
    # leaving the same number again does not ask again; another number would
    screen.form.widget("applicant.id_number").editor().setFocus()
    qtbot.keyClick(screen.form.widget("applicant.id_number").editor(), Qt.Key.Key_Tab)
    assert not screen.banner.isVisible()


def test_field_condition_updates_the_checklist(qtbot, ctx):
    """企业设立登记: 公司类型 国有独资 (a field value) adds the state approval material."""
    from tests.ui.intake.conftest import show_screen

    screen = show_screen(qtbot, ctx)
    code = "11140802MB1937209W4000101001000"
    screen.start("item", code)
    assert "M-STATE-APPROVAL" not in screen.checklist.shown_ids()
    combo = screen.form.widget("enterprise.type").editor()
    combo.setFocus()
    for _ in range(4):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert screen.form.widget("enterprise.type").value() == "state_sole"
    assert "M-STATE-APPROVAL" in screen.checklist.shown_ids()
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert "M-STATE-APPROVAL" not in screen.checklist.shown_ids()


def test_resume_shows_the_draft_exactly(qtbot, screen, mini_ctx):
    intake = screen.start("package", PACKAGE_ID)
    selector = screen.guide.row("q_agent").selector
    selector.setFocus()
    qtbot.keyClick(selector, Qt.Key.Key_2)
    type_into(qtbot, screen, "agent.name", "孙八")
    row = screen.checklist.row("M-APPLY")
    row.status.setFocus()
    qtbot.keyClick(row.status, Qt.Key.Key_1)
    screen.save_now()
    stored = mini_ctx.intake.unfinished(me(mini_ctx))[0]
    assert stored.id == intake.id
    screen.open(stored)
    assert screen.guide.row("q_agent").selector.value() == "agent"
    assert screen.form.widget("agent.name").value() == "孙八"
    assert screen.checklist.row("M-APPLY").state.status is MaterialStatus.RECEIVED
    assert screen.checklist.row("M-APPLY").status.value() == "received"


def test_park_saves_and_leaves(qtbot, screen, spy):
    intake = screen.start("item", ITEM_CODE)
    with qtbot.waitSignal(screen.parked) as blocker:
        screen.guide.row("q_agent").selector.setFocus()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [intake.id]
    assert spy.saves
    assert screen.intake() is None
