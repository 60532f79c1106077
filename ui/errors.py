"""How an error looks to the clerk — the one place that decides it.

* A :class:`counter.errors.CounterError` is a rule saying no: its Chinese message (and its list
  of problems, if any) is shown as it is.
* Anything else is unexpected: it is logged with a short incident id (事件编号) and the clerk
  sees a generic message with that id, never a traceback or personal data.

:func:`install_excepthook` routes uncaught exceptions (e.g. raised in a slot) to
:func:`show_error`.
"""

from __future__ import annotations

import logging
import sys
import uuid
from types import TracebackType
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter.errors import CounterError

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def new_incident_id() -> str:
    """A short id to find an incident in the log (8 hex digits)."""
    return uuid.uuid4().hex[:8]


def show_error(parent: QWidget | None, exc: BaseException) -> str | None:
    """Show ``exc`` to the clerk in a modal message box.

    Args:
        parent: the widget the box belongs to (``None``: the active window).
        exc: the error.

    Returns:
        The incident id for an unexpected error (it is logged with the traceback),
        ``None`` for a :class:`CounterError`.
    """
    if parent is None:
        parent = QApplication.activeWindow()
    incident = None
    box = QMessageBox(parent)
    box.setWindowTitle(translate("errors", "综窗受理台"))
    if isinstance(exc, CounterError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
        if exc.problems:
            box.setInformativeText("\n".join(f"• {p}" for p in exc.problems))
    else:
        incident = new_incident_id()
        log.error("incident %s: unexpected %s", incident, type(exc).__name__,
                  exc_info=(type(exc), exc, exc.__traceback__))
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(translate("errors", "发生了意外错误，当前操作未完成。"))
        box.setInformativeText(
            translate("errors", "请将事件编号 {incident} 告知系统管理员。").format(incident=incident))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
    return incident


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook() -> ExceptHook:
    """Route uncaught exceptions to :func:`show_error` (keyboard interrupts excepted).

    Returns:
        The previous hook (to restore it with ``sys.excepthook = previous``).
    """
    previous = sys.excepthook

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            previous(exc_type, exc, tb)
            return
        if exc is not None and exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        try:
            show_error(None, exc)
        except Exception:  # the error display itself failed: fall back to the log
            log.exception("could not show an error")
            previous(exc_type, exc, tb)

    sys.excepthook = hook
    return previous
