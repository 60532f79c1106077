"""Start-up of the desktop client: ``python main.py`` ends up in :func:`run_gui`.

Order of events: the ``QApplication``, the bundled font, the translators and the error hook;
then the store (:func:`bootstrap.build`), the login and the main window
(:func:`open_desk`). The search index (pinyin) is built and the background sync (:mod:`ui.sync`)
started just *after* the window is shown, so that the window appears quickly; the sync stops
when the application quits, and the user is logged out.

Login (docs/security.md): the session guard enforces from before the first dialog on, so every
service call of this process needs the logged-in, unlocked user. On a store without users the
first start asks for the administrator; then the login dialog (and, for a temporary password,
the new one). Closing it ends the program (exit status 0). The idle lock
(:class:`ui.lock.LockController`, 文件 → 锁定屏幕) covers the window after the configured idle
time; 切换用户 at the lock screen hands the window to another user.

Start-up benchmark protocol: when the environment variable ``COUNTER_BENCH_T0`` holds a
``time.time()`` value taken by the parent process, the line
``window-shown <seconds since T0, 4 decimals>`` is written to stderr once the main window has
been shown and one turn of the event loop has run. ``quit_after`` (``--quit-after``) quits that
many seconds later (0: right away) with exit status 0. Nothing is ever written to stdout.
With ``quit_after`` (benchmarks, smoke tests) no login dialog is shown: the window opens with
nobody logged in — the guard still enforces, so every service call of that process is refused
(尚未登录) — and nothing waits for a person.
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

    Args:
        data_dir: the data directory (default: the user's data directory).
        lang: interface language, ``zh`` or ``en``.
        quit_after: quit that many seconds after the window is shown (benchmarks, smoke
            tests); ``None`` runs until the clerk quits.

    Returns:
        The exit status: 0 on a normal exit, non-zero when the store could not be opened.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import errors, fonts, guard, i18n

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    fonts.install_fonts(app)
    guard.install_guard(app)  # the wheel never edits; no dialog taller than the screen
    translators = i18n.install_translators(app, lang)
    previous_hook = errors.install_excepthook()
    sync_busy = False
    try:
        ctx = _open_store(data_dir, quit_after)
        if ctx is None:
            return EXIT_STORE_FAILED
        try:
            desk = open_desk(ctx, login=quit_after is None)
            if desk is None:
                return 0  # nobody logged in: the clerk chose 退出
            window = desk.window
            window.show()
            QTimer.singleShot(0, lambda: _after_show(window, quit_after))
            status = app.exec()
            sync_busy = not window.sync_desk.stop()  # stopped on quit; busy: a request hangs
            window.sealer.stop()  # a last audit seal, before the user is logged out
            desk.close()
            window.deleteLater()
            return status
        finally:
            ctx.close()
    finally:
        sys.excepthook = previous_hook
        i18n.remove_translators(app, translators)
        guard.remove_guard(app)
        if sync_busy:
            from ui.sync.bridge import exit_leaving_worker

            exit_leaving_worker(status)


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


def _open_store(data_dir: Path | None, quit_after: float | None):
    """The application context, or ``None`` after telling the clerk why it cannot be opened.

    Built by the composition root (:func:`bootstrap.build` with ``gui=True``: the Qt PDF
    rasteriser and the keyring seal keys); an invalid machine configuration
    (:class:`counter.errors.ConfigError`) is told like a store that cannot be opened.
    """
    from PySide6.QtCore import QCoreApplication

    from bootstrap import build, load_config
    from counter.errors import CounterError

    translate = QCoreApplication.translate

    try:
        ctx = build(load_config(data_dir), gui=True)
    except Exception as exc:  # noqa: BLE001 - every failure here ends the program with a message
        from ui.errors import new_incident_id

        incident = new_incident_id()
        log.error("incident %s: the store in %s cannot be opened", incident, data_dir or "(default)",
                  exc_info=True)
        if isinstance(exc, CounterError):
            reason = str(exc)
        elif isinstance(exc, OSError):
            reason = translate("app", "无法读写数据目录中的文件（{name}）。").format(
                name=exc.filename or type(exc).__name__)
        else:
            reason = translate("app", "数据库无法打开或已损坏。")
        _store_failed_box(data_dir, reason, incident, quit_after)
        return None
    return ctx


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
    """One event-loop turn after ``show()``: report, schedule the quit, then warm up search."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    t0 = os.environ.get(BENCH_ENV)
    if t0:
        try:
            elapsed = time.time() - float(t0)
        except ValueError:
            log.warning("%s is not a time value: %r", BENCH_ENV, t0)
        else:
            sys.stderr.write(f"window-shown {elapsed:.4f}\n")
            sys.stderr.flush()
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
