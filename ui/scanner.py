"""Keyboard-wedge barcode scanners (扫码枪), recognised anywhere in the window.

A keyboard-wedge scanner "types" what it reads: a fast burst of printable characters ending in
Enter. :class:`ScannerFilter` is an application-wide event filter that tells such a burst from
a person typing, by the gaps between key presses:

* Printable ASCII key presses meant for the focus widget are **held** while it is undecided
  whether they are a scan. Each held key starts (or restarts) a short timer.
* A key arriving more than ``max_gap`` after the previous one, the timer running out, any other
  key (Tab, Backspace, an input-method commit …) or a slow Enter means a person is typing: the
  held keys are **replayed** to the widget that had the focus, in order, before the new key is
  delivered. A person therefore sees each key at most ``max_gap`` late (30 ms by default).
* **Modifier keys** pressed on their own (Shift, Ctrl, Alt, AltGr, Meta, Caps Lock, Num Lock)
  neither end a burst nor count as one of its characters: they pass through untouched. A
  scanner sends a Shift press before every capital letter of a case number (``…S00042I``) and
  may toggle Caps Lock around them; were those presses "any other key", the burst would be
  replayed into the focused field piece by piece — a scanned case number typed into
  申请人姓名 and saved with the draft.
* Enter within ``max_gap`` after at least ``min_length`` (8) held keys is a **scan**: the held
  keys and the Enter are swallowed (the focused field stays as it was) and :attr:`scanned` is
  emitted with the text.
* A **short scan**: Enter within ``max_gap`` after ``short_min_length`` (4) to 7 held keys is a
  scan too, whatever it holds: no person types five keys 30 ms apart, so it is a scanner's
  code. The router attaches a bare queue ticket (取号, ``A023``, ``VIP007``) and says
  无法识别的条码内容 for anything else (``ABCD``, ``1234``): a scanned code is never typed
  ("Bad input", issue 11). The ``short_code`` option narrows which short bursts count
  (:func:`counter.capture.codes.is_bare_ticket`: tickets only; ``lambda _t: False``: none).
  Fewer keys (``12``) or no Enter (a ticket without it) is replayed as typing, as before.

Every key held is at most ``max_gap`` after the one before it (a slower key replays what was
held first and starts afresh), so "all the gaps are scanner-fast" holds for any held burst. A
person types 80–300 ms per key: their keys are never held more than one at a time, and they
cannot produce even a short scan. A scanner types each character within a few milliseconds and
ends with Enter (its factory setting; a scanner set to end with Tab or nothing is never
recognised).

The clock is injectable (:class:`ScannerFilter` ``clock``) so that tests can simulate both
timings: ``qtbot.keyClicks`` sends keys without real delays.

:class:`ScanRouter` decides what a scanned text means, by content
(:func:`counter.capture.codes.classify`): a case number (办件编号) opens the case view; an
e-licence, an ID QR code or a queue ticket (取号) goes to the intake on screen (``apply_code``:
:meth:`ui.intake.screen.IntakeScreen.apply_scanned_code`, which records it and saves the draft);
anything else shows "无法识别的条码内容" in the status bar and changes nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from counter.capture.codes import UNRECOGNISED, CodeKind, ScannedCode, classify

log = logging.getLogger(__name__)

__all__ = ["ScannerFilter", "ScanRouter", "install_scanner", "MIN_LENGTH", "SHORT_MIN_LENGTH",
           "MAX_GAP_MS"]

#: Fewest characters (before the Enter) that count as a scan, whatever they are.
MIN_LENGTH = 8
#: Fewest characters (before the Enter) of a short scan (a bare queue ticket such as ``A023``
#: is the shortest code a counter scans).
SHORT_MIN_LENGTH = 4
#: Largest gap between two key presses of a scan, in milliseconds.
MAX_GAP_MS = 30

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Keys pressed alone that never end a burst (a scanner's Shift before each capital …).
_MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                            Qt.Key.Key_AltGr, Qt.Key.Key_Meta, Qt.Key.Key_CapsLock,
                            Qt.Key.Key_NumLock})
#: Modifiers a scanner may send with a printable character (Shift for capitals, keypad digits).
_PLAIN_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


@dataclass
class _HeldKey:
    receiver: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def _is_plain(event: QKeyEvent) -> bool:
    """No Ctrl, Alt or Meta: only Shift and keypad may accompany a scanned character."""
    return not (event.modifiers() & ~_PLAIN_MODIFIERS)


def _is_printable_ascii(event: QKeyEvent) -> bool:
    text = event.text()
    return len(text) == 1 and 0x20 <= ord(text) <= 0x7E and _is_plain(event)


class ScannerFilter(QObject):
    """Recognises keyboard-wedge scans among the key presses of the whole application.

    Install it with :func:`install_scanner` (or ``app.installEventFilter(filter)``).

    Args:
        parent: the owner (usually the application or the main window).
        clock: monotonic seconds; ``time.monotonic`` by default. Called exactly once per key
            press it looks at (printable characters and Enter; not for modifier keys), so a
            test clock may simply step forward on every call.
        min_length: fewest characters before Enter that count as a scan.
        short_min_length: fewest characters before Enter of a short scan (fewer than
            ``min_length``), which also needs ``short_code``.
        short_code: whether the text of a fast short burst ending in Enter is a scan; every
            one is by default (the router says what it is, or that it is not recognised);
            :func:`counter.capture.codes.is_bare_ticket` takes only queue tickets,
            ``lambda _t: False`` turns short scans off.
        max_gap_ms: largest gap between key presses of a scan (also the longest a typed key
            is held back).

    Signals:
        scanned(str): a burst ending in Enter was recognised; its text (without the Enter).
            Emitted from the event loop right after the Enter, never from inside the filter.
    """

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 min_length: int = MIN_LENGTH, short_min_length: int = SHORT_MIN_LENGTH,
                 short_code: Callable[[str], bool] = lambda _text: True,
                 max_gap_ms: int = MAX_GAP_MS) -> None:
        super().__init__(parent)
        self._clock = clock
        self._min_length = min_length
        self._short_min_length = short_min_length
        self._short_code = short_code
        self._max_gap = max_gap_ms / 1000.0
        self._held: list[_HeldKey] = []
        self._last = 0.0
        self._replaying = False
        self._enabled = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max_gap_ms)
        self._timer.timeout.connect(self.flush)

    # -- public ----------------------------------------------------------------------------

    def set_enabled(self, enabled: bool) -> None:
        """Turn recognition on or off (off: every key goes straight through)."""
        if not enabled:
            self.flush()
        self._enabled = enabled

    def is_holding(self) -> bool:
        """True while typed keys are held back (for tests and diagnostics)."""
        return bool(self._held)

    def flush(self) -> None:
        """Replay the held keys to the widgets they were meant for, in order (person typing)."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for k in held:
                if not shiboken6.isValid(k.receiver):
                    continue  # the widget went away meanwhile: its keys go with it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(k.receiver, QKeyEvent(kind, k.key, k.modifiers, k.text))
        finally:
            self._replaying = False

    # -- the filter ------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype == QEvent.Type.InputMethod and self._held:
            self.flush()  # a Chinese commit comes after what was typed before it
            return False
        if etype != QEvent.Type.KeyPress or self._replaying or not self._enabled:
            return False
        if not self._is_target(obj):
            return False
        if event.key() in _MODIFIER_KEYS:
            return False  # a scanner's Shift before a capital: the burst goes on
        if event.isAutoRepeat():
            self.flush()
            return False
        if event.key() in _ENTER_KEYS and _is_plain(event):
            return self._enter()
        if _is_printable_ascii(event):
            self._printable(obj, event)
            return True
        self.flush()  # Tab, Backspace, a shortcut … after the keys typed before it
        return False

    def _is_target(self, obj: QObject) -> bool:
        """Only key presses on their way to the focus widget (or a focus-less window).

        Qt shows the filter the same press again while it propagates to the parents, and first
        on the window handle (a QWindow); those are ignored.
        """
        if not obj.isWidgetType():
            return False
        focus = QApplication.focusWidget()
        if focus is None:
            return obj.isWindow()
        return obj is focus

    def _printable(self, obj: QWidget, event: QKeyEvent) -> None:
        now = self._clock()
        if self._held and now - self._last > self._max_gap:
            self.flush()  # too slow to be a scanner: what was held is typing
        self._held.append(_HeldKey(obj, event.key(), event.modifiers(), event.text()))
        self._last = now
        self._timer.start()

    def _enter(self) -> bool:
        if not self._held:
            return False
        now = self._clock()
        text = "".join(k.text for k in self._held)
        if now - self._last <= self._max_gap and self._is_scan(text):
            self._timer.stop()
            self._held = []
            log.debug("scan recognised (%d characters)", len(text))
            # emitted from the event loop, not from inside the filter: a slot may open a dialog
            QTimer.singleShot(0, self, lambda: self.scanned.emit(text))
            return True
        self.flush()
        return False

    def _is_scan(self, text: str) -> bool:
        """Whether a fast burst ending in Enter is a scan: long enough, or a short code."""
        if len(text) >= self._min_length:
            return True
        return len(text) >= self._short_min_length and self._short_code(text)


