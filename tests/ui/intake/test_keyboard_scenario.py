"""企业开办一件事 from the search to an accepted case, with the keyboard only.

ASCII goes through ``qtbot.keyClicks``, Chinese through input-method commits (as a Chinese
input method delivers it), everything else is Tab, Enter, arrows, digits and the documented
shortcuts. It runs in the real main window with the intake screens wired in
(:class:`ui.intake.wiring.DeskRouter`).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.cases.model import CaseState
from counter.ids import make_id_number
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import commit_text, me
from tests.ui.intake.test_wiring import wired_window
from ui.intake.field_widgets import FieldWidget
from ui.intake.guide import OptionSelector
from ui.intake.screen import IntakeScreen

PACKAGE = "企业开办一件事"
APPLICANT_ID = make_id_number("140802", date(1988, 4, 12), 37)

#: What the clerk types per field: ("ime", text) Chinese, ("keys", text) ASCII,
#: ("down", n) arrow presses in a drop-down, ("space", None) ticks the first option, None skips.
TYPING = {
    "applicant.name": ("ime", "张伟"),
    "applicant.id_type": ("down", 1),  # 居民身份证
    "applicant.id_number": ("keys", APPLICANT_ID.lower()),
    "contact.mobile": ("keys", "13835900001"),
    "contact.email": None,
    "contact.phone": ("keys", "0359-2021234"),
    "enterprise.name": ("ime", "运城市盐湖区晋南科技有限公司"),
    "enterprise.type": ("down", 1),  # 有限责任公司（自然人投资或控股）
    "enterprise.legal_rep": ("ime", "张伟"),
    "enterprise.capital": ("keys", "100"),
    "enterprise.division": ("keys", "140802"),
    "enterprise.address": ("ime", "山西省运城市盐湖区解放北路118号"),
    "enterprise.scope": ("ime", "软件开发；信息技术咨询服务"),
    "enterprise.employees": ("keys", "12"),
    "enterprise.uscc": None,
    "seal.types": ("space", None),
    "seal.count": ("keys", "2"),
    "social.start_month": ("keys", "2026-12"),
    "gjj.deposit_rate": ("keys", "12"),
}


def focus() -> object:
    return QApplication.focusWidget()


def field_of(screen: IntakeScreen) -> FieldWidget | None:
    widget = focus()
    return next((w for w in screen.form.widgets() if w.editor() is widget), None)


@pytest.fixture
def desk(qtbot, ctx):
    window = wired_window(qtbot, ctx)
    window.catalog_browser.warm_up()
    window.find()
    return window, window.catalog_browser, window.desk.intake_screen


def test_enterprise_package_from_search_to_accepted_case(qtbot, ctx, desk, message_boxes,
                                                         pdf_printer):
    window, browser, screen = desk

    # 1. find the package: Chinese typed through the input method, Enter opens it
    assert browser.search_box.hasFocus()
    commit_text(focus(), "企业开办")
    assert browser.model.entry(0).name == PACKAGE
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.current_screen() is screen
    intake = screen.intake()
    assert intake.kind == "package" and screen.spec().name == PACKAGE

    # 2. the guide: the focus starts on the first question; a digit answers, Enter moves on
    assert focus() is screen.guide.row("q_agent").selector
    for answer in ("1", "1", "1"):  # 本人办理, 均为自然人, 自有房产
        assert isinstance(focus(), OptionSelector)
        qtbot.keyClicks(focus(), answer)
        qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert intake.answers == {"q_agent": "self", "q_shareholder": "natural", "q_premises": "owned"}

    # 3. the one form, field after field in screen order
    visited = []
    while (widget := field_of(screen)) is not None:
        visited.append(widget.key)
        action = TYPING[widget.key]
        if action is not None:
            kind, value = action
            if kind == "ime":
                commit_text(focus(), value)
            elif kind == "keys":
                qtbot.keyClicks(focus(), value)
            elif kind == "down":
                for _ in range(value):
                    qtbot.keyClick(focus(), Qt.Key.Key_Down)
            elif kind == "space":
                qtbot.keyClick(focus(), Qt.Key.Key_Space)
        # Enter moves on; a multi-line field takes Tab
        key = Qt.Key.Key_Tab if widget.field.type == "textarea" else Qt.Key.Key_Return
        qtbot.keyClick(focus(), key)
        assert widget.problem() is None, (widget.key, widget.problem())
    assert visited == screen.form.shown_keys()
    assert set(visited) == set(TYPING)
    assert intake.form["applicant.id_number"] == APPLICANT_ID  # upper-cased as typed
    assert intake.form["seal.types"] == ["name"]

    # 4. the materials: the focus is now in the checklist; everything was brought
    assert focus() is screen.checklist.rows()[0].status
    qtbot.keyClick(focus(), Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.checklist.owed() == []

    # 5. accept with Ctrl+Enter; the result dialog shows the number; Enter prints the
    # 受理通知书 on this counter's printer; Enter again: next applicant
    with qtbot.waitSignal(screen.decided, timeout=5000) as decided:
        qtbot.keyClick(focus(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes == []
    action, case_no = decided.args
    assert action == "accept"
    dialog = screen.actions.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.case_no_label.text() == case_no
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    wait_idle(qtbot)  # rendered and printed off the GUI thread
    assert message_boxes == []
    [printed] = pdf_printer
    assert case_no in pdf_text(printed.read_bytes())
    with qtbot.waitSignal(screen.finished):
        qtbot.keyClick(focus(), Qt.Key.Key_Return)
    # back to the search, its box holding the focus of the window (for the next applicant)
    qtbot.waitUntil(lambda: window.current_screen() is browser)
    assert window.focusWidget() is browser.search_box

    # the case exists, with the package's four items and the applicant
    case = ctx.cases.get(case_no, me(ctx))
    assert case.state is CaseState.ACCEPTED
    assert case.kind == "package" and len(case.items) == 4
    assert case.applicant.name == "张伟" and case.applicant.id_number == APPLICANT_ID
    assert case.form["enterprise.name"] == "运城市盐湖区晋南科技有限公司"
    assert {m.status for m in case.materials} == {"received"}
    assert [s.case_no for s in ctx.cases.find(APPLICANT_ID, me(ctx))] == [case_no]
    assert ctx.intake.unfinished(me(ctx)) == []  # decided: not offered again
