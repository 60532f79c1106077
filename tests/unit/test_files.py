"""Bounded reads of outside files (counter/files.py)."""

from __future__ import annotations

import os

import pytest

from counter.files import FileTooLarge, NotAFile, read_capped
from tests.helpers.files import measured_small


def test_a_file_within_its_cap_is_read_whole(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 1000)
    assert read_capped(path, 1000) == b"x" * 1000
    (tmp_path / "empty").write_bytes(b"")
    assert read_capped(tmp_path / "empty", 10) == b""


def test_a_larger_file_is_refused_by_its_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.bin"
    with open(path, "wb") as f:  # sparse: 3 GiB that take no disk
        f.truncate(3 * 1024 ** 3)
    reads = measured_small(monkeypatch, path, size=3 * 1024 ** 3)  # only counts the reads
    with pytest.raises(FileTooLarge) as caught:
        read_capped(path, 1024 * 1024)
    assert caught.value.size == 3 * 1024 ** 3 and reads.bytes == 0


def test_a_file_that_grows_after_it_was_measured_is_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "growing.jpg"
    path.write_bytes(b"y" * 50_000)
    reads = measured_small(monkeypatch, path, size=10)
    with pytest.raises(FileTooLarge) as caught:
        read_capped(path, 1000)
    assert caught.value.size is None and reads.bytes == 1001


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX devices")
def test_a_device_or_a_pipe_is_refused_before_reading(tmp_path):
    link = tmp_path / "scan.jpg"
    link.symlink_to("/dev/zero")  # size 0, endless
    with pytest.raises(NotAFile):
        read_capped(link, 1000)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # no writer: a blocking open would hang
    with pytest.raises(NotAFile):
        read_capped(fifo, 1000)
    with pytest.raises(NotAFile):
        read_capped(tmp_path, 1000)


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_capped(tmp_path / "missing", 10)
