"""How sync plugs into the main window (同步接入).

:class:`SyncDesk` is created by the main window after the desk (受理, 办件查询) and adds:

* the sync indicator at the left of the status bar (:class:`ui.sync.indicator.SyncIndicator`);
  clicking it opens the refused events;
* a 同步 menu: 被退回的事件… for supervisors and administrators (``sync.view_refused``; a
  clerk's click on the indicator gets a hint instead, and reads nothing), 平台数据问题… (the
  status-feed items kept aside, ``sync.view_feed_problems``; the indicator's click opens it
  when only those wait), 日结对账… for counter
  staff (``sync.reconcile``), 立即同步, and 同步设置… for administrators
  (``permissions.allows(actor, "platform.configure")`` for the logged-in user acting as admin);
  the services check and audit again;
* 立即发送 after each decision: the window's case hub (:class:`ui.hub.CaseHub`) reports every
  committed change that writes an event for the platform (受理, 告知, 不予受理, 容缺受理,
  补正, 终止, 出件 — :data:`WAKING`), wherever it was made; the worker is woken and the
  indicator re-reads the pending count; a kept-aside or handled feed item re-reads it too;
* the per-case sync line of the 办件查询 screen follows the same hub (the case view subscribes
  itself: :meth:`ui.case_view.CaseView._case_changed`); nothing here reaches into the screens.
  The indicator reads the open :meth:`counter.services.sync.SyncService.status` (counts only).
* 被退回的事件's 打开办件 is re-emitted as :attr:`SyncDesk.open_case`; the main window shows
  the case.

The background worker (:class:`ui.sync.bridge.SyncBridge`) is *not* started here: ``ui.app``
calls :meth:`SyncDesk.start` once the window is shown (tests start it only when they ask), and
the desk stops it when the application is about to quit.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from counter.changes import CaseChange, ChangeKind
from counter.errors import CounterError
from counter.identity import Actor
from counter.services.sync import SyncStatus
from ui import ops
from ui.sync.bridge import SyncBridge
from ui.sync.indicator import SyncIndicator

if TYPE_CHECKING:  # the worker (httpx) loads when it starts, after the window is shown
    from sync.worker import EventReport, WorkerOptions

log = logging.getLogger(__name__)

__all__ = ["SyncDesk", "configure_actor", "resend_actor", "refused_reader", "reconcile_actor",
           "feed_problems_reader", "feed_problems_resolver", "STATUS_REFRESH_MS", "WAKING"]

#: The case changes that write an event for the platform: they wake the worker.
WAKING = (ChangeKind.ACCEPTED, ChangeKind.NOTIFIED, ChangeKind.REJECTED,
          ChangeKind.TOLERANCE_APPROVED, ChangeKind.SUPPLEMENTED, ChangeKind.TERMINATED,
          ChangeKind.PICKED_UP)

#: How often the indicator re-reads the status on its own (other counters in hall mode, a
#: worker that is not running), in milliseconds.
STATUS_REFRESH_MS = 30_000


def _acting(ctx, action: str, roles: tuple[str, ...]) -> Actor | None:
    """The logged-in user in the first of ``roles`` they hold, when that may ``action`` now."""
    perm = ctx.permissions
    session = perm.guard.current if perm is not None and perm.guard is not None else None
    if session is None:
        return None
    for role in roles:
        if role in session.user.roles:
            actor = session.actor_as(role)
            return actor if perm.allows(actor, action) else None
    return None


def configure_actor(ctx) -> Actor | None:
    """The logged-in user acting as administrator when they may configure the platform
    (``platform.configure``), else None (nobody logged in, no admin role, locked …)."""
    return _acting(ctx, "platform.configure", ("admin",))


def resend_actor(ctx) -> Actor | None:
    """The logged-in user acting as supervisor (else administrator) when they may resend
    refused events (``sync.resend``), else None."""
    return _acting(ctx, "sync.resend", ("supervisor", "admin"))


def refused_reader(ctx) -> Actor | None:
    """The logged-in user acting as supervisor (else administrator) when they may read the
    refused events (``sync.view_refused``) now, else None (a clerk, a locked screen …)."""
    return _acting(ctx, "sync.view_refused", ("supervisor", "admin"))


def feed_problems_reader(ctx) -> Actor | None:
    """The logged-in user acting as supervisor (else administrator) when they may read the
    status-feed items kept aside (``sync.view_feed_problems``) now, else None."""
    return _acting(ctx, "sync.view_feed_problems", ("supervisor", "admin"))


def feed_problems_resolver(ctx) -> Actor | None:
    """The logged-in user acting as supervisor (else administrator) when they may mark
    kept-aside feed items handled (``sync.resolve_feed_problem``) now, else None."""
    return _acting(ctx, "sync.resolve_feed_problem", ("supervisor", "admin"))


def reconcile_actor(ctx) -> Actor | None:
    """The logged-in user in a counter role when they may reconcile a day
    (``sync.reconcile``) now, else None (an administrator, a locked screen …)."""
    return _acting(ctx, "sync.reconcile", ("supervisor", "clerk", "bank_staff"))


class SyncDesk(QObject):
    """Sync in the main window: indicator, 同步 menu, refused events, settings, 日结.

    Args:
        window: the main window (``statusBar()``, ``menuBar()``, ``about_action``).
        ctx: the application context (``sync``, ``site``, ``clock``, ``changes``).
        hub: the window's case hub (:class:`ui.hub.CaseHub`; default: one of its own on
            ``ctx.changes``).
        options: worker tuning (tests).
        recheck: seconds between looks at a missing address or secret.

    Attributes:
        bridge: the background worker's signals (:class:`ui.sync.bridge.SyncBridge`).
        indicator: the status-bar widget.
        menu: 同步; refused_action, feed_problems_action, reconcile_action, sync_now_action,
            settings_action.
        refused: the refused-events window once opened (else None); feed_problems: the
            平台数据问题 window once opened (else None); dialog: the settings or
            reconciliation dialog opened last.

    Signals:
        open_case(str): 打开办件 in the refused-events window (the case number).
    """

    open_case = Signal(str)

    def __init__(self, window, ctx, *, hub=None, options: WorkerOptions | None = None,
                 recheck: float = 30.0) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self.refused = None
        self.feed_problems = None
        self.dialog = None
        if hub is None:
            from ui.hub import CaseHub

            hub = CaseHub(ctx.changes, self)
        self.hub = hub
        self.bridge = SyncBridge(ctx, self, options=options, recheck=recheck)
        self.indicator = SyncIndicator(ctx.clock.now, window)
        window.statusBar().insertPermanentWidget(0, self.indicator)
        self.indicator.clicked.connect(self._indicator_clicked)
        self._build_menu()

        self.bridge.status_changed.connect(self._status)
        self.bridge.error.connect(self.indicator.show_problem)
        self.bridge.catalog_imported.connect(self._message)
        self.bridge.calendar_imported.connect(
            lambda year: self._message(self.tr("已从平台更新 {year} 年工作日历。").format(year=year)))

        hub.changed.connect(self._case_changed)
        # changes reported together (a tolerance approval names the request and the case)
        # wake the worker once
        self._wake_soon = QTimer(self)
        self._wake_soon.setSingleShot(True)
        self._wake_soon.setInterval(0)
        self._wake_soon.timeout.connect(self.wake)
        self._status_soon = QTimer(self)
        self._status_soon.setSingleShot(True)
        self._status_soon.setInterval(0)
        self._status_soon.timeout.connect(self.refresh_status)

        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_status)
        self.refresh_status()

    # -- the menu --------------------------------------------------------------------------

    def _build_menu(self) -> None:
        window = self._window
        bar = window.menuBar()
        self.menu = QMenu(self.tr("同步(&Y)"), bar)
        self.menu.setObjectName("syncMenu")
        self.refused_action = QAction(self.tr("被退回的事件(&R)…"), self.menu)
        self.refused_action.setStatusTip(self.tr("平台拒收、需要人工处理的事件及平台说明的原因"))
        self.refused_action.triggered.connect(self.show_refused)
        self.feed_problems_action = QAction(self.tr("平台数据问题(&P)…"), self.menu)
        self.feed_problems_action.setStatusTip(self.tr("平台发来但未能应用的状态回传（格式不符、本机无此办件等）"))
        self.feed_problems_action.triggered.connect(self.show_feed_problems)
        self.reconcile_action = QAction(self.tr("日结对账(&D)…"), self.menu)
        self.reconcile_action.setStatusTip(self.tr("按日核对本地决定与平台已确认的事件"))
        self.reconcile_action.triggered.connect(self.reconcile)
        self.sync_now_action = QAction(self.tr("立即同步(&N)"), self.menu)
        self.sync_now_action.setStatusTip(self.tr("立即发送待发送的事件"))
        self.sync_now_action.triggered.connect(self.sync_now)
        self.settings_action = QAction(self.tr("同步设置(&S)…"), self.menu)
        self.settings_action.triggered.connect(self.settings)
        for action in (self.refused_action, self.feed_problems_action, self.reconcile_action,
                       self.sync_now_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.settings_action)
        self.menu.aboutToShow.connect(self._update_actions)
        help_action = next((a for a in bar.actions() if a.menu() is not None
                            and window.about_action in a.menu().actions()), None)
        if help_action is not None:
            bar.insertMenu(help_action, self.menu)
        else:
            bar.addMenu(self.menu)
        self._update_actions()

    def _update_actions(self) -> None:
        """What the logged-in user may do here: when the 同步 menu opens, and after 切换用户
        (the main window calls it) — then an open 同步设置 is closed for a non-administrator and
        an open 被退回的事件 window re-reads who may resend."""
        admin = configure_actor(self._ctx) is not None
        reader = refused_reader(self._ctx) is not None
        self.refused_action.setEnabled(reader)
        self.refused_action.setStatusTip(
            self.tr("平台拒收、需要人工处理的事件及平台说明的原因") if reader else
            self.tr("仅值班长或管理员可查看被退回的事件；办件的退回原因见办件查询中的同步状态"))
        problems_reader = feed_problems_reader(self._ctx) is not None
        self.feed_problems_action.setEnabled(problems_reader)
        self.feed_problems_action.setStatusTip(
            self.tr("平台发来但未能应用的状态回传（格式不符、本机无此办件等）") if problems_reader else
            self.tr("仅值班长或管理员可查看平台数据问题"))
        self.reconcile_action.setEnabled(reconcile_actor(self._ctx) is not None)
        self.settings_action.setEnabled(admin)
        self.settings_action.setStatusTip(
            self.tr("省级平台地址、CA 文件和客户端密钥（管理员）") if admin else
            self.tr("仅管理员可修改同步设置：请以管理员身份登录，"
                    "或在服务器上使用 python main.py sync-config"))
        from ui.sync.settings import SyncSettingsDialog

        if not admin and isinstance(self.dialog, SyncSettingsDialog):
            self.dialog.reject()
        if self.refused is not None and self.refused.isVisible():
            if reader:
                self.refused.refresh()
            else:
                self.refused.close()  # another user now, who may not read the list
        if self.feed_problems is not None and self.feed_problems.isVisible():
            if problems_reader:
                self.feed_problems.refresh()
            else:
                self.feed_problems.close()

    # -- control ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background worker (after the window is shown; never blocks)."""
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.bridge.start()
        self._timer.start()

    def stop(self) -> bool:
        """Stop the worker (at most a couple of seconds); returns whether it ended in time."""
        self._timer.stop()
        return self.bridge.stop()

    def wake(self, *_args) -> None:
        """Send now (after a decision) and show the new pending count."""
        self.bridge.wake()
        self.refresh_status()

    def sync_now(self, *_args) -> bool:
        """立即同步: wake the worker, then read the new pending count on the runner's worker
        (key ``sync_now``: the menu entry is disabled until it is shown; pressed again
        meanwhile, nothing more happens). Returns whether the read started."""
        self.bridge.wake()

        def unread(exc: BaseException) -> None:  # the indicator is a courtesy
            log.warning("sync status could not be read (%s)", type(exc).__name__)

        return ops.run(self._window, self._ctx.sync.status, success=self._status,
                       failure=unread, key="sync_now", triggers=(self.sync_now_action,),
                       progress=False)

    def refresh_status(self) -> SyncStatus | None:
        """Read the status from the store and show it."""
        try:
            status = self._ctx.sync.status()
        except Exception:  # noqa: BLE001 - the indicator is a courtesy; never in the way
            log.exception("sync status could not be read")
            return None
        self._status(status)
        return status

    # -- windows ---------------------------------------------------------------------------

    def show_refused(self):
        """被退回的事件: open (or raise) the refused-events window."""
        from ui.sync.refused import RefusedDialog

        if refused_reader(self._ctx) is None:  # a clerk clicking the indicator: say where to look
            self._message(self.tr("仅值班长或管理员可查看被退回的事件；"
                                  "办件的退回原因见办件查询中的同步状态。"))
            return None
        if self.refused is None:
            self.refused = RefusedDialog(self._ctx.sync, self._ctx.clock.now,
                                         lambda: resend_actor(self._ctx), self._window,
                                         reader=lambda: refused_reader(self._ctx))
            self.refused.resent.connect(self.wake)
            self.refused.message.connect(self._message)
            self.refused.open_case.connect(self.open_case)
        if self.refused.isVisible():
            self.refused.refresh()
        self.refused.show()
        self.refused.raise_()
        self.refused.activateWindow()
        return self.refused

    def show_feed_problems(self):
        """平台数据问题: open (or raise) the window of status-feed items kept aside."""
        from ui.sync.feed_problems import FeedProblemsDialog

        if feed_problems_reader(self._ctx) is None:
            self._message(self.tr("仅值班长或管理员可查看平台数据问题。"))
            return None
        if self.feed_problems is None:
            self.feed_problems = FeedProblemsDialog(
                self._ctx.sync, self._ctx.clock.now, lambda: feed_problems_resolver(self._ctx),
                self._window, reader=lambda: feed_problems_reader(self._ctx))
            self.feed_problems.resolved.connect(lambda _n: self.refresh_status())
            self.feed_problems.message.connect(self._message)
        if self.feed_problems.isVisible():
            self.feed_problems.refresh()
        self.feed_problems.show()
        self.feed_problems.raise_()
        self.feed_problems.activateWindow()
        return self.feed_problems

    def _indicator_clicked(self) -> None:
        status = self.indicator.status
        if status is not None and status.feed_problems and not status.refused:
            self.show_feed_problems()
        else:
            self.show_refused()

    def reconcile(self):
        """日结对账…: the reconciliation of a day (non-blocking)."""
        from ui.sync.reconcile import ReconciliationDialog

        from ui.errors import show_error

        if reconcile_actor(self._ctx) is None:
            show_error(self._window, CounterError(
                self.tr("日结对账由窗口人员或值班长进行，请以窗口人员身份登录。")))
            return None
        dialog = ReconciliationDialog(self._ctx.sync, self._ctx.clock.now().date(), self._window,
                                      actor=lambda: reconcile_actor(self._ctx))
        self._open(dialog)
        return dialog

    def settings(self):
        """同步设置…: the platform configuration (administrators only)."""
        from ui.errors import show_error
        from ui.sync.settings import SyncSettingsDialog

        if configure_actor(self._ctx) is None:
            show_error(self._window, CounterError(
                self.tr("仅管理员可修改同步设置，请以管理员身份登录。")))
            return None
        dialog = SyncSettingsDialog(self._ctx.sync, self._ctx.site.get().client_id,
                                    lambda: configure_actor(self._ctx), self._window,
                                    secrets=self._ctx.secrets)
        dialog.saved.connect(self._settings_saved)
        self._open(dialog)
        return dialog

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _settings_saved(self) -> None:
        self.indicator.show_problem(None)
        self.bridge.restart()
        self.refresh_status()

    # -- reports from the worker -----------------------------------------------------------

    def _status(self, status: SyncStatus) -> None:
        before = self.indicator.status
        self.indicator.show_status(status)
        if (self.refused is not None and self.refused.isVisible()
                and (before is None or before.refused != status.refused)):
            self.refused.refresh()
        if (self.feed_problems is not None and self.feed_problems.isVisible()
                and (before is None or before.feed_problems != status.feed_problems)):
            self.feed_problems.refresh()

    # -- the case hub ----------------------------------------------------------------------

    def _case_changed(self, change: CaseChange) -> None:
        """A committed case change: a new event for the platform wakes the worker (and the
        pending count is read again); a feed item kept aside or handled changes the count of
        平台数据问题."""
        if change.has(*WAKING):
            self._wake_soon.start()
        elif change.has(ChangeKind.FEED_PROBLEM):
            self._status_soon.start()

    def _message(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 6000)
