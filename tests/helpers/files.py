"""Files that lie about their size: for the tests of bounded reads (counter/files.py)."""

from __future__ import annotations

import os
from pathlib import Path


class ReadCounter:
    """Counts the bytes ``os.read`` returns while installed (see :func:`measured_small`)."""

    def __init__(self) -> None:
        self.bytes = 0


def measured_small(monkeypatch, path: Path, size: int = 10) -> ReadCounter:
    """Make ``path`` *measure* ``size`` bytes (``os.stat``, ``Path.stat``, ``os.fstat``) while it
    holds more: a file that grows after it was measured (a scanner still writing it). Returns a
    counter of the bytes read through ``os.read`` meanwhile."""
    target = os.stat(path)
    real_stat, real_fstat, real_read = os.stat, os.fstat, os.read
    counter = ReadCounter()

    def small(st):
        if (st.st_dev, st.st_ino) != (target.st_dev, target.st_ino):
            return st
        fields = list(st)
        fields[6] = size  # st_size
        return os.stat_result(fields)

    def fake_stat(p, *args, **kwargs):
        return small(real_stat(p, *args, **kwargs))

    def fake_fstat(fd):
        return small(real_fstat(fd))

    def counting_read(fd, n):
        data = real_read(fd, n)
        counter.bytes += len(data)
        return data

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "fstat", fake_fstat)
    monkeypatch.setattr(os, "read", counting_read)
    return counter
