"""Work-around for a reference-count bug of ``SignalInstance.emit`` (PySide6 6.12, CPython 3.11).

In the pinned PySide6 6.12.0, every call of ``signal.emit(...)`` from Python returns ``True``
without taking a reference to it. On CPython before 3.12 ``True`` is an ordinary object, so
each emit lowers its reference count by one, and after a few hundred emits the interpreter
aborts with ``Fatal Python error: bool_dealloc`` — a crash of the whole counter client in the
middle of an intake. (Signals emitted by Qt itself, from C++, are not affected.)

:func:`install` checks whether the running PySide6 has the bug (a few emits on a plain
``QObject`` while watching ``sys.getrefcount(True)``) and, only then, wraps
``SignalInstance.emit`` so that it adds the missing reference. It is idempotent. It is called
when :mod:`ui.intake` is imported; it belongs in application start-up (``ui.app.run_gui``)
and the test configuration, see the report of issue 3.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

__all__ = ["install", "emit_leaks_true", "installed"]

_PROBES = 16
_installed = False


def emit_leaks_true() -> bool:
    """True when ``SignalInstance.emit`` returns ``True`` without a reference (the bug)."""
    if sys.version_info >= (3, 12):
        return False  # True is immortal there: the missing reference does no harm
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    probe.deleteLater()
    return lost >= _PROBES


def installed() -> bool:
    """True when the wrapper is in place."""
    return _installed


def install() -> bool:
    """Wrap ``SignalInstance.emit`` when (and only when) it has the bug.

    Returns:
        True when the wrapper is (now or already) installed.
    """
    global _installed
    if _installed:
        return True
    if not emit_leaks_true():
        return False
    from PySide6.QtCore import SignalInstance

    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    py_object = ctypes.py_object

    def emit(self, *args):
        result = original(self, *args)
        incref(py_object(result))  # the reference PySide did not take
        return result

    emit.__doc__ = original.__doc__
    SignalInstance.emit = emit
    _installed = True
    log.info("PySide6 SignalInstance.emit reference-count work-around installed")
    return True
