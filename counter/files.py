"""Files of this machine and files from outside (本机数据文件).

## Private files (本机数据文件权限): the data directory and every file that may hold personal data
are the counter user's alone.

On POSIX the data directory and its sub-folders are ``0700`` and its files ``0600`` (the
database with its WAL and SHM files, the blobs); a PDF exported for the user (``document --out``,
另存为 PDF) is ``0600`` wherever it goes. Modes are set explicitly — ``os.open`` with the mode,
then ``fchmod``/``chmod`` — so they do not depend on the process's umask, and a file that
already exists with a wider mode is tightened when it is written again.

A data directory found wider than ``0700`` at start (an older version, a copy, a hand-made
folder) is tightened with everything in it, and a warning says so — never silently. When the
directory is already ``0700`` only its top level is checked, so that a start does not walk every
blob.

On Windows the per-user data directory (``%LOCALAPPDATA%``) is already private through its ACL;
POSIX modes mean nothing there and nothing is changed.

Logged paths are directories and counts, never file contents.

## Reading a file from outside with a cap (有上限地读取外来文件).

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

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

#: Mode of the data directory and its sub-folders.
DIR_MODE = 0o700
#: Mode of the data directory's files and of exported PDFs.
FILE_MODE = 0o600
POSIX = os.name == "posix"


def _wider(mode: int, allowed: int) -> bool:
    return bool(stat.S_IMODE(mode) & ~allowed)


def chmod_private(path: Path, *, directory: bool = False) -> bool:
    """Give ``path`` its private mode when it is wider; True when it was changed. A missing
    path is no error (False)."""
    if not POSIX:
        return False
    allowed = DIR_MODE if directory else FILE_MODE
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode) or not _wider(st.st_mode, allowed):
        return False
    return _chmod(path, stat.S_IMODE(st.st_mode) & allowed)


def _chmod(path: Path, mode: int) -> bool:
    """chmod; a file system or an owner that refuses it (a network share, another user's
    folder) is said in a warning, not fatal: the counter keeps working on its data."""
    try:
        os.chmod(path, mode)
    except PermissionError:
        log.warning("could not make %s private (%o): not permitted", path, mode)
        return False
    return True


def private_dir(path: Path) -> Path:
    """Create ``path`` as a private directory, missing parents included (each ``0700``, unlike
    ``mkdir -p``); an existing ``path`` is tightened to ``0700`` (not its parents: they may be
    the user's own folders)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process
            continue
        if POSIX:
            _chmod(d, DIR_MODE)  # exactly, whatever the umask
    if not missing:
        chmod_private(path, directory=True)
    return path


def prepare_data_dir(path: Path) -> Path:
    """Create the data directory ``0700``, or tighten an existing one (see the module
    docstring); returns it."""
    path = Path(path)
    if not path.exists():
        return private_dir(path)
    if not POSIX:
        return path
    wide = _wider(path.stat().st_mode, DIR_MODE)
    dirs = files = 0
    if wide:
        if not _chmod(path, stat.S_IMODE(path.stat().st_mode) & DIR_MODE):
            log.warning("data directory %s stays readable by other users", path)
            return path
        for root, subdirs, names in os.walk(path):
            for d in subdirs:
                dirs += chmod_private(Path(root, d), directory=True)
            for n in names:
                files += chmod_private(Path(root, n))
        log.warning("data directory %s was readable by other users: tightened to 0700 "
                    "(%d folders, %d files made private)", path, dirs, files)
        return path
    with os.scandir(path) as entries:
        for entry in entries:
            is_dir = entry.is_dir(follow_symlinks=False)
            if chmod_private(Path(entry.path), directory=is_dir):
                dirs += is_dir
                files += not is_dir
    if dirs or files:
        log.warning("data directory %s held entries readable by other users: %d folders, "
                    "%d files made private", path, dirs, files)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a ``0600`` file (created so, or tightened when it existed
    with a wider mode) — for a document exported for the user.

    Raises:
        OSError: the file cannot be written (the callers say so in Chinese).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        if POSIX:
            os.fchmod(f.fileno(), FILE_MODE)
        f.write(data)


__all__ = ["DIR_MODE", "FILE_MODE", "chmod_private", "prepare_data_dir", "private_dir",
           "write_private", "FileTooLarge", "NotAFile", "read_capped", "CHUNK"]


# -- reading outside files with a cap --------------------------------------------------------
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