class ScanRouter(QObject):
    """Decides what a scanned text means (扫码分派).

    Args:
        open_case: called with the case number (canonical, upper case) when the text is one.
        show_message: shows a short message in the status bar.
        parent: the owner.
        apply_code: called with an e-licence, ID QR or queue-ticket code
            (:class:`counter.capture.codes.ScannedCode`); returns the message for the clerk,
            or None when no intake is on screen (then nothing changes and the router says so).

    Signals:
        unrecognised(str): a scan that means nothing to the counter (nothing changed).
    """

    unrecognised = Signal(str)

    def __init__(self, open_case: Callable[[str], None], show_message: Callable[[str], None],
                 parent: QObject | None = None, *,
                 apply_code: Callable[[ScannedCode], str | None] | None = None) -> None:
        super().__init__(parent)
        self._open_case = open_case
        self._show_message = show_message
        self._apply_code = apply_code

    def route(self, text: str) -> None:
        """Do what ``text`` means, or say it is not recognised and change nothing."""
        code = classify(text)
        if code.kind is CodeKind.CASE_NO:
            self._open_case(code.value)
            return
        if code.kind is CodeKind.UNKNOWN:
            self._show_message(self.tr(UNRECOGNISED))
            self.unrecognised.emit(text)
            return
        message = self._apply_code(code) if self._apply_code is not None else None
        if message is None:
            message = self.tr("请先开始受理，再扫描此条码。")
        self._show_message(message)


def install_scanner(app: QApplication, **options) -> ScannerFilter:
    """Create a :class:`ScannerFilter` owned by ``app`` and install it application-wide.

    Args:
        app: the running application.
        options: passed to :class:`ScannerFilter` (``clock``, ``min_length``,
            ``short_min_length``, ``short_code``, ``max_gap_ms``).

    Returns:
        The installed filter; connect its ``scanned`` signal to a :class:`ScanRouter`.
    """
    scanner = ScannerFilter(app, **options)
    app.installEventFilter(scanner)
    return scanner
