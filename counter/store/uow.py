"""Unit of work: one service call, one transaction.

Leaving the ``with`` block without :meth:`UnitOfWork.commit` rolls everything back, so a
service that raises half-way changes nothing::

    with uow_factory() as uow:
        uow.session.add(row)
        uow.case_changed(case_no, ChangeKind.ACCEPTED)  # what changed (counter.changes)
        uow.commit()

What a call records with :meth:`UnitOfWork.case_changed` is published to the factory's
:class:`counter.changes.Changes` only after :meth:`UnitOfWork.commit` succeeded, one
:class:`counter.changes.CaseChange` per case; a rolled-back unit reports nothing.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from counter.changes import ChangeKind, Changes, collect


class UnitOfWork:
    """A transaction around one service call.

    Attributes:
        session: the SQLAlchemy session of this unit.
    """

    def __init__(self, session_factory: sessionmaker, *, write: bool,
                 changes: Changes | None = None) -> None:
        self._session_factory = session_factory
        self._write = write
        self._changes = changes
        self._recorded: list[tuple[str, ChangeKind]] = []
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(self, *exc) -> None:
        # close() ends the transaction with a rollback (what was not committed is undone) and
        # returns the connection; a rollback() before it would only do the same work twice.
        self._recorded.clear()  # not committed: nothing to report
        self.session.close()

    def case_changed(self, number: str, kind: ChangeKind | str) -> None:
        """Record that this call changes case ``number`` (``kind``: :class:`ChangeKind`);
        published after the commit, once per case and kind."""
        if not self._write:
            raise RuntimeError("case_changed() on a read-only unit of work")
        self._recorded.append((number, ChangeKind(kind)))

    def commit(self) -> None:
        """Commit the transaction, then publish what it changed (a subscriber's failure is
        logged by the publisher and does not undo or fail the call)."""
        if not self._write:
            raise RuntimeError("commit() on a read-only unit of work")
        self.session.commit()
        recorded, self._recorded = self._recorded, []
        if recorded and self._changes is not None:
            self._changes.publish(collect(recorded))


class UowFactory:
    """Creates units of work on one engine: ``uow()`` writes, ``uow(read_only=True)`` reads.

    Args:
        engine: the store.
        changes: where committed units publish the cases they changed (default: a publisher
            of its own, ``factory.changes``).
    """

    def __init__(self, engine: Engine, *, changes: Changes | None = None) -> None:
        self.engine = engine
        self.changes = changes if changes is not None else Changes()
        self._write = sessionmaker(bind=engine.execution_options(sqlite_begin="IMMEDIATE"),
                                   expire_on_commit=False)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        if read_only:
            return UnitOfWork(self._read, write=False)
        return UnitOfWork(self._write, write=True, changes=self.changes)


UowCallable = Callable[..., UnitOfWork]
