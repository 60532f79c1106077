"""Keyboard-wedge scanner recognition (ui/scanner.py).

``qtbot.keyClicks`` sends keys without delays; the filter's injectable clock steps forward on
every key press it looks at, which simulates a fast scanner or a person typing.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from counter.cases.numbering import format_case_no
from ui.scanner import ScannerFilter, ScanRouter

CASE_NO = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", 42)


class StepClock:
    """Monotonic seconds that advance by ``step`` on every call."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 100.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def window(qtbot):
    w = QWidget()
    layout = QVBoxLayout(w)
    first, second = QLineEdit(w), QLineEdit(w)
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    return w, first, second


def make_scanner(step: float):
    app = QApplication.instance()
    clock = StepClock(step)
    scanner = ScannerFilter(None, clock=clock)
    app.installEventFilter(scanner)
    return scanner, clock


@pytest.fixture
def fast(qtbot):
    scanner, _ = make_scanner(0.005)
    yield scanner
    QApplication.instance().removeEventFilter(scanner)


@pytest.fixture
def slow(qtbot):
    scanner, _ = make_scanner(0.120)
    yield scanner
    QApplication.instance().removeEventFilter(scanner)


def test_fast_burst_is_a_scan_and_leaves_the_field_alone(qtbot, window, fast):
    _, first, _ = window
    first.setText("张")
    seen = []
    fast.scanned.connect(seen.append)
    with qtbot.waitSignal(fast.scanned, timeout=1000) as blocker:
        qtbot.keyClicks(first, CASE_NO.lower())
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert blocker.args == [CASE_NO.lower()]
    assert first.text() == "张"
    assert not fast.is_holding()


def test_enter_of_a_scan_does_not_reach_the_field(qtbot, window, fast):
    _, first, _ = window
    returned = []
    first.returnPressed.connect(lambda: returned.append(True))
    with qtbot.waitSignal(fast.scanned, timeout=1000):
        qtbot.keyClicks(first, "ABCDEFGH12")
        qtbot.keyClick(first, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert returned == []
    assert first.text() == ""


def test_slow_typing_reaches_the_field_and_is_no_scan(qtbot, window, slow):
    _, first, _ = window
    seen = []
    slow.scanned.connect(seen.append)
    returned = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, "14080200107")
    # every key but the last is replayed as soon as the next one comes too late
    assert first.text() == "1408020010"
    qtbot.waitUntil(lambda: first.text() == "14080200107", timeout=1000)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert returned == ["14080200107"]
    assert seen == []


def test_held_keys_are_replayed_within_the_gap(qtbot, window, fast):
    _, first, _ = window
    qtbot.keyClicks(first, "abc")
    assert first.text() == ""  # held while undecided …
    qtbot.waitUntil(lambda: first.text() == "abc", timeout=500)  # … and replayed by the timer
    assert not fast.is_holding()


def test_short_fast_burst_with_enter_is_typing(qtbot, window, fast):
    _, first, _ = window
    seen = []
    fast.scanned.connect(seen.append)
    returned = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, "123")  # fewer than SHORT_MIN_LENGTH (4 and more: a scan)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert returned == ["123"]  # replayed before the Enter
    assert seen == []


def test_other_keys_flush_in_order(qtbot, window, fast):
    _, first, second = window
    qtbot.keyClicks(first, "abcd")
    qtbot.keyClick(first, Qt.Key.Key_Backspace)
    assert first.text() == "abc"
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert second.hasFocus()
    assert first.text() == "abc"


def test_held_keys_go_to_the_original_widget(qtbot, window, fast):
    _, first, second = window
    qtbot.keyClicks(first, "xyz")
    second.setFocus()
    fast.flush()
    assert first.text() == "xyz"
    assert second.text() == ""


def test_keys_with_ctrl_are_never_held(qtbot, window, fast):
    _, first, _ = window
    first.setText("abc")
    first.selectAll()
    qtbot.keyClick(first, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert first.text() == ""
    assert not fast.is_holding()


def test_disabled_filter_passes_everything(qtbot, window, fast):
    _, first, _ = window
    fast.set_enabled(False)
    qtbot.keyClicks(first, "abcdefghij")
    assert first.text() == "abcdefghij"


# -- routing ------------------------------------------------------------------------------

def test_case_number_opens_the_case():
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append)
    router.route(CASE_NO.lower())
    assert opened == [CASE_NO]
    assert messages == []


def test_other_codes_only_say_so(qtbot):
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append)
    with qtbot.waitSignal(router.unrecognised) as blocker:
        router.route("6901234567892")
    assert opened == []
    assert messages == ["无法识别的条码内容"]
    assert blocker.args == ["6901234567892"]
    wrong_check = CASE_NO[:-1] + ("0" if CASE_NO[-1] != "0" else "1")
    router.route(wrong_check)
    assert opened == []


