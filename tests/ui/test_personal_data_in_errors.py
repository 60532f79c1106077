"""Database errors never carry personal data (issue 12, 个人信息不外泄): an applicant's name, ID
number and mobile are seeded, database errors are provoked — a duplicate key inside a decision
service, a duplicate and a NOT NULL failure in a flush, a locked database — and every log line
(``caplog`` at DEBUG, and a handler on the root logger formatting tracebacks) and every
``str``/``repr`` of the exceptions on their way to :func:`ui.errors.show_error`, with what the
clerk sees and the incident log it writes, is scanned for the seeded values."""

from __future__ import annotations

import io
import logging
import sqlite3
import traceback
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from counter.clock import FixedClock
from counter.ids import make_id_number
from counter.store.models import CaseRow
from tests.unit.cases.helpers import DESK, T0, context_from_template, filled, make_template
from ui.errors import show_error

NAME = "司马懿测试"
ID_NUMBER = make_id_number("140802", date(1987, 6, 5), 712)
MOBILE = "13987650321"
SEEDED = (NAME, ID_NUMBER, MOBILE, ID_NUMBER[6:14], MOBILE[3:])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("pii"))


@pytest.fixture
def root_log():
    """Everything logged anywhere, tracebacks included, as a root-logger handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old)


@pytest.fixture
def cx(template, tmp_path, caplog, root_log):
    # DEBUG *before* the engine exists: SQLAlchemy decides then whether to log statements
    caplog.set_level(logging.DEBUG)
    c = context_from_template(template, tmp_path / "data", FixedClock(T0))
    yield c
    c.close()


def seeded_intake(cx):
    intake = filled(cx)
    intake.form["applicant.name"] = NAME
    intake.form["applicant.id_number"] = ID_NUMBER
    intake.form["applicant.gender"] = "1" if int(ID_NUMBER[16]) % 2 else "2"
    intake.form["contact.mobile"] = MOBILE
    cx.intake.save(intake, DESK)
    return intake


def texts_of(exc: BaseException) -> str:
    """Every way an exception may be shown or logged: str, repr, args, the formatted chain."""
    parts = []
    e: BaseException | None = exc
    while e is not None:
        parts += [str(e), repr(e), repr(e.args)]
        orig = getattr(e, "orig", None)
        if orig is not None:
            parts += [str(orig), repr(orig)]
        e = e.__cause__ or e.__context__
    parts.append("".join(traceback.format_exception(exc)))
    return "\n".join(parts)


def assert_clean(where: str, blob: str) -> None:
    for value in SEEDED:
        assert value not in blob, f"{where} holds the seeded value {value!r}"


def shown(qtbot, message_boxes, exc) -> str:
    """What show_error puts on the screen (and, for an unexpected error, logs with an id)."""
    show_error(None, exc)
    return "\n".join("\n".join(box) for box in message_boxes)


def test_a_failing_flush_inside_a_decision_leaks_no_personal_data(cx, qtbot, message_boxes,
                                                                  caplog, root_log):
    clerk = cx.site.get().actor("c0012")
    first = cx.cases.accept(seeded_intake(cx).id, clerk).case
    assert first.applicant.name == NAME  # the seeding took
    with cx.uow() as u:  # the serial handed out again: the next case number is taken
        u.session.execute(text("UPDATE case_serials SET last = last - 1"))
        u.commit()
    with pytest.raises(SQLAlchemyError) as err:
        cx.cases.accept(seeded_intake(cx).id, clerk)
    assert "UNIQUE" in str(err.value)  # a real constraint failure, not some other error
    assert_clean("the exception", texts_of(err.value))
    assert_clean("the message box", shown(qtbot, message_boxes, err.value))
    assert "SELECT" in caplog.text or "INSERT" in caplog.text  # the engine did log at DEBUG
    assert_clean("the log (caplog)", caplog.text)
    assert_clean("the log (root handler, incident traceback)", root_log.getvalue())
    assert "incident" in root_log.getvalue()


def test_flush_errors_and_a_locked_store_leak_no_personal_data(cx, qtbot, message_boxes,
                                                               caplog, root_log, monkeypatch):
    clerk = cx.site.get().actor("c0012")
    case_no = cx.cases.accept(seeded_intake(cx).id, clerk).case.case_no
    failures: list[BaseException] = []

    def copy_of_case(**changes) -> CaseRow:
        with cx.uow(read_only=True) as u:
            row = u.session.get(CaseRow, case_no)
            values = {c.key: getattr(row, c.key) for c in CaseRow.__table__.columns}
        return CaseRow(**(values | changes))

    # a duplicate key in a flush
    with pytest.raises(SQLAlchemyError) as err, cx.uow() as u:
        u.session.add(copy_of_case())
        u.session.flush()
    failures.append(err.value)
    # a NOT NULL failure in a flush (the values of the other columns are bound)
    with pytest.raises(SQLAlchemyError) as err, cx.uow() as u:
        u.session.add(copy_of_case(case_no=case_no[:-3] + "999", applicant_type=None))
        u.session.flush()
    failures.append(err.value)
    # a locked store: another process holds the write lock while this one writes
    from counter.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    engine = db.make_engine(db.sqlite_url(cx.data_dir / "counter.sqlite3"))
    other = sqlite3.connect(cx.data_dir / "counter.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(SQLAlchemyError) as err, engine.connect() as conn:
            conn.execute(text("UPDATE cases SET contact = :contact WHERE applicant_name = :name "
                              "AND applicant_id_number = :id"),
                         {"contact": MOBILE, "name": NAME, "id": ID_NUMBER})
        assert "locked" in str(err.value)
        failures.append(err.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
        engine.dispose()
    for exc in failures:
        assert_clean(f"the exception {type(exc).__name__}", texts_of(exc))
        assert_clean("the message box", shown(qtbot, message_boxes, exc))
    assert_clean("the log (caplog)", caplog.text)
    assert_clean("the log (root handler)", root_log.getvalue())
    assert root_log.getvalue().count("incident") >= len(failures)
