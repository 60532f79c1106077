"""The case hub (办件变更通知): one Qt signal for every committed case change.

The services record what they change in their unit of work and the process's publisher
(:class:`counter.changes.Changes`, ``ctx.changes``) tells its subscribers after the commit, on
the thread of the call: the GUI thread, the sync worker's thread, a background operation's.
:class:`CaseHub` is the GUI's one subscriber: it re-emits each change as
:attr:`CaseHub.case_changed` (and :attr:`CaseHub.changed` with the whole
:class:`counter.changes.CaseChange`), always *queued* onto the GUI thread — so a slot never
runs inside a service call, and never on a worker thread.

One hub per window, made by the main window (``window.hub``) and handed to the screens that
follow cases (the sync desk, the case view, the supervisors' lists …)::

    hub.case_changed.connect(self._case_changed)   # a bound method of a QObject

Connect bound methods of QObjects (or give a context object): Qt drops the connection when
the receiver is deleted, so a closed window never hears of a change.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal

from counter.changes import CaseChange, Changes

log = logging.getLogger(__name__)

__all__ = ["CaseHub"]


class CaseHub(QObject):
    """Re-emits the publisher's case changes as Qt signals on the GUI thread.

    Args:
        changes: the publisher (``ctx.changes``); the hub subscribes at once and unsubscribes
            when it is deleted (or :meth:`close` is called).
        parent: the owner (the main window).

    Signals:
        case_changed(str, str): the case number and the kind (:class:`counter.changes.ChangeKind`
            value; the first kind of the call).
        changed(object): the :class:`counter.changes.CaseChange` (every kind of the call).
    """

    case_changed = Signal(str, str)
    changed = Signal(object)
    _arrived = Signal(object)  # any thread → the hub's thread (queued)

    def __init__(self, changes: Changes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: Changes | None = changes
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        changes.subscribe(self._receive)
        # The publisher outlives the window: let go of it with the C++ object.
        self.destroyed.connect(_unsubscriber(changes, self._receive))

    def close(self) -> None:
        """Stop listening (the window closes)."""
        if self._changes is not None:
            self._changes.unsubscribe(self._receive)
            self._changes = None

    def _receive(self, change: CaseChange) -> None:
        """The publisher's call, on the service call's thread: queue it for the GUI thread."""
        try:
            self._arrived.emit(change)
        except RuntimeError:  # the hub was deleted meanwhile (at exit): nobody to tell
            pass

    def _deliver(self, change: CaseChange) -> None:
        self.changed.emit(change)
        self.case_changed.emit(change.number, change.kind.value)


def _unsubscriber(changes: Changes, receive):
    """A callable for ``destroyed`` holding no reference to the (dying) hub's Python side
    beyond the bound method it must remove."""
    return lambda *_args: changes.unsubscribe(receive)