def test_scan_routes_end_to_end(qtbot, window, fast):
    _, first, _ = window
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append)
    fast.scanned.connect(router.route)
    qtbot.keyClicks(first, CASE_NO)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == [CASE_NO], timeout=1000)
    assert first.text() == ""


# -- short scans: bare queue tickets (取号) ----------------------------------------------------

class ScriptClock:
    """Monotonic seconds that advance by the next of ``gaps`` on every call."""

    def __init__(self, gaps) -> None:
        self.gaps = list(gaps)
        self.now = 100.0

    def __call__(self) -> float:
        self.now += self.gaps.pop(0)
        return self.now


def scanner_with(clock, **options) -> ScannerFilter:
    scanner = ScannerFilter(None, clock=clock, **options)
    QApplication.instance().installEventFilter(scanner)
    return scanner


@pytest.mark.parametrize("ticket", ["A023", "a0023", "VIP007", "B1234"])
def test_fast_short_ticket_with_enter_is_a_scan(qtbot, window, fast, ticket):
    _, first, _ = window
    first.setText("张")
    returned = []
    first.returnPressed.connect(lambda: returned.append(True))
    with qtbot.waitSignal(fast.scanned, timeout=1000) as blocker:
        qtbot.keyClicks(first, ticket)
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert blocker.args == [ticket]
    assert first.text() == "张" and returned == []
    assert not fast.is_holding()


def test_short_ticket_typed_slowly_stays_typing(qtbot, window, slow):
    _, first, _ = window
    seen = []
    slow.scanned.connect(seen.append)
    returned = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, "A023")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert returned == ["A023"]
    assert first.text() == "A023" and not slow.is_holding()
    assert seen == []  # a scan is decided at the Enter; this one reached the field


def test_fast_short_ticket_without_enter_is_replayed(qtbot, window, fast):
    _, first, second = window
    seen = []
    fast.scanned.connect(seen.append)
    qtbot.keyClicks(first, "A023")
    assert fast.is_holding()
    qtbot.waitUntil(lambda: first.text() == "A023", timeout=500)  # replayed by the timer
    assert not fast.is_holding()
    qtbot.keyClicks(first, "B101")
    qtbot.keyClick(first, Qt.Key.Key_Tab)  # … or by the next key, in order, before it
    assert first.text() == "A023B101" and second.hasFocus()
    assert seen == []


@pytest.mark.parametrize("text", ["12", "A02", "B12"])
def test_fast_too_short_burst_with_enter_is_typing(qtbot, window, fast, text):
    _, first, _ = window
    seen = []
    fast.scanned.connect(seen.append)
    returned = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, text)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert returned == [text]  # replayed before the Enter, which reaches the field
    assert first.text() == text and not fast.is_holding()
    assert seen == []


@pytest.mark.parametrize("text", ["ABCD", "1234", "AB123", "A0234X", "Ab-12"])
def test_fast_short_code_that_is_no_ticket_is_an_unrecognised_scan(qtbot, window, fast, text):
    """Bad input (issue 11): a scanned code that is no case number, ticket or known QR is
    ignored with a status-bar message, never typed — short ones too."""
    _, first, _ = window
    first.setText("张")
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append)
    fast.scanned.connect(router.route)
    returned = []
    first.returnPressed.connect(lambda: returned.append(first.text()))
    qtbot.keyClicks(first, text)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: messages == ["无法识别的条码内容"], timeout=1000)
    assert first.text() == "张" and returned == [] and opened == []


def test_short_scans_can_be_narrowed_to_tickets(qtbot, window):
    from counter.capture.codes import is_bare_ticket

    _, first, _ = window
    scanner = scanner_with(StepClock(0.005), short_code=is_bare_ticket)
    try:
        returned = []
        first.returnPressed.connect(lambda: returned.append(first.text()))
        qtbot.keyClicks(first, "ABCD")
        qtbot.keyClick(first, Qt.Key.Key_Return)
        assert returned == ["ABCD"]
    finally:
        QApplication.instance().removeEventFilter(scanner)


@pytest.mark.parametrize("gaps", [
    # A, 0 fast; 2 after 120 ms (a person); 3 and Enter fast: only "23" is held at the Enter
    [0.005, 0.005, 0.120, 0.005, 0.005],
    # a fast ticket, then a slow Enter
    [0.005] * 4 + [0.200],
], ids=["one-slow-gap", "slow-enter"])
def test_a_short_ticket_with_a_slow_gap_is_typing(qtbot, window, gaps):
    _, first, _ = window
    scanner = scanner_with(ScriptClock(gaps))
    try:
        seen = []
        scanner.scanned.connect(seen.append)
        returned = []
        first.returnPressed.connect(lambda: returned.append(first.text()))
        qtbot.keyClicks(first, "A023")
        qtbot.keyClick(first, Qt.Key.Key_Return)
        assert returned == ["A023"] and seen == []
    finally:
        QApplication.instance().removeEventFilter(scanner)


