"""Unit of work: one service call, one transaction.

Leaving the ``with`` block without :meth:`UnitOfWork.commit` rolls everything back, so a
service that raises half-way changes nothing::

    with uow_factory() as uow:
        uow.session.add(row)
        uow.commit()
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """A transaction around one service call.

    Attributes:
        session: the SQLAlchemy session of this unit.
    """

    def __init__(self, session_factory: sessionmaker, *, write: bool) -> None:
        self._session_factory = session_factory
        self._write = write
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(self, *exc) -> None:
        # close() ends the transaction with a rollback (what was not committed is undone) and
        # returns the connection; a rollback() before it would only do the same work twice.
        self.session.close()

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("commit() on a read-only unit of work")
        self.session.commit()


class UowFactory:
    """Creates units of work on one engine: ``uow()`` writes, ``uow(read_only=True)`` reads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write = sessionmaker(bind=engine.execution_options(sqlite_begin="IMMEDIATE"),
                                   expire_on_commit=False)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self._read if read_only else self._write, write=not read_only)


UowCallable = Callable[..., UnitOfWork]
