"""The data directory is the counter user's alone (issue 12): ``0700`` folders, ``0600`` files
(the database with its WAL and SHM files, the blobs), exported PDFs ``0600`` — whatever the
umask — and a data directory found wider is tightened at start with a warning."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from counter.clock import FixedClock
from counter.files import prepare_data_dir, write_private
from tests.unit.cases.helpers import T0

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask():
    """The loosest umask: modes must come from the program, not from the umask."""
    old = os.umask(0)
    yield
    os.umask(old)


def everything(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            yield Path(dirpath, d), True
        for f in filenames:
            yield Path(dirpath, f), False


def test_a_new_data_directory_is_private_whatever_the_umask(tmp_path, open_umask):
    from tests.helpers.context import build_context

    data = tmp_path / "new" / "CounterDesk"
    ctx = build_context(data, clock=FixedClock(T0))
    try:
        digest = ctx.blobs.put(b"a scanned ID card page")
        with ctx.uow() as u:  # a write: the WAL file exists while the engine is open
            u.session.execute(__import__("sqlalchemy").text("SELECT 1"))
        assert mode(data) == 0o700
        assert mode(data.parent) == 0o700  # a missing parent made on the way, not 0777
        db = data / "counter.sqlite3"
        wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
        assert wal.exists() and shm.exists()
        for f in (db, wal, shm):
            assert mode(f) == 0o600, f.name
        blob = ctx.blobs.path(digest)
        assert mode(blob) == 0o600
        assert mode(blob.parent) == mode(blob.parent.parent) == mode(data / "blobs") == 0o700
        for path, is_dir in everything(data):
            assert mode(path) == (0o700 if is_dir else 0o600), path
    finally:
        ctx.close()


def test_a_wider_data_directory_is_tightened_at_start_with_a_warning(tmp_path, caplog,
                                                                      open_umask):
    from tests.helpers.context import build_context

    data = tmp_path / "old"
    build_context(data, clock=FixedClock(T0), load_sample=False).close()
    (data / "blobs" / "ab" / "cd").mkdir(parents=True)
    page = data / "blobs" / "ab" / "cd" / ("ab" + "0" * 62)
    page.write_bytes(b"page")
    for path, is_dir in everything(data):
        os.chmod(path, 0o755 if is_dir else 0o644)
    os.chmod(data, 0o755)
    caplog.set_level(logging.INFO)
    build_context(data, clock=FixedClock(T0), load_sample=False).close()
    assert mode(data) == 0o700
    for path, is_dir in everything(data):
        assert mode(path) == (0o700 if is_dir else 0o600), path
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING
                and "readable by other users" in r.getMessage()]
    assert len(warnings) == 1 and str(data) in warnings[0].getMessage()


def test_a_private_directory_with_a_wider_database_file_is_tightened(tmp_path, caplog,
                                                                     open_umask):
    """A database copied in (``cp`` keeps 0644) into a directory that is already 0700."""
    from tests.helpers.context import build_context

    data = tmp_path / "copied"
    build_context(data, clock=FixedClock(T0), load_sample=False).close()
    os.chmod(data / "counter.sqlite3", 0o644)
    caplog.set_level(logging.INFO)
    build_context(data, clock=FixedClock(T0), load_sample=False).close()
    assert mode(data / "counter.sqlite3") == 0o600
    assert any("made private" in r.getMessage() for r in caplog.records
               if r.levelno == logging.WARNING)


def test_a_data_directory_already_private_is_left_quietly(tmp_path, caplog):
    data = prepare_data_dir(tmp_path / "quiet")
    (data / "f").write_bytes(b"")
    os.chmod(data / "f", 0o600)
    caplog.set_level(logging.DEBUG)
    prepare_data_dir(data)
    assert mode(data) == 0o700 and not caplog.records


def test_an_exported_pdf_is_private_even_when_it_existed_wider(tmp_path, open_umask):
    out = tmp_path / "回执.pdf"
    write_private(out, b"%PDF-1.4 new")
    assert mode(out) == 0o600 and out.read_bytes() == b"%PDF-1.4 new"
    out.write_bytes(b"%PDF-1.4 old and longer")
    os.chmod(out, 0o666)
    write_private(out, b"%PDF-1.4 x")
    assert mode(out) == 0o600 and out.read_bytes() == b"%PDF-1.4 x"  # truncated, not appended


def test_a_chmod_that_is_refused_is_a_warning_not_a_failure(tmp_path, caplog, monkeypatch):
    """A network share or a folder owned by someone else: the counter still starts."""
    data = tmp_path / "share"
    data.mkdir()
    os.chmod(data, 0o755)

    def refuse(path, mode, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    caplog.set_level(logging.WARNING)
    assert prepare_data_dir(data) == data
    messages = [r.getMessage() for r in caplog.records]
    assert any("not permitted" in m for m in messages)
    assert any("stays readable by other users" in m for m in messages)
    assert not any("tightened" in m for m in messages)
