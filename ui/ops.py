"""Operations off the GUI thread (后台操作): the one runner every slow clerk action goes through.

A clerk action that may take longer than a frame (a decision with its document render, a print
job, an ID-card read, a credit look-up, a save) is *an operation*: a plain function that runs on
the runner's worker thread, and callbacks that run on the GUI thread when it ended::

    from ui import ops

    ops.run(self, lambda: cases.accept(intake, actor),
            success=self._show_result,          # GUI thread, with the function's result
            failure=self._refused,              # optional; default: ui.errors.show_error
            key="decide", triggers=(button,), label=self.tr("正在受理…"))

What the runner does for every operation (as Anki's ``CollectionOp``/``QueryOp`` with its
``taskman`` and ``progress`` manager):

* **One worker, in order.** Operations run one at a time on a single background thread, in the
  order they were started: store writes are serialised, and one core stays free for the window
  on a two-core counter PC.
* **No double submission.** While an operation with the same ``key`` started by the same widget
  runs, :func:`run` does nothing and returns False (a second F9 while the first accept is
  being written). The ``triggers`` (buttons, actions, shortcuts) are disabled meanwhile and
  put back as they were before the result is delivered.
* **Progress only when it is slow.** A small busy indicator (a non-modal progress dialog that
  never takes the keyboard focus) appears when the operation still runs after
  :data:`PROGRESS_DELAY_MS` (600 ms); quick operations show nothing.
* **Errors the one way.** An exception raised by the function goes to ``failure``, by default
  :func:`ui.errors.show_error` (a ``CounterError`` as it is, anything else with an incident id).
* **Results to who asked.** ``success``/``failure`` run on the GUI thread. When the widget that
  started the operation was deleted meanwhile (a screen closed, the window reset), the result is
  dropped and logged at debug level; nothing touches a deleted object.

The function runs on another thread: it must not touch widgets or read them. Read what it needs
on the GUI thread first (values, a copy of the intake) and pass them in; a ``QImage``, a
``QPrinter`` with its ``QPainter`` and a ``QPdfDocument`` may be used on the worker (dialogs may
not). What the services use is safe there: the engine's connection pool (SQLite files are opened
with ``check_same_thread=False`` by SQLAlchemy, a connection per unit of work), the session guard
(:class:`counter.auth.SessionGuard` locks), the clock and the blob store (atomic renames).

Tests wait for the runner with ``tests.helpers.ops.wait_idle(qtbot)``.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import shiboken6
from PySide6.QtCore import (QCoreApplication, QObject, QRunnable, Qt, QThreadPool,
                            QTimer, Signal)
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

log = logging.getLogger(__name__)

__all__ = ["Runner", "default_runner", "run", "on_error_line", "PROGRESS_DELAY_MS"]

#: The busy indicator shows when an operation still runs after this long (ms).
PROGRESS_DELAY_MS = 600
#: Python's thread switch interval while a runner exists (s): how long the GUI thread waits
#: at most for the interpreter lock while the worker runs Python code.
SWITCH_INTERVAL_S = 0.001


@dataclass
class _Job:
    """An operation from :meth:`Runner.submit` until its result was delivered (GUI thread)."""

    id: int
    parent: QObject | None
    key: tuple | None
    success: Callable[[Any], Any] | None
    failure: Callable[[BaseException], Any] | None
    label: str
    triggers: list[tuple[Any, bool]] = field(default_factory=list)
    timer: QTimer | None = None
    indicator: QProgressDialog | None = None


class _Task(QRunnable):
    """Runs one function on the worker thread and reports to the runner."""

    def __init__(self, runner: "Runner", job_id: int, call: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._id = job_id
        self._call = call
        self.setAutoDelete(True)

    def run(self) -> None:  # the worker thread
        # The worker keeps the normal priority on purpose. It holds Python's interpreter lock
        # whenever it runs Python, and the GUI thread waits for that lock, not for a core: a
        # worker at nice +5 was taken off the CPU by other programs *while holding the lock*
        # (perf: 116 ms, the window frozen all along), and a page printed 3x slower when the
        # machine was busy (gui_stall_decide, issue 13).
        try:
            result = self._call()
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self._runner._report(self._id, False, exc)
        else:
            self._runner._report(self._id, True, result)
        finally:
            self._call = None  # let the closure's objects go on this thread


def _alive(obj: Any) -> bool:
    return obj is not None and shiboken6.isValid(obj)


class Runner(QObject):
    """Runs operations one at a time on a worker thread; delivers results on the GUI thread.

    One per application (:func:`default_runner`); tests make their own to choose the delay.

    Args:
        parent: the owner (default: the application).
        progress_delay_ms: how long an operation runs before the busy indicator shows.

    Attributes:
        progress_delay_ms: as given (may be changed; applies to operations started later).

    Signals:
        busyChanged(bool): the first operation started (True), or the last one's result was
            delivered (False).
        progressShown(object): the busy indicator of a slow operation appeared (the dialog).
    """

    busyChanged = Signal(bool)
    progressShown = Signal(object)
    _done = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None, *,
                 progress_delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent)
        self.progress_delay_ms = progress_delay_ms
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # serial: store writes one at a time, in order
        self._pool.setExpiryTimeout(-1)  # keep the one thread instead of making it again
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job] = {}
        self._keys: set[tuple] = set()
        self._delivering = 0
        self._closed = threading.Event()
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # The worker runs Python (reportlab, the services) while the clerk types: hand the
        # interpreter lock to the GUI thread within 1 ms instead of Python's default 5 ms.
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)

    # -- starting (GUI thread) ----------------------------------------------------------------

    def submit(self, parent: QObject | None, call: Callable[[], Any], *,
               success: Callable[[Any], Any] | None = None,
               failure: Callable[[BaseException], Any] | None = None,
               key: str | None = None, triggers: Iterable[Any] = (), label: str = "",
               progress: bool = True) -> bool:
        """Run ``call()`` on the worker thread; see :func:`run` for the arguments.

        Returns:
            True when it was started, False when the same ``key`` of ``parent`` still runs
            (nothing happens then).
        """
        full_key = (id(parent), key) if key is not None else None
        if full_key is not None and full_key in self._keys:
            log.debug("operation %s already running: second request ignored", key)
            return False
        if self._closed.is_set():
            log.debug("runner closed: operation %s not started", key)
            return False
        job = _Job(next(self._ids), parent, full_key, success, failure, label)
        for trigger in triggers:
            if _alive(trigger):
                job.triggers.append((trigger, trigger.isEnabled()))
                trigger.setEnabled(False)
        if full_key is not None:
            self._keys.add(full_key)
        was_idle = self.is_idle()
        self._jobs[job.id] = job
        if progress:
            job.timer = QTimer(self)
            job.timer.setSingleShot(True)
            job.timer.timeout.connect(lambda job_id=job.id: self._show_progress(job_id))
            job.timer.start(max(0, self.progress_delay_ms))
        self._pool.start(_Task(self, job.id, call))
        if was_idle:
            self.busyChanged.emit(True)
        return True

    def running(self, parent: QObject | None, key: str) -> bool:
        """Whether an operation ``key`` started by ``parent`` has not been delivered yet."""
        return (id(parent), key) in self._keys

    def is_idle(self) -> bool:
        """True when no operation is queued, running, or being delivered."""
        return not self._jobs and not self._delivering

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker ran everything queued (results are delivered later, by the
        event loop). For shutdown; never call it from a slot."""
        return self._pool.waitForDone(msecs)

    def close(self, msecs: int = 5000) -> bool:
        """At exit: start nothing more, wait at most ``msecs`` for the operation running, and
        drop every result not delivered yet. Returns whether the worker ended in time."""
        self._closed.set()
        ended = self._pool.waitForDone(msecs)
        for job in list(self._jobs.values()):
            self._finish(job)
        self._jobs.clear()
        return ended

    # -- the worker thread ----------------------------------------------------------------

    def _report(self, job_id: int, ok: bool, value: Any) -> None:
        if self._closed.is_set() or not shiboken6.isValid(self):
            return
        try:
            self._done.emit(job_id, ok, value)
        except RuntimeError:  # deleted between the check and the emit (at exit)
            pass

    # -- delivering (GUI thread) ------------------------------------------------------------

    def _deliver(self, job_id: int, ok: bool, value: Any) -> None:
        job = self._jobs.get(job_id)
        if job is None:  # closed meanwhile
            return
        self._delivering += 1
        try:
            del self._jobs[job_id]
            self._finish(job)
            if job.parent is not None and not shiboken6.isValid(job.parent):
                log.debug("operation %s ended after its widget was deleted: result dropped",
                          job.key[1] if job.key else job.id)
                if not ok:
                    log.debug("the dropped operation failed: %s", type(value).__name__)
                return
            if ok:
                if job.success is not None:
                    job.success(value)
            elif job.failure is not None:
                job.failure(value)
            else:
                from ui.errors import show_error

                show_error(job.parent if isinstance(job.parent, QWidget) else None, value)
        finally:
            self._delivering -= 1
            if self.is_idle():
                self.busyChanged.emit(False)

    def _finish(self, job: _Job) -> None:
        """Stop the progress, free the key and put the triggers back (before the callbacks,
        which may disable them again, e.g. after a decision)."""
        if job.timer is not None:
            job.timer.stop()
            job.timer.deleteLater()
            job.timer = None
        if _alive(job.indicator):
            job.indicator.close()
            job.indicator.deleteLater()
        job.indicator = None
        if job.key is not None:
            self._keys.discard(job.key)
        for trigger, enabled in job.triggers:
            if _alive(trigger):
                trigger.setEnabled(enabled)
        job.triggers.clear()

    def _show_progress(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is None:
            return
        window = job.parent.window() if isinstance(job.parent, QWidget) and _alive(job.parent) \
            else QApplication.activeWindow()
        dialog = QProgressDialog(job.label or self.tr("正在处理，请稍候…"), "", 0, 0, window)
        dialog.setObjectName("operationProgress")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # the clerk keeps typing where they were: the indicator never takes the focus
        dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        dialog.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        dialog.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        dialog.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        job.indicator = dialog
        dialog.show()
        self.progressShown.emit(dialog)


_runner: Runner | None = None


def default_runner() -> Runner:
    """The application's runner, made on first use (on the GUI thread); it stops with the
    application (``aboutToQuit``: the running operation is waited for, results dropped)."""
    global _runner
    if _runner is None or not shiboken6.isValid(_runner):
        app = QCoreApplication.instance()
        _runner = Runner(app)
        if app is not None:
            app.aboutToQuit.connect(_runner.close)
    return _runner


def run(parent: QObject | None, call: Callable[[], Any], *,
        success: Callable[[Any], Any] | None = None,
        failure: Callable[[BaseException], Any] | None = None,
        key: str | None = None, triggers: Iterable[Any] = (), label: str = "",
        progress: bool = True, runner: Runner | None = None) -> bool:
    """Run ``call()`` off the GUI thread and deliver its outcome to ``parent``.

    Args:
        parent: the widget that started it: the owner of the result (dropped when it is
            deleted before the end), the error box and the busy indicator.
        call: the operation; runs on the worker thread (no widgets there).
        success: called on the GUI thread with ``call()``'s result.
        failure: called on the GUI thread with the exception; default
            :func:`ui.errors.show_error` on ``parent``.
        key: the action's name: while it runs for ``parent``, a second :func:`run` with the
            same key does nothing (returns False).
        triggers: buttons, actions or shortcuts disabled while it runs (restored after).
        label: the busy indicator's text (default 正在处理，请稍候…).
        progress: show the busy indicator when it takes longer than the delay (False: an
            operation that waits for a device or the network and says so itself).
        runner: the runner (default :func:`default_runner`).

    Returns:
        Whether the operation was started.
    """
    return (runner or default_runner()).submit(
        parent, call, success=success, failure=failure, key=key, triggers=triggers,
        label=label, progress=progress)


def on_error_line(dialog) -> Callable[[BaseException], None]:
    """The ``failure`` of an operation started from a dialog with an error line: a refusal
    (:class:`counter.errors.CounterError`) is written on that line (``dialog.show_error(text)``,
    the dialog stays open to correct it); anything else goes to the one
    :func:`ui.errors.show_error` (an incident id)."""
    from counter.errors import CounterError
    from ui.errors import show_error
    from ui.login import error_text

    def failed(exc: BaseException) -> None:
        if isinstance(exc, CounterError):
            dialog.show_error(error_text(exc))
        else:
            show_error(dialog, exc)

    return failed
