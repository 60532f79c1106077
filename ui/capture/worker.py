"""Capture work off the GUI thread (后台处理).

Normalising a 12-megapixel photo takes a few hundred milliseconds; twenty of them would freeze
the window for seconds. :class:`CaptureWorker` runs such jobs one after another on a thread of
its own (one thread: pages are stored and attached in the order they were captured, and one
core stays free for the window on a two-core counter PC). Each job reports back on the GUI
thread through the worker's signals, which call the callbacks given to :meth:`submit`.

A job is a plain function ``job(progress) -> result``; ``progress(done, total)`` may be called
from the job as often as it likes: it is passed on at most 10 times a second.

Also here: :func:`thumbnail`, used by jobs to make page thumbnails as ``QImage`` (which, unlike
``QPixmap``, may be made on any thread).
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import threading
import time
import weakref
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import (QBuffer, QByteArray, QCoreApplication, QIODevice, QObject,
                            QRunnable, QSize, Qt, QThread, QThreadPool, Signal)
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)

__all__ = ["CaptureWorker", "thumbnail", "THUMB_SIZE"]

#: Longest side of a page thumbnail, in pixels.
THUMB_SIZE = 160
_PROGRESS_INTERVAL = 0.1

Job = Callable[[Callable[[int, int], None]], Any]


def thumbnail(jpeg: bytes, size: int = THUMB_SIZE) -> QImage:
    """A thumbnail of a stored page, decoded already scaled (fast; any thread)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(jpeg))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, b"jpeg")
    full = reader.size()
    if full.isValid() and max(full.width(), full.height()) > size:
        reader.setScaledSize(full.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


_lowered = threading.local()


def _lower_priority() -> None:
    """Let the GUI thread win when both want the CPU (once per pool thread).

    Qt's thread priorities map to nothing under Linux's default scheduler, so the thread's own
    nice value is raised there; elsewhere Qt's ``LowPriority`` does the job.
    """
    if getattr(_lowered, "done", False):
        return
    _lowered.done = True
    if sys.platform.startswith("linux"):
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + 5))
        except OSError:
            pass
    else:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


class _Bridge(QObject):
    """Carries results from pool threads to the GUI thread for every worker.

    One per application (a child of it): a job that ends after its worker was deleted (a
    screen closed mid-import) reports to the bridge, which finds no worker and drops it —
    nothing ever touches an object being destroyed.
    """

    finished = Signal(int, int, object)
    failed = Signal(int, int, object)
    progress = Signal(int, int, int, int)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.workers: dict[int, weakref.ref] = {}
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(self._finished, queued)
        self.failed.connect(self._failed, queued)
        self.progress.connect(self._progress, queued)

    def _finished(self, key: int, job_id: int, result: object) -> None:
        self._call(key, "_on_finished", job_id, result)

    def _failed(self, key: int, job_id: int, exc: object) -> None:
        self._call(key, "_on_failed", job_id, exc)

    def _progress(self, key: int, job_id: int, done: int, total: int) -> None:
        self._call(key, "_on_progress", job_id, done, total)

    def _call(self, key: int, method: str, *args) -> None:
        ref = self.workers.get(key)
        worker = ref() if ref is not None else None
        if worker is None or not shiboken6.isValid(worker):
            self.workers.pop(key, None)
            return
        getattr(worker, method)(*args)


_bridge: _Bridge | None = None


def _the_bridge() -> _Bridge:
    """The application's bridge, made on first use (on the GUI thread)."""
    global _bridge
    if _bridge is None or not shiboken6.isValid(_bridge):
        _bridge = _Bridge(QCoreApplication.instance())
    return _bridge


class _Runnable(QRunnable):
    def __init__(self, bridge: _Bridge, worker_key: int, job_id: int, job: Job) -> None:
        super().__init__()
        self._bridge = bridge
        self._key = worker_key
        self._id = job_id
        self._job = job
        self.setAutoDelete(True)

    def run(self) -> None:  # the worker thread
        _lower_priority()
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= _PROGRESS_INTERVAL or done >= total:
                last = now
                self._bridge.progress.emit(self._key, self._id, done, total)

        try:
            result = self._job(progress)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self._bridge.failed.emit(self._key, self._id, exc)
        else:
            self._bridge.finished.emit(self._key, self._id, result)


class CaptureWorker(QObject):
    """Runs capture jobs one at a time on a background thread.

    Args:
        parent: the owner. When it goes while jobs run, the jobs finish and their results
            are dropped.

    Signals:
        busyChanged(bool): jobs started running (True) or the last one ended (False).
        progress(int, int): done and total of the running job (at most 10 per second).
    """

    busyChanged = Signal(bool)
    progress = Signal(int, int)
    _keys = itertools.count(1)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._key = next(self._keys)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None,
                                         Callable[[BaseException], None] | None]] = {}

    def submit(self, job: Job, *, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> int:
        """Queue ``job``; ``on_done(result)`` or ``on_error(exception)`` is called on the GUI
        thread when it ends. Returns the job's id."""
        bridge = _the_bridge()
        bridge.workers[self._key] = weakref.ref(self)
        job_id = next(self._ids)
        was_idle = not self._callbacks
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.start(_Runnable(bridge, self._key, job_id, job))
        if was_idle:
            self.busyChanged.emit(True)
        return job_id

    def is_busy(self) -> bool:
        """True while a job is queued, running, or its result not yet delivered."""
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running and queued jobs ended (results are delivered later, by
        the event loop). For shutdown and tests; never call it from a slot."""
        return self._pool.waitForDone(msecs)

    def _on_finished(self, job_id: int, result: Any) -> None:
        on_done, _ = self._callbacks.pop(job_id, (None, None))
        try:
            if on_done is not None:
                on_done(result)
        finally:
            self._maybe_idle()

    def _on_failed(self, job_id: int, exc: BaseException) -> None:
        _, on_error = self._callbacks.pop(job_id, (None, None))
        try:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("capture job failed: %s", type(exc).__name__,
                          exc_info=(type(exc), exc, exc.__traceback__))
        finally:
            self._maybe_idle()

    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        if job_id in self._callbacks:
            self.progress.emit(done, total)

    def _maybe_idle(self) -> None:
        if not self._callbacks:
            self.busyChanged.emit(False)
