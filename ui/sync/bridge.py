"""The sync worker's reports as Qt signals on the GUI thread (同步信号桥).

:class:`sync.worker.BackgroundSync` runs the outbox worker on a thread of its own and reports
through plain callbacks (:class:`sync.worker.SyncCallbacks`), called on that thread. A
:class:`SyncBridge` lives on the GUI thread; its callbacks only emit its signals, which Qt
delivers to the widgets on the GUI thread (queued, since the emitting thread is another one).
Nothing in ``sync/`` knows Qt, and no widget is ever touched from the sync thread.

Stopping is quick and safe: :meth:`SyncBridge.stop` tells the worker to finish after the
requests in flight and waits at most ``stop_timeout`` seconds; from then on the callbacks are
dropped, so a late report never reaches a deleted object. Should a request still hang then
(a platform that does not answer), ``ui.app`` ends the process with
:func:`exit_leaving_worker` once the store is closed, instead of waiting for the request's
timeout: the outbox makes sending that event again harmless.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Callable, NoReturn

import shiboken6
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the worker (httpx) loads when it starts, after the window is shown
    from sync.worker import BackgroundSync, SyncCallbacks, WorkerOptions

log = logging.getLogger(__name__)

__all__ = ["SyncBridge", "STOP_TIMEOUT", "exit_leaving_worker"]

#: Seconds :meth:`SyncBridge.stop` waits for the worker at most (on exit).
STOP_TIMEOUT = 2.0


def _background_sync(*args) -> BackgroundSync:
    """:class:`sync.worker.BackgroundSync` (imported when the worker first starts)."""
    from sync.worker import BackgroundSync

    return BackgroundSync(*args)


class SyncBridge(QObject):
    """Runs the background sync and re-emits its callbacks as signals.

    Args:
        ctx: the application context.
        parent: the owning QObject (the main window's sync desk).
        options: worker tuning (tests: quick retries and short idle intervals).
        recheck: seconds between looks at a missing address or secret.
        runner: makes the runner from ``(ctx, callbacks, options, recheck)``; default
            :class:`sync.worker.BackgroundSync`.

    Attributes:
        options: the worker tuning used by the next :meth:`start`.
        stop_timeout: seconds :meth:`stop` waits for the worker thread.

    Signals:
        status_changed(object): a new :class:`counter.services.sync.SyncStatus`.
        event_reported(object): an :class:`sync.worker.EventReport` (acked, failed, refused,
            rewind; no payload).
        case_status_changed(str, str): the platform moved a case (case number, status).
        catalog_imported(str): a newer catalog came from the platform (Chinese message).
        calendar_imported(int): a year's working-day calendar came from the platform.
        error(str): the platform could not be reached, or sync cannot run (Chinese message,
            e.g. no address configured, no secret in the keyring).
    """

    status_changed = Signal(object)
    event_reported = Signal(object)
    case_status_changed = Signal(str, str)
    catalog_imported = Signal(str)
    calendar_imported = Signal(int)
    error = Signal(str)

    def __init__(self, ctx, parent: QObject | None = None, *,
                 options: WorkerOptions | None = None, recheck: float = 30.0,
                 runner: Callable[..., BackgroundSync] | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.options = options
        self._recheck = recheck
        self._make_runner = runner or _background_sync
        self._runner: BackgroundSync | None = None
        self._closed = threading.Event()
        self._stop_requested = False
        self.stop_timeout = STOP_TIMEOUT

    # -- the callbacks (sync thread) --------------------------------------------------------

    def callbacks(self) -> SyncCallbacks:
        """Callbacks that emit this bridge's signals (safe to call from any thread)."""
        from sync.worker import SyncCallbacks

        return SyncCallbacks(
            on_status=lambda status: self._emit(self.status_changed, status),
            on_event=lambda report: self._emit(self.event_reported, report),
            on_case_status=lambda case_no, status: self._emit(self.case_status_changed,
                                                              case_no, status),
            on_catalog=lambda message: self._emit(self.catalog_imported, message),
            on_calendar=lambda year: self._emit(self.calendar_imported, int(year)),
            on_error=lambda message: self._emit(self.error, message))

    def _emit(self, signal, *args) -> None:
        if self._closed.is_set() or not shiboken6.isValid(self):
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # deleted between the check and the emit (at exit)
            log.debug("sync report dropped: the bridge is gone")

    # -- control (GUI thread) ---------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the worker thread is alive."""
        return self._runner is not None and self._runner.running

    def start(self) -> None:
        """Start the worker thread (returns at once; idempotent)."""
        if self.running:
            return
        self._closed.clear()
        self._stop_requested = False
        self._runner = self._make_runner(self._ctx, self.callbacks(), self.options,
                                         self._recheck)
        self._runner.start()
        log.info("background sync started")

    def stop(self) -> bool:
        """Stop the worker (after its requests in flight, waiting at most
        :attr:`stop_timeout` seconds); later reports are dropped. Returns whether the thread
        ended in time (idempotent)."""
        self._closed.set()
        runner = self._runner
        if runner is None or not runner.running:
            return True
        if self._stop_requested:  # asked already (e.g. on quit): do not wait twice
            return not runner.running
        self._stop_requested = True
        runner.stop(self.stop_timeout)
        ended = not runner.running
        if ended:
            log.info("background sync stopped")
        else:
            log.warning("background sync still busy after %.1f s (a request in flight)",
                        self.stop_timeout)
        return ended

    def wake(self) -> None:
        """Send now (after a decision wrote its outbox event)."""
        if self.running:
            self._runner.wake()

    def restart(self) -> None:
        """Read the address and the secret again (after the administrator changed them)."""
        if self.running:
            self._runner.restart()


def exit_leaving_worker(status: int) -> NoReturn:
    """End the process now although the worker is still in a request (at exit).

    The worker finishes its requests before it stops, and a platform that does not answer
    would hold the exit up until the request times out (the interpreter waits for the
    sender threads). Nothing is lost by not waiting: the store is closed, an outcome not yet
    recorded leaves its event unacknowledged, and the event is sent again at the next start
    (the platform answers a replay with ``200``). Logs and standard streams are flushed first.
    """
    log.warning("exiting without waiting for the platform request in flight; "
                "it is sent again at the next start")
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(status)
