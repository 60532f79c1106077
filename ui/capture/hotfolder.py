"""The hot folder at the window (热文件夹): new scans become pages of the selected material.

:class:`HotFolderWatcher` polls a :class:`counter.capture.hotfolder.HotFolder` with a
``QTimer`` (every 400 ms by default) and also right after a ``QFileSystemWatcher`` says the
folder changed, so a scan shows up in well under a second. Each complete file is imported on
its own (a refused file does not hold back the others) into the material the ``target``
function names at that moment — the material selected on the intake screen. While no material
is selected (``target()`` returns None), the folder is not polled and new files simply wait.

After its import a file is moved into ``processed/`` or, when refused, ``failed/`` (see
:class:`~counter.capture.hotfolder.HotFolder`) — also ``failed/`` when its pages could not be
stored because the draft was decided or discarded while the file was being processed.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from counter.capture.hotfolder import HotFile, HotFolder, HotFolderError

log = logging.getLogger(__name__)

__all__ = ["HotFolderWatcher", "POLL_MS"]

#: Milliseconds between two polls of the folder.
POLL_MS = 400


class HotFolderWatcher(QObject):
    """Routes files from a hot folder to the selected material's pages widget.

    Args:
        folder: the poller.
        target: returns the :class:`~ui.capture.pages.MaterialPagesWidget` new files go to,
            or None when no material is selected.
        parent: the owner.
        interval_ms: milliseconds between polls.

    Signals:
        imported(str): a file became pages (its name).
        refused(str): a file was refused (its name; the error was shown by the widget).
        error(str): the folder cannot be read (a Chinese message, emitted once until it
            can be read again).
    """

    imported = Signal(str)
    refused = Signal(str)
    error = Signal(str)

    def __init__(self, folder: HotFolder, target: Callable[[], object | None],
                 parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.folder = folder
        self._target = target
        self._failing = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: QTimer.singleShot(50, self, self.poll))

    def start(self) -> None:
        """Start watching (creates the folder when missing)."""
        try:
            self.folder.folder.mkdir(parents=True, exist_ok=True)
            if str(self.folder.folder) not in self._watcher.directories():
                self._watcher.addPath(str(self.folder.folder))
        except OSError:
            pass  # reported by the first poll
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())

    def is_active(self) -> bool:
        return self._timer.isActive()

    def poll(self) -> list[HotFile]:
        """Look at the folder now; returns the files handed to a material."""
        widget = self._target()
        if widget is None:
            return []
        try:
            files = self.folder.poll()
        except HotFolderError as exc:
            if not self._failing:
                self._failing = True
                log.warning("hot folder cannot be read")
                self.error.emit(exc.message)
            return []
        self._failing = False
        for file in files:
            widget.add_files([file.path], on_done=lambda ok, f=file: self._done(f, ok),
                             where=self._where_unstored(file))
        return files

    def _where_unstored(self, file: HotFile) -> str:
        """Where ``file`` is when its pages are not stored (it goes to ``failed/``)."""
        if self.folder.after == "leave":
            return self.tr("文件仍在热文件夹中：{name}。").format(name=file.path.name)
        return self.tr("文件已移入“{folder}”：{name}。").format(
            folder=self.folder.failed_dir, name=file.path.name)

    def _done(self, file: HotFile, ok: bool) -> None:
        self.folder.finish(file, ok=ok)
        (self.imported if ok else self.refused).emit(file.name)
