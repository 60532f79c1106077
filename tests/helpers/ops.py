"""Waiting for the operations runner (:mod:`ui.ops`) in widget tests."""

from __future__ import annotations

from ui import ops

#: How long a test waits for the operations still running (ms).
TIMEOUT_MS = 20_000


def wait_idle(qtbot, runner: ops.Runner | None = None, timeout: int = TIMEOUT_MS) -> None:
    """Wait until every operation started so far ran and its result was delivered (the
    success or error callbacks ran; a dialog they opened is open)."""
    r = runner or ops.default_runner()
    qtbot.waitUntil(r.is_idle, timeout=timeout)


def drain(timeout_ms: int = TIMEOUT_MS) -> bool:
    """After a test: let the application's runner finish what the test left running (without
    qtbot; events are processed meanwhile). Returns whether it became idle in time."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    r = ops._runner
    app = QApplication.instance()
    if r is None or app is None:
        return True
    deadline = QDeadlineTimer(timeout_ms)
    while not r.is_idle() and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        r.wait(20)
    return r.is_idle()
