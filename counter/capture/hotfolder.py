"""The hot folder a document camera (高拍仪) or a scanner saves into (热文件夹).

Counter devices are usually set up to drop each capture as a file into one folder. A
:class:`HotFolder` is polled (the desktop calls :meth:`HotFolder.poll` from a timer, or when a
file-system watcher says the folder changed) and hands out each new **complete** file exactly
once:

* complete — its size and modification time were the same on two consecutive polls (an empty
  file on three), and it can be opened for reading (on Windows a file still being written is
  locked);
* ignored — temporary and partial names (``*.tmp``, ``*.part``, ``*.crdownload``, ``~*``,
  ``.*``), sub-folders, and extensions that are not pages (only :data:`PAGE_EXTENSIONS`);
* once — each file is remembered by name, size and modification time; a file saved again under
  the same name with other content is new;
* afterwards — :meth:`HotFolder.finish` moves it into ``processed/`` (or ``failed/`` when it
  was refused), or, with ``after="leave"``, leaves it where it is (remembered for as long as the
  poller lives; ``ignore_existing`` then skips what was there at start, so that a restart does
  not import old files again).

Files are handed out oldest first (modification time, then name, numbers compared as
numbers: ``scan2`` before ``scan10``). Nothing here knows which material a file goes to: the
desktop routes each file to the material selected on screen.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from counter.errors import CounterError

log = logging.getLogger(__name__)

__all__ = ["HotFolder", "HotFile", "HotFolderError", "PAGE_EXTENSIONS", "IGNORED_PATTERNS"]

#: Extensions of the files taken from a hot folder (case-insensitive).
PAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf")
#: Names never taken: temporary, partial and system files.
IGNORED_PATTERNS = ("*.tmp", "*.temp", "*.part", "*.partial", "*.crdownload", "*.download",
                    "~*", ".*", "*~", "thumbs.db", "desktop.ini")
AFTER_CHOICES = ("move", "leave")


class HotFolderError(CounterError):
    """The hot folder cannot be read (热文件夹无法访问)."""


@dataclass(frozen=True)
class HotFile:
    """A complete file found in the hot folder.

    Attributes:
        path: where it is now.
        size: in bytes.
        mtime_ns: its modification time.
    """

    path: Path
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        return self.path.name

    def __repr__(self) -> str:
        return f"HotFile({self.size} bytes)"  # the name may hold personal data


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


class HotFolder:
    """Polls one folder for new complete page files.

    Args:
        folder: the folder the device saves into (created when missing).
        after: ``"move"`` (default): :meth:`finish` moves a file into ``processed`` or
            ``failed``; ``"leave"``: files stay, remembered in memory.
        processed: the sub-folder for imported files.
        failed: the sub-folder for refused files.
        ignore_existing: files already there at the first poll are never handed out
            (default: True with ``after="leave"``, False with ``"move"``).
        extensions: the extensions taken.
    """

    def __init__(self, folder: str | os.PathLike[str], *, after: str = "move",
                 processed: str = "processed", failed: str = "failed",
                 ignore_existing: bool | None = None,
                 extensions: tuple[str, ...] = PAGE_EXTENSIONS) -> None:
        if after not in AFTER_CHOICES:
            raise ValueError(f"after must be one of {AFTER_CHOICES}")
        self.folder = Path(folder)
        self.after = after
        self.processed_dir = self.folder / processed
        self.failed_dir = self.folder / failed
        self.extensions = tuple(e.lower() for e in extensions)
        self._ignore_existing = (after == "leave") if ignore_existing is None else ignore_existing
        self._first = True
        #: name -> (size, mtime_ns, polls seen unchanged)
        self._pending: dict[str, tuple[int, int, int]] = {}
        #: name -> (size, mtime_ns) handed out (or skipped at start)
        self._seen: dict[str, tuple[int, int]] = {}

    # -- polling ---------------------------------------------------------------------------

    def wanted(self, name: str) -> bool:
        """Whether a file of this name is a page file (not temporary, right extension)."""
        lower = name.lower()
        if any(fnmatch.fnmatchcase(lower, pattern) for pattern in IGNORED_PATTERNS):
            return False
        return lower.endswith(self.extensions)

    def poll(self) -> list[HotFile]:
        """The files that became complete since the last poll, oldest first; each once.

        Raises:
            HotFolderError: the folder cannot be created or listed.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            raise HotFolderError(f"无法读取扫描文件夹“{self.folder}”：{exc.strerror or exc}。"
                                 "请检查高拍仪/扫描仪的保存位置设置。") from None
        present: dict[str, tuple[int, int]] = {}
        for entry in entries:
            try:
                if not entry.is_file(follow_symlinks=False) or not self.wanted(entry.name):
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished meanwhile
            present[entry.name] = (st.st_size, st.st_mtime_ns)
        # forget what is gone: a new file of the same name later is a new file
        self._seen = {n: sig for n, sig in self._seen.items() if n in present}
        if self._first:
            self._first = False
            if self._ignore_existing:
                self._seen.update(present)
                self._pending = {}
                return []
        ready: list[HotFile] = []
        pending: dict[str, tuple[int, int, int]] = {}
        for name, (size, mtime) in present.items():
            if self._seen.get(name) == (size, mtime):
                continue
            before = self._pending.get(name)
            polls = before[2] + 1 if before and before[:2] == (size, mtime) else 1
            needed = 3 if size == 0 else 2
            path = self.folder / name
            if polls >= needed and self._readable(path):
                ready.append(HotFile(path, size, mtime))
                self._seen[name] = (size, mtime)
            else:
                pending[name] = (size, mtime, polls)
        self._pending = pending
        ready.sort(key=lambda f: (f.mtime_ns, _natural_key(f.name)))
        if ready:
            log.debug("hot folder: %d new file(s)", len(ready))
        return ready

    @staticmethod
    def _readable(path: Path) -> bool:
        try:
            with open(path, "rb") as f:
                f.read(1)
            return True
        except OSError:
            return False  # still locked by the device's software: next poll

    def pending_count(self) -> int:
        """Files seen but not yet complete."""
        return len(self._pending)

    # -- afterwards ------------------------------------------------------------------------

    def finish(self, file: HotFile, *, ok: bool = True) -> Path | None:
        """Done with ``file``: move it into ``processed/`` (``ok``) or ``failed/``.

        With ``after="leave"`` nothing moves. Returns the new path, or None when the file
        stayed (left, or it could not be moved: then it stays remembered and is not handed
        out again while the poller lives).
        """
        if self.after == "leave":
            return None
        target_dir = self.processed_dir if ok else self.failed_dir
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            target = self._free_name(target_dir, file.path.name)
            shutil.move(str(file.path), str(target))
        except OSError as exc:
            log.warning("hot folder: a file could not be moved (%s)", type(exc).__name__)
            return None
        self._seen.pop(file.path.name, None)
        return target

    @staticmethod
    def _free_name(folder: Path, name: str) -> Path:
        target = folder / name
        stem, suffix = os.path.splitext(name)
        n = 1
        while target.exists():
            target = folder / f"{stem}-{n}{suffix}"
            n += 1
        return target