def test_short_scans_can_be_turned_off(qtbot, window):
    _, first, _ = window
    scanner = scanner_with(StepClock(0.005), short_code=lambda _text: False)
    try:
        returned = []
        first.returnPressed.connect(lambda: returned.append(first.text()))
        qtbot.keyClicks(first, "A023")
        qtbot.keyClick(first, Qt.Key.Key_Return)
        assert returned == ["A023"]
    finally:
        QApplication.instance().removeEventFilter(scanner)


@pytest.mark.parametrize("code", ["Q-20261121-A023", "6901234567892", "ABCDEFGH"])
def test_long_codes_are_scans_whatever_they_hold(qtbot, window, fast, code):
    _, first, _ = window
    with qtbot.waitSignal(fast.scanned, timeout=1000) as blocker:
        qtbot.keyClicks(first, code)
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert blocker.args == [code] and first.text() == ""


def test_scanned_short_ticket_routes_to_the_intake(qtbot, window, fast):
    _, first, _ = window
    applied, messages = [], []
    router = ScanRouter(lambda _c: None, messages.append,
                        apply_code=lambda code: applied.append(code.value) or "ok")
    fast.scanned.connect(router.route)
    qtbot.keyClicks(first, "vip007")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: applied == ["VIP007"], timeout=1000)
    assert messages == ["ok"] and first.text() == ""


def test_scanned_ticket_without_an_intake_only_says_so(qtbot, window, fast):
    _, first, _ = window
    messages = []
    router = ScanRouter(lambda _c: None, messages.append, apply_code=lambda _code: None)
    fast.scanned.connect(router.route)
    qtbot.keyClicks(first, "A023")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: messages == ["请先开始受理，再扫描此条码。"], timeout=1000)
    assert first.text() == ""


# -- a real scanner's key sequence: Shift before every capital (issue 11) ---------------------

def wedge_filter(clock) -> ScannerFilter:
    scanner = ScannerFilter(None, clock=clock)
    QApplication.instance().installEventFilter(scanner)
    return scanner


@pytest.mark.parametrize("caps_lock", [False, True], ids=["shift", "caps-lock"])
def test_a_case_number_with_shift_presses_is_one_scan(qtbot, window, caps_lock):
    from tests.ui.wedge import WedgeClock, wedge_scan

    _, first, second = window
    first.setText("张")
    clock = WedgeClock()
    scanner = wedge_filter(clock)
    try:
        returned = []
        first.returnPressed.connect(lambda: returned.append(True))
        assert any(c.isupper() for c in CASE_NO)  # the scanner presses Shift for them
        with qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker:
            wedge_scan(CASE_NO, clock, caps_lock=caps_lock)
        assert blocker.args == [CASE_NO]
        assert first.text() == "张" and returned == [] and first.hasFocus()
        assert second.text() == "" and not scanner.is_holding()
    finally:
        QApplication.instance().removeEventFilter(scanner)


def test_ctrl_or_alt_alone_inside_a_burst_does_not_end_it(qtbot, window):
    from tests.ui.wedge import WedgeClock, wedge_scan

    _, first, _ = window
    clock = WedgeClock()
    scanner = wedge_filter(clock)
    try:
        with qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker:
            wedge_scan(CASE_NO[:10], clock, enter=False)
            for key in (Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_NumLock):
                qtbot.keyPress(first, key)
                qtbot.keyRelease(first, key)
            assert scanner.is_holding() and first.text() == ""
            wedge_scan(CASE_NO[10:], clock)
        assert blocker.args == [CASE_NO] and first.text() == ""
    finally:
        QApplication.instance().removeEventFilter(scanner)


def test_a_person_typing_capitals_still_types(qtbot, window):
    """Shift no longer ends a burst, but a person's gaps still do: their text arrives."""
    from tests.ui.wedge import WedgeClock, wedge_scan

    _, first, _ = window
    clock = WedgeClock(gaps_ms=(150, 210, 180))
    scanner = wedge_filter(clock)
    try:
        seen = []
        scanner.scanned.connect(seen.append)
        returned = []
        first.returnPressed.connect(lambda: returned.append(first.text()))
        wedge_scan("Li Ming A1", clock)
        assert returned == ["Li Ming A1"] and seen == []
    finally:
        QApplication.instance().removeEventFilter(scanner)


def test_an_unknown_code_with_capitals_is_never_typed(qtbot, window):
    """Bad input: a scan that is no case number, ticket or known QR only says so."""
    from tests.ui.wedge import WedgeClock, wedge_scan

    _, first, _ = window
    clock = WedgeClock()
    scanner = wedge_filter(clock)
    try:
        opened, messages = [], []
        router = ScanRouter(opened.append, messages.append)
        scanner.scanned.connect(router.route)
        wedge_scan("SN-4711-XK-20261120", clock)
        qtbot.waitUntil(lambda: messages == ["无法识别的条码内容"], timeout=1000)
        assert first.text() == "" and opened == []
    finally:
        QApplication.instance().removeEventFilter(scanner)
