"""Start-up of the desktop client: ``python main.py`` ends up in :func:`run_gui`.

Order of events (:func:`run_gui` lists the steps): the ``QApplication``, the bundled font and
the translators, and at once the first window — :class:`ui.startup.StartFrame`, a frame with
the title, 正在打开数据存储… and the data directory, which the clerk cannot work in yet. The
store is opened behind it on a thread of its own (:func:`_open_store`: the composition
root :func:`bootstrap.build` — SQLAlchemy, the migration check, the services), so nothing of
the store is imported before the frame is on screen; then the login over the frame, and the main window (:func:`open_desk`) takes the
frame's place. The search index (pinyin) is built and the background sync (:mod:`ui.sync`)
started just *after* the main window is shown; the sync stops when the application quits, and
the user is logged out.

Login (docs/security.md): the session guard enforces from before the first dialog on, so every
service call of this process needs the logged-in, unlocked user. On a store without users the
first start asks for the administrator; then the login dialog (and, for a temporary password,
the new one). Closing it (or the frame, while the store opens) ends the program (exit status
0). The idle lock (:class:`ui.lock.LockController`, 文件 → 锁定屏幕) covers the window after the
configured idle time; 切换用户 at the lock screen hands the window to another user.

Start-up benchmark protocol (docs/benchmarks.md, row ``startup``): when the environment
variable ``COUNTER_BENCH_T0`` holds a ``time.time()`` value taken by the parent process, these
lines (seconds since T0, 4 decimals) are written to stderr, in this order:

* ``window-shown <s>`` — the FIRST window (the start frame) has been shown and one turn of the
  event loop has run (the same line as ``bench/bare_window.py`` writes);
* ``phase store-open <s>`` — the store is open (the services are wired, the active catalog
  loaded);
* ``phase window-ready <s>`` — the main window has been built and shown and one turn of the
  event loop has run: the clerk can work (with a login, the time spent in the login dialog is
  included).

``quit_after`` (``--quit-after``) quits that many seconds after ``window-ready`` (0: right
away) with exit status 0. Nothing is ever written to stdout. With ``quit_after`` (benchmarks,
smoke tests) no login dialog is shown: the window opens with nobody logged in — the guard
still enforces, so every service call of that process is refused (尚未登录) — and nothing
waits for a person.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BENCH_ENV = "COUNTER_BENCH_T0"

# Exit status when the store cannot be opened.
EXIT_STORE_FAILED = 1


def run_gui(data_dir: Path | None = None, lang: str = "zh", quit_after: float | None = None) -> int:
    """Run the desktop client until its window is closed.

    Start-up sequence (the first window appears before the store is opened):

    1. the ``QApplication``, the bundled font and the translators; the :class:`ui.startup.
       StartFrame` (title 综窗受理台, 正在打开数据存储…, the data directory) is shown;
    2. one event-loop turn later: ``window-shown``; the store is opened on a thread of its own
       (:func:`_open_store`) while the frame stays responsive; meanwhile the UI guard and the
       error hook are installed;
    3. ``phase store-open`` (the store's thread also loaded the active catalog,
       :func:`_warm_up`); a store that cannot be opened: the error box, exit status 1;
    4. the login (or first-administrator) dialog over the frame (:func:`open_desk`) while the
       main window's modules are imported on a thread (:func:`_import_window_modules`); the
       main window built and put in the frame's place (:meth:`ui.startup.StartFrame.hand_over`);
    5. one event-loop turn later: ``phase window-ready``; then the search index, the scanner,
       the sync worker … (:func:`_after_show`).

    Args:
        data_dir: the data directory (default: the user's data directory).
        lang: interface language, ``zh`` or ``en``.
        quit_after: quit that many seconds after the main window is shown (benchmarks, smoke
            tests); ``None`` runs until the clerk quits.

    Returns:
        The exit status: 0 on a normal exit (also when the clerk closed the frame or the login
        dialog), non-zero when the store could not be opened.
    """
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui import fonts, i18n
    from ui.startup import BackgroundCall, StartFrame, lighten_pyside_import_check

    lighten_pyside_import_check()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    fonts.install_fonts(app)
    translators = i18n.install_translators(app, lang)
    frame = StartFrame(data_dir)
    frame.show()
    opening = BackgroundCall(lambda: _warm_up(_open_store(data_dir)), name="open-store")
    installed: dict[str, Any] = {}

    def first_window_shown() -> None:
        report_phase(FIRST_WINDOW)
        if frame.isVisible():
            opening.start()
        # not needed by the frame: after it is on screen, while the store opens
        from ui import errors, guard

        guard.install_guard(app)  # the wheel never edits; no dialog taller than the screen
        installed["guard"] = guard
        installed["hook"] = errors.install_excepthook()

    sync_busy = False
    status = 0
    preload = None
    try:
        waiting = QEventLoop()
        closed: list[bool] = []
        opening.finished.connect(waiting.quit)
        frame.closed.connect(lambda: closed.append(True))
        frame.closed.connect(waiting.quit)
        QTimer.singleShot(0, first_window_shown)
        waiting.exec()
        if "guard" not in installed:  # the frame was closed before its first turn
            first_window_shown()
        if closed:  # the clerk closed the frame while the store opened
            log.info("start frame closed while the store opens: quitting")
            opening.join()
            if opening.result is not None:
                opening.result.close()
            return 0
        if opening.error is not None:
            _store_failed(opening.error, data_dir, quit_after)
            return EXIT_STORE_FAILED
        ctx = opening.result
        report_phase("store-open")
        try:
            frame.set_status(QCoreApplication.translate("app", "正在准备窗口…"))
            if quit_after is None:  # while the clerk logs in, the main window's modules load
                preload = BackgroundCall(_import_window_modules, name="import-window")
                preload.start()
            desk = open_desk(ctx, login=quit_after is None, parent=frame)
            if desk is None:
                return 0  # nobody logged in: the clerk chose 退出
            window = desk.window
            frame.hand_over(window)
            QTimer.singleShot(0, lambda: _after_show(window, quit_after))
            status = app.exec()
            sync_busy = not window.sync_desk.stop()  # stopped on quit; busy: a request hangs
            window.sealer.stop()  # a last audit seal, before the user is logged out
            desk.close()
            window.deleteLater()
            return status
        finally:
            if preload is not None:
                preload.join()
            ctx.close()
    finally:
        frame.close()
        frame.deleteLater()
        if "hook" in installed:
            sys.excepthook = installed["hook"]
        i18n.remove_translators(app, translators)
        if "guard" in installed:
            installed["guard"].remove_guard(app)
        if sync_busy:
            from ui.sync.bridge import exit_leaving_worker

            exit_leaving_worker(status)


#: The phase whose line is ``window-shown`` (the benchmark protocol's first line).
FIRST_WINDOW = "first-window"


def report_phase(phase: str) -> None:
    """Write the benchmark protocol's line for ``phase`` to stderr when ``COUNTER_BENCH_T0``
    is set (see the module docstring): ``window-shown <s>`` for the first window, else
    ``phase <phase> <s>``."""
    t0 = os.environ.get(BENCH_ENV)
    if not t0:
        return
    try:
        elapsed = time.time() - float(t0)
    except ValueError:
        log.warning("%s is not a time value: %r", BENCH_ENV, t0)
        return
    line = (f"window-shown {elapsed:.4f}" if phase == FIRST_WINDOW
            else f"phase {phase} {elapsed:.4f}")
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@dataclass
class Desk:
    """The main window with its login session and idle lock (what :func:`run_gui` runs).

    Attributes:
        ctx: the application context.
        window: the :class:`ui.main_window.MainWindow`.
        lock: the idle lock of the logged-in user (None when nobody logged in).
    """

    ctx: Any
    window: Any
    lock: Any = None

    @property
    def session(self):
        """The current login session (it changes after 切换用户), or None."""
        return self.lock.session if self.lock is not None else None

    def close(self) -> None:
        """At the end: stop the idle lock, log the user out, remove the scanner filter."""
        from PySide6.QtWidgets import QApplication

        scanner = getattr(self.window, "scanner", None)
        if scanner is not None:
            QApplication.instance().removeEventFilter(scanner)
            self.window.scanner = None
        if self.lock is not None:
            self.lock.stop()
            self.ctx.users.logout(self.lock.session)


def open_desk(ctx, *, login: bool = True, parent=None) -> Desk | None:
    """Log in and open the main window on ``ctx`` (shown by the caller).

    The session guard enforces from here on. With ``login`` the first-start administrator
    dialog (empty store) or the login dialog comes first (:func:`ui.login.ensure_login`);
    None when the user quits there. Without it (``--quit-after``) the window opens with
    nobody logged in and every service call is refused.

    Args:
        ctx: the application context (:func:`bootstrap.build`).
        login: ask who is at the counter.
        parent: the parent of the login dialogs.
    """
    from ui.lock import LockController
    from ui.login import ensure_login
    from ui.main_window import MainWindow

    guard = ctx.permissions.guard
    guard.enforce(True)
    session = None
    if login:
        session = ensure_login(ctx.users, parent)
        if session is None:
            log.info("no login: quitting")
            return None
    window = MainWindow(ctx, actor=lambda: guard.actor())
    lock = None
    if session is not None:
        lock = LockController(ctx.users, session, window,
                              minutes=ctx.settings.idle_minutes())
        window.install_lock(lock)
        lock.start()
    return Desk(ctx, window, lock)


def _open_store(data_dir: Path | None):
    """The application context on the store in ``data_dir`` (raises when it cannot be opened).

    Built by the composition root (:func:`bootstrap.build` with ``gui=True``: the Qt PDF
    rasteriser, the keyring seal keys and the devices at the counter, ``ctx.devices`` — plain
    objects, no QObject is made on this thread); an invalid machine configuration
    (:class:`counter.errors.ConfigError`) is told like a store that cannot be opened. Runs on a
    thread of its own behind the start frame (:func:`run_gui`): it must not touch widgets. Its
    errors are shown by :func:`_store_failed`.
    """
    from bootstrap import build, load_config

    ctx = build(load_config(data_dir), gui=True)
    return ctx


def _warm_up(ctx):
    """On the store's thread, right after :func:`_open_store`: load what the main window's
    first page reads (the active catalog), so that the GUI thread does not."""
    from counter.errors import CounterError

    try:
        ctx.catalog.active()
    except CounterError:
        pass  # no active catalog: the main window says so itself
    return ctx


#: The modules of the main window that :func:`_import_window_modules` loads during the login.
WINDOW_MODULES = ("ui.main_window", "ui.intake.wiring", "ui.tolerance.wiring", "ui.sync.wiring",
                  "ui.calendar_notice", "ui.seal", "ui.lock")


def _import_window_modules() -> None:
    """Import the main window's modules on a thread while the clerk types the password
    (class definitions only: no widget is made off the GUI thread). A failure here is left
    to the GUI thread's own import, which reports it."""
    import importlib

    for name in WINDOW_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - imported again where it is used
            log.debug("preloading %s failed", name, exc_info=True)


def _store_failed(exc: BaseException, data_dir: Path | None, quit_after: float | None) -> None:
    """Tell the clerk why the store cannot be opened (:func:`_open_store` raised ``exc``)."""
    from PySide6.QtCore import QCoreApplication

    from counter.errors import CounterError
    from ui.errors import new_incident_id

    translate = QCoreApplication.translate
    incident = new_incident_id()
    log.error("incident %s: the store in %s cannot be opened", incident, data_dir or "(default)",
              exc_info=(type(exc), exc, exc.__traceback__))
    if isinstance(exc, CounterError):
        reason = str(exc)
    elif isinstance(exc, OSError):
        reason = translate("app", "无法读写数据目录中的文件（{name}）。").format(
            name=exc.filename or type(exc).__name__)
    else:
        reason = translate("app", "数据库无法打开或已损坏。")
    _store_failed_box(data_dir, reason, incident, quit_after)


def _store_failed_box(data_dir: Path | None, reason: str, incident: str,
                      quit_after: float | None) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QMessageBox

    translate = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Critical, translate("app", "综窗受理台"),
                      translate("app", "无法打开数据存储，程序不能启动。"))
    where = str(data_dir) if data_dir else translate("app", "默认数据目录")
    box.setInformativeText(
        translate("app", "数据目录：{where}\n原因：{reason}\n\n请检查该目录是否存在、可写，"
                         "或联系系统管理员（事件编号 {incident}）。").format(
            where=where, reason=reason, incident=incident))
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), box.reject)
    box.exec()


def _after_show(window, quit_after: float | None) -> None:
    """One event-loop turn after the main window is shown: report ``phase window-ready``,
    schedule the quit, then warm up search, start the scanner, the sync worker …"""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    report_phase("window-ready")
    if quit_after is not None:
        QTimer.singleShot(int(max(quit_after, 0) * 1000), lambda: QApplication.exit(0))
        if quit_after <= 0:
            return  # quitting right away: no point building the search index
    from ui.scanner import install_scanner

    # Installed here, not in MainWindow, so tests that type fast are not taken for scans.
    window.scanner = install_scanner(QApplication.instance())
    window.scanner.scanned.connect(window.desk.scan_router.route)
    QTimer.singleShot(0, window.catalog_browser.warm_up)
    QTimer.singleShot(0, window.desk.offer_drafts)
    QTimer.singleShot(0, window.sync_desk.start)  # background sync; stops on quit
    QTimer.singleShot(0, window.sealer.start)  # audit seal now and every few minutes
    QTimer.singleShot(0, window.desk.warm_up_printing)
