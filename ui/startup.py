"""The first window of the desktop client: a frame shown before the store is opened.

:func:`ui.app.run_gui` shows a :class:`StartFrame` as soon as the ``QApplication``, the bundled
font and the translators exist — before SQLAlchemy is imported or the store is opened (that
happens off the GUI thread, behind the frame). The frame carries the window title 综窗受理台,
a status line (正在打开数据存储… → 正在准备窗口…) and the data directory; the login dialog (or
the first administrator's) opens over it, and the main window takes its place at the same
geometry once it is built.

The clerk cannot work in the frame: it only says that the program is starting. It may be
closed (the program then ends once the store has finished opening, exit status 0).

This module imports Qt and the standard library only: everything it needs must be cheap
(docs/benchmarks.md, row ``startup``).
"""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QSize, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

translate = QCoreApplication.translate

#: The main window's preferred size (:class:`ui.main_window.MainWindow` asks for the same).
PREFERRED_SIZE = QSize(1280, 800)


class StartFrame(QMainWindow):
    """The frame shown while the program starts (see the module docstring).

    Args:
        data_dir: the data directory given on the command line (None: the default one).
        parent: normally none.

    Signals:
        closed(): the clerk closed the frame before the main window replaced it.
    """

    closed = Signal()

    def __init__(self, data_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startFrame")
        # the main window's and the start-up's own strings (contexts MainWindow and app): the
        # frame says what the window it stands for will say
        self.setWindowTitle(translate("MainWindow", "综窗受理台"))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("startStatus")
        self.set_status(translate("app", "正在打开数据存储…"))
        self.setCentralWidget(self.status_label)
        self.data_dir_label = QLabel(self)
        self.data_dir_label.setObjectName("dataDir")
        where = str(data_dir) if data_dir else translate("app", "默认数据目录")
        self.data_dir_label.setText(translate("MainWindow", "数据目录：{path}").format(path=where))
        self.statusBar().addPermanentWidget(self.data_dir_label)
        self.setMinimumSize(960, 600)
        self._replaced = False
        self._place()

    def _place(self) -> None:
        """The main window's size and place: within the available geometry of the screen."""
        screen = self.screen()
        area = screen.availableGeometry() if screen is not None else None
        size = PREFERRED_SIZE
        if area is not None:
            # the same room as ui.guard.fit_to_screen leaves for the frame (title bar, borders)
            size = size.boundedTo(QSize(max(area.width() - 16, 200), max(area.height() - 40, 150)))
            self.setMinimumSize(self.minimumSize().boundedTo(size))
        self.resize(size)

    def set_status(self, text: str) -> None:
        """Say what the program is doing now (正在准备窗口… …), in the middle of the frame.

        Centred by the rich text's ``align``, not ``setAlignment``: the first use of Qt's
        ``Qt`` namespace builds its hundreds of enums (about 25 ms), which the first window
        can do without."""
        self.status_label.setText(f'<p align="center">{html.escape(text)}</p>')

    def status(self) -> str:
        """The status line as plain text."""
        return self.status_label.text().removeprefix('<p align="center">').removesuffix("</p>")

    def hand_over(self, window: QWidget) -> None:
        """Give the frame's place to ``window`` (the main window): same geometry, same state;
        ``window`` is shown and activated, then the frame closes (no moment without a
        window)."""
        self._replaced = True
        if self.isVisible():
            if self.isMaximized():
                window.showMaximized()
            else:
                window.setGeometry(self.geometry())
                window.show()
        else:
            window.show()
        window.raise_()
        window.activateWindow()  # the keyboard goes on where the login dialog had it
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().closeEvent(event)
        if not self._replaced:
            self.closed.emit()


class BackgroundCall(QObject):
    """``fn()`` on a thread of its own during start-up, before the main window exists (the store
    is opened this way, behind the frame). ``finished`` is emitted (queued to the GUI thread)
    when it returned or raised; then ``result`` or ``error`` holds what happened. Deliberately
    minimal: no progress, no widget to deliver to — the screens' operations have their own
    runner.

    Args:
        fn: the call; it must not touch widgets.
        name: the thread's name (logs).
    """

    finished = Signal()

    def __init__(self, fn: Callable[[], Any], name: str = "background-call",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.result: Any = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def started(self) -> bool:
        return self._thread.ident is not None

    def done(self) -> bool:
        """The call has returned or raised (``result`` / ``error`` are set)."""
        return self._done.is_set()

    def join(self) -> None:
        """Wait (blocking) until the call has returned; at once when it never started."""
        if self.started():
            self._thread.join()

    def _run(self) -> None:
        try:
            self.result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.error = exc
        finally:
            self._done.set()
            self.finished.emit()


def lighten_pyside_import_check() -> bool:
    """Make PySide6's look at every newly imported module cheap (about 80 ms of CPU at start-up).

    Once imported, PySide6 asks of each module imported after it whether it uses PySide (for
    its ``__feature__`` switching, PYSIDE-2029) by searching the module's source for
    ``PySide6`` — through :func:`inspect.getsource`, which splits the whole file into lines and
    keeps them in :mod:`linecache`: some 500 modules (SQLAlchemy, the services, the screens) on
    the way to the main window. The same question is answered here by searching the file's
    bytes; modules without a ``.py`` file (built-ins, a frozen bundle) still go to PySide's own
    check. The project uses no ``__feature__``.

    Returns:
        Whether the check was replaced (False: this PySide6 has no such check, or already done).
    """
    import sys

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "original", None) is not None:
        return False

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    mod_uses_pyside.original = original
    feature._mod_uses_pyside = mod_uses_pyside
    return True
