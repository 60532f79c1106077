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
