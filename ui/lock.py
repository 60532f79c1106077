"""The idle lock (空闲锁屏): after some minutes without input the screen locks.

* :class:`IdleWatcher` is an application-wide event filter: every key press, mouse click,
  mouse move, wheel turn, touch or input-method event marks the time; when nothing came for the
  configured minutes (setting ``idle_lock_minutes``, default 10) it emits ``idle``. The filter
  itself only stores a number, so it costs nothing noticeable per event.
* :class:`LockScreen` covers the whole screen (frameless, full screen, application-modal, so
  no window behind it gets input or shows what is on it). It asks for the same user's password,
  or offers 切换用户 (another user logs in; the previous session ends).
* :class:`LockController` ties them to :class:`counter.services.users.UserService`: it locks
  the session in the service layer first (``users.lock``: from then on every service call of
  that session is refused), then shows the screen; only ``users.unlock`` lifts it.

Nothing typed is lost: intake drafts are saved as the clerk types, so a lock in the middle
of an intake leaves the draft as it was, and the next user finds it among the drafts.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from counter.errors import CounterError
from ui.login import LoginDialog, error_text, make_error_label, make_password_edit

log = logging.getLogger(__name__)

#: Events that count as the user being there.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
})

#: 锁定屏幕 (Ctrl+L is taken: it focuses the search box of 办件查询; docs/keyboard.md).
LOCK_SHORTCUT = "Ctrl+Shift+L"


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``seconds`` without user input anywhere in the application.

    Args:
        seconds: the idle time.
        now: a monotonic clock in seconds (tests pass a fake one).
        parent: the parent object.

    Signals:
        idle(): nobody touched keyboard, mouse or screen for the idle time.
    """

    idle = Signal()

    def __init__(self, seconds: float, *, now: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seconds = float(seconds)
        self._now = now
        self._last = now()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    @property
    def seconds(self) -> float:
        return self._seconds

    @property
    def running(self) -> bool:
        return self._running

    def set_seconds(self, seconds: float) -> None:
        """Change the idle time (e.g. after the administrator changed the setting)."""
        self._seconds = float(seconds)
        if self._running:
            self.check()

    def start(self) -> None:
        """Start watching (again), counting from now."""
        app = QApplication.instance()
        if not self._running:
            app.installEventFilter(self)
        self._running = True
        self._last = self._now()
        self._arm(self._seconds)

    def stop(self) -> None:
        """Stop watching (while the screen is locked, and at the end)."""
        if self._running:
            QApplication.instance().removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def idle_for(self) -> float:
        """Seconds since the last input."""
        return self._now() - self._last

    def check(self) -> None:
        """Emit ``idle`` when the time is up; otherwise wait for the rest of it."""
        if not self._running:
            return
        rest = self._seconds - self.idle_for()
        if rest <= 0:
            self.stop()
            self.idle.emit()
        else:
            self._arm(rest)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in INPUT_EVENTS:
            self._last = self._now()
        return False

    def _arm(self, seconds: float) -> None:
        self._timer.start(max(1, int(seconds * 1000) + 1))


class LockScreen(QDialog):
    """The lock screen (锁屏): the same user's password, or 切换用户.

    It cannot be closed with Esc or the window manager; it closes only after a successful
    unlock or a login of another user.

    Args:
        users: the user service.
        session: the locked login session.
        parent: the main window (the screen it covers).

    Attributes:
        password_edit, unlock_button, switch_button: the controls.

    Signals:
        unlocked(): the same user entered the password.
        switched(object): another user logged in (the new :class:`counter.auth.LoginSession`).
    """

    unlocked = Signal()
    switched = Signal(object)

    def __init__(self, users, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users = users
        self._session = session
        self._done = False
        self.setObjectName("lockScreen")
        self.setWindowTitle(self.tr("屏幕已锁定"))
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoFillBackground(True)

        title = QLabel(self.tr("屏幕已锁定"), self)
        title.setObjectName("title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        title.setFont(font)
        who = QLabel(self.tr("{name}（工号 {user_id}）已锁定此窗口，请输入密码解锁。").format(
            name=session.user.name, user_id=session.user_id), self)
        who.setObjectName("who")
        who.setWordWrap(True)
        self.password_edit = make_password_edit(self, "password")
        self.password_edit.setPlaceholderText(self.tr("密码"))
        self.password_edit.setMinimumWidth(280)
        self.error_label = make_error_label(self)
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button = QPushButton(self.tr("切换用户"), self)
        self.switch_button.setObjectName("switchUser")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch_user)

        # Wrapped lines take the whole width and centre their text: aligned in the layout
        # instead, Qt gives them a guessed width and one line's height, and cuts them off.
        for label in (title, who, self.error_label):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box = QVBoxLayout()
        box.addWidget(title)
        box.addWidget(who)
        box.addWidget(self.password_edit, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box)
        outer.addStretch(2)

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def cover(self) -> None:
        """Show over the whole screen of the parent window and take the keyboard."""
        parent = self.parentWidget()
        # QWidget.screen explicitly: the main window has a screen(screen_id) of its own
        screen = (QWidget.screen(parent) if parent is not None else None) or QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.password_edit.setFocus()

    def try_unlock(self) -> None:
        password = self.password_edit.text()
        self.password_edit.clear()
        if not password:
            self._show_error(self.tr("请输入密码。"))
            return
        try:
            self._users.unlock(self._session, password)
        except CounterError as exc:
            self._show_error(error_text(exc))
            return
        self._finish()
        self.unlocked.emit()

    def switch_user(self) -> None:
        dialog = LoginDialog(self._users, self, title=self.tr("切换用户"))
        dialog.cancel_button.setText(self.tr("取消"))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session is None:
            self.password_edit.setFocus()
            return
        self._finish()
        self.switched.emit(dialog.session)

    # -- cannot be dismissed ----------------------------------------------------------------

    def reject(self) -> None:  # Esc
        if self._done:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()

    def _finish(self) -> None:
        self._done = True
        self.error_label.hide()
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.password_edit.setFocus()


class LockController(QObject):
    """Idle lock for a window and a login session.

    Args:
        users: the user service.
        session: the logged-in session.
        window: the main window (the lock screen covers its screen).
        minutes: idle minutes before locking (``SettingsService.idle_minutes()``).
        now: a monotonic clock in seconds (tests).

    Attributes:
        watcher: the idle watcher.
        lock_action: 锁定屏幕 (Ctrl+Shift+L), for the window's menu.
        screen: the lock screen while locked, else None.

    Signals:
        about_to_lock(): the session is about to be locked (save what is pending now: from
            the lock on, the services refuse this session).
        locked(): the session was locked and the lock screen is shown.
        unlocked(): the same user unlocked.
        switched(object): another user logged in at the lock screen (new LoginSession).
    """

    about_to_lock = Signal()
    locked = Signal()
    unlocked = Signal()
    switched = Signal(object)

    def __init__(self, users, session, window: QWidget, *, minutes: float = 10,
                 now: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._users = users
        self._session = session
        self._window = window
        self.screen: LockScreen | None = None
        self.watcher = IdleWatcher(minutes * 60, now=now, parent=self)
        self.watcher.idle.connect(lambda: self.lock("idle"))
        self.lock_action = QAction(self.tr("锁定屏幕(&L)"), window)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setObjectName("lockAction")
        self.lock_action.triggered.connect(lambda: self.lock("manual"))
        window.addAction(self.lock_action)

    @property
    def session(self):
        """The current login session (changes after 切换用户)."""
        return self._session

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def start(self) -> None:
        """Start watching for idleness."""
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    def set_minutes(self, minutes: float) -> None:
        self.watcher.set_seconds(minutes * 60)

    def lock(self, reason: str = "manual") -> None:
        """Lock the session in the service layer, then cover the screen."""
        if self.screen is not None:
            return
        self.watcher.stop()
        self.about_to_lock.emit()
        try:
            self._users.lock(self._session, reason=reason)
        except CounterError:
            log.warning("lock of an ended session; locking the guard anyway")
            self._users.guard.lock()
        self.screen = LockScreen(self._users, self._session, self._window)
        self.screen.unlocked.connect(self._on_unlocked)
        self.screen.switched.connect(self._on_switched)
        self.screen.cover()
        self.locked.emit()

    def _on_unlocked(self) -> None:
        self._close_screen()
        self.unlocked.emit()

    def _on_switched(self, session) -> None:
        self._session = session
        self._close_screen()
        self.switched.emit(session)

    def _close_screen(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        self.watcher.start()
