"""A keyboard-wedge scanner (扫码枪) as the application sees it, for the scanner tests.

A scanner "types" what it reads as a US keyboard would: a capital letter (or a shifted symbol)
is a Shift press, the key press with ``ShiftModifier``, the key release and the Shift release;
Enter ends the code. :func:`wedge_scan` sends exactly those events to the focused widget with
``QApplication.sendEvent`` (so the application's event filters see them as they see real
keys), and :class:`WedgeClock` gives the scanner filter's injectable clock the gaps a scanner
leaves between its keys: 4 to 10 ms per key, twice that before a capital (its Shift press
comes in between). ``qtbot.keyClicks`` sends no Shift presses and cannot stand in for a
scanner.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

#: Characters a US keyboard types with Shift held.
SHIFTED = set('~!@#$%^&*()_+{}|:"<>?') | {chr(c) for c in range(ord("A"), ord("Z") + 1)}
#: Milliseconds between two keys of a scanner, in turn (4–10 ms).
SCANNER_GAPS_MS = (4, 7, 5, 10, 6, 8, 4, 9)


class WedgeClock:
    """Monotonic seconds for :class:`ui.scanner.ScannerFilter` (``clock=``): every call is the
    next key press the filter looks at, ``gap`` later than the one before.

    Args:
        gaps_ms: the gaps to cycle through, in milliseconds (default: a scanner's 4–10 ms).
    """

    def __init__(self, gaps_ms=SCANNER_GAPS_MS) -> None:
        self._gaps = itertools.cycle(gaps_ms)
        self.now = 100.0
        self._extra = 0.0

    def shift_pressed(self) -> None:
        """A Shift press came before the next key: that key comes one more gap later."""
        self._extra += next(self._gaps) / 1000.0

    def __call__(self) -> float:
        self.now += next(self._gaps) / 1000.0 + self._extra
        self._extra = 0.0
        return self.now


def _send(widget: QWidget, kind: QEvent.Type, key, modifiers, text: str = "") -> None:
    QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def wedge_scan(text: str, clock: WedgeClock | None = None, *, enter: bool = True,
               caps_lock: bool = False) -> None:
    """Send ``text`` (ASCII) to the focus widget as a keyboard-wedge scanner does.

    Args:
        text: what the scanner read.
        clock: the filter's clock, told about every Shift press (its gap), if given.
        enter: end with Enter (a scanner's factory setting).
        caps_lock: capitals through Caps Lock (pressed before the first and after the last)
            instead of Shift.
    """
    no, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
    press, release = QEvent.Type.KeyPress, QEvent.Type.KeyRelease

    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    if caps_lock:
        _send(focus(), press, Qt.Key.Key_CapsLock, no)
        _send(focus(), release, Qt.Key.Key_CapsLock, no)
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isalpha() else Qt.Key(ord(ch))
        shifted = ch in SHIFTED and not (caps_lock and ch.isalpha())
        if shifted:
            if clock is not None:
                clock.shift_pressed()
            _send(focus(), press, Qt.Key.Key_Shift, shift)
        modifiers = shift if shifted else no
        _send(focus(), press, key, modifiers, ch)
        _send(focus(), release, key, modifiers, ch)
        if shifted:
            _send(focus(), release, Qt.Key.Key_Shift, no)
    if caps_lock:
        _send(focus(), press, Qt.Key.Key_CapsLock, no)
        _send(focus(), release, Qt.Key.Key_CapsLock, no)
    if enter:
        _send(focus(), press, Qt.Key.Key_Return, no, "\r")
        _send(focus(), release, Qt.Key.Key_Return, no, "\r")

