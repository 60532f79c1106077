"""Guards against known defects of the pinned Qt binding.

PySide6 6.12.0 lost a reference to ``True`` on every ``signal.emit`` called from Python,
which aborted CPython 3.11 (``Fatal Python error: bool_dealloc``) after a few hundred emits —
in the middle of a clerk's day. ``requirements.txt`` pins a release without the defect; this
test fails loudly if an upgrade brings it back.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()
    text = Signal(str)


def test_signal_emit_keeps_reference_counts(qapp):
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(50):
        probe.ping.emit()
        probe.text.emit("x")
    assert sys.getrefcount(True) - before >= 0
