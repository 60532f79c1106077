"""Queue tickets (取号) scanned at the 受理 screen through the keyboard-wedge filter (issue 5).

The scanner filter's injectable clock steps forward on every key press it looks at: 4 ms for a
scanner, 150 ms for a person (``qtbot.keyClicks`` itself sends the keys without delays).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import ITEM_CODE, me
from tests.ui.intake.test_capture_wiring import PagesSpy
from ui.scanner import ScannerFilter, ScanRouter


class StepClock:
    def __init__(self, step: float) -> None:
        self.step, self.now = step, 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def spy(mini_ctx):
    spy = PagesSpy(mini_ctx.intake)
    mini_ctx.intake = spy
    return spy


@pytest.fixture
def tscreen(qtbot, mini_ctx, spy, reader):
    from tests.ui.intake.conftest import show_screen

    return show_screen(qtbot, mini_ctx, id_reader=reader)


@pytest.fixture
def messages():
    return []


def filter_with(step: float, route) -> ScannerFilter:
    scanner = ScannerFilter(None, clock=StepClock(step))
    scanner.scanned.connect(route)
    QApplication.instance().installEventFilter(scanner)
    return scanner


@pytest.fixture
def scanner_for(tscreen, messages):
    """``scanner_for(step)``: a filter routing to ``tscreen``; removed after the test."""
    installed = []
    router = ScanRouter(lambda _case: None, messages.append, tscreen,
                        apply_code=tscreen.apply_scanned_code)

    def make(step: float) -> ScannerFilter:
        installed.append(filter_with(step, router.route))
        return installed[-1]

    yield make
    for scanner in installed:
        QApplication.instance().removeEventFilter(scanner)


def name_editor(qtbot, screen):
    editor = screen.form.widget("applicant.name").editor()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def scan(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_fast_short_ticket_is_attached_and_saved(qtbot, tscreen, spy, mini_ctx, messages,
                                                 scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner_for(0.004)
    editor = name_editor(qtbot, tscreen)
    with qtbot.waitSignal(tscreen.saved, timeout=2000):
        scan(qtbot, editor, "A023")
    assert intake.queue_ticket == "A023" and spy.tickets[-1] == "A023"
    assert messages == ["已关联排队号 A023。"]
    assert editor.text() == "" and editor.hasFocus()  # the keys never reached the field
    stored = spy.load(intake.id, me(mini_ctx))
    assert stored.queue_ticket == "A023"


def test_another_ticket_replaces_the_attached_one(qtbot, tscreen, spy, mini_ctx, messages,
                                                  scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner_for(0.004)
    editor = name_editor(qtbot, tscreen)
    with qtbot.waitSignal(tscreen.saved, timeout=2000):
        scan(qtbot, editor, "A023")
    with qtbot.waitSignal(tscreen.saved, timeout=2000):
        scan(qtbot, editor, "vip007")
    assert intake.queue_ticket == "VIP007"
    assert messages[-1] == "排队号已由 A023 更换为 VIP007。"
    assert spy.load(intake.id, me(mini_ctx)).queue_ticket == "VIP007"
    saves = len(spy.saves)
    scan(qtbot, editor, "VIP007")  # the same again: said, nothing saved
    qtbot.waitUntil(lambda: messages[-1] == "排队号 VIP007 已关联到本次受理。", timeout=1000)
    assert len(spy.saves) == saves and not tscreen.save_pending()
    assert editor.text() == ""


def test_long_dated_ticket_still_works(qtbot, tscreen, spy, messages, scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner_for(0.004)
    editor = name_editor(qtbot, tscreen)
    with qtbot.waitSignal(tscreen.saved, timeout=2000):
        scan(qtbot, editor, "Q-20261121-B0101")
    assert intake.queue_ticket == "B0101" and editor.text() == ""


def test_same_keys_typed_slowly_stay_in_the_field(qtbot, tscreen, spy, messages, scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner = scanner_for(0.150)
    editor = name_editor(qtbot, tscreen)
    scan(qtbot, editor, "A023")
    assert editor.text() == "A023" and not scanner.is_holding()
    assert intake.queue_ticket is None and messages == []
    assert all(ticket is None for ticket in spy.tickets)


def test_fast_ticket_without_enter_is_typing(qtbot, tscreen, spy, messages, scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner = scanner_for(0.004)
    editor = name_editor(qtbot, tscreen)
    qtbot.keyClicks(editor, "A023")
    qtbot.waitUntil(lambda: editor.text() == "A023", timeout=1000)  # replayed by the timer
    assert not scanner.is_holding()
    assert intake.queue_ticket is None and messages == []


def test_fast_short_non_ticket_is_typing(qtbot, tscreen, spy, messages, scanner_for):
    intake = tscreen.start("item", ITEM_CODE)
    scanner_for(0.004)
    editor = name_editor(qtbot, tscreen)
    scan(qtbot, editor, "12")
    assert editor.text() == "12"
    assert intake.queue_ticket is None and messages == []


def test_ticket_without_an_intake_on_screen_changes_nothing(qtbot, mini_ctx):
    from tests.ui.intake.test_wiring import wired_window
    from ui.case_view import CaseView
    from ui.intake.screen import IntakeScreen

    window = wired_window(qtbot, mini_ctx)
    desk = window.desk
    scanner = filter_with(0.004, desk.scan_router.route)
    try:
        window.find()  # the catalog search: no intake at all
        box = window.catalog_browser.search_box
        box.setText("gt")
        scan(qtbot, box, "A023")
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == "请先开始受理，再扫描此条码。",
            timeout=1000)
        assert box.text() == "gt" and window.current_screen() is window.catalog_browser

        desk.start_intake("item", ITEM_CODE)  # an intake, but the case screen is shown
        intake = desk.intake_screen.intake()
        before = intake.to_json()
        window.show_screen(CaseView.screen_id)
        window.statusBar().clearMessage()
        focus = QApplication.focusWidget() or window
        scan(qtbot, focus, "B101")
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == "请先开始受理，再扫描此条码。",
            timeout=1000)
        assert intake.queue_ticket is None and intake.to_json() == before
        assert not desk.intake_screen.save_pending()
        assert window.current_screen() is desk.case_view

        window.show_screen(IntakeScreen.screen_id)  # back: the intake takes tickets again
        focus = QApplication.focusWidget() or window
        with qtbot.waitSignal(desk.intake_screen.saved, timeout=2000):
            scan(qtbot, focus, "B101")
        assert intake.queue_ticket == "B101"
        assert window.statusBar().currentMessage() == "已关联排队号 B101。"
        assert mini_ctx.intake.load(intake.id, me(mini_ctx)).queue_ticket == "B101"
    finally:
        QApplication.instance().removeEventFilter(scanner)
