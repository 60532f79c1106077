"""Private files (本机数据文件权限): the data directory and every file that may hold personal data
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
           "write_private"]
