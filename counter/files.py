"""Reading a file from outside with a cap (有上限地读取外来文件).

Files handed to the counter — a scan imported by the clerk, a file in the 高拍仪's hot folder,
a holiday calendar an administrator imports — are outside input: a file may be far larger than
anything sensible, may grow while it is read (a scanner still writing it), or may not be a file
at all (a symbolic link to ``/dev/zero``, a named pipe: their size says 0 and reading never
ends). :func:`read_capped` therefore never reads more than ``limit + 1`` bytes:

1. the file is opened without blocking (a pipe without a writer does not hang the open) and
   measured on the open descriptor (``fstat``: no race between measuring and opening);
2. anything but a regular file is refused (:class:`NotAFile`); a size above the cap is
   refused before a byte is read (:class:`FileTooLarge`);
3. at most ``limit + 1`` bytes are read, in chunks; one byte more than ``limit`` means the file
   grew after it was measured, and it is refused as too large.

Callers turn the two exceptions into their own Chinese messages (the capture importer's
``too_large``/``not_a_file``, the calendar import's 文件过大). ``OSError`` (missing, no permission)
passes through unchanged.
"""

from __future__ import annotations

import os
import stat

__all__ = ["FileTooLarge", "NotAFile", "read_capped", "CHUNK"]

#: Bytes per read call.
CHUNK = 1024 * 1024


class FileTooLarge(Exception):
    """The file is larger than the cap (``size``: as measured, or None when it grew while read)."""

    def __init__(self, size: int | None) -> None:
        super().__init__("file larger than its cap")
        self.size = size


class NotAFile(Exception):
    """The path is not a regular file (a device, a pipe, a folder, a socket)."""

    def __init__(self) -> None:
        super().__init__("not a regular file")


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes.

    Raises:
        NotAFile: ``path`` is not a regular file (after following links).
        FileTooLarge: the file is, or while being read becomes, larger than ``limit``.
        OSError: it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile()
        if st.st_size > limit:
            raise FileTooLarge(st.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:
        raise FileTooLarge(None)
    return b"".join(chunks)
