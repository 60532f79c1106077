"""The main window: menus, status bar, and the screens it arranges.

The window itself does no work: each screen (:class:`ui.screen.Screen`) is its own module, put
in a ``QStackedWidget`` with :meth:`MainWindow.add_screen`, which also adds an entry to the 视图
menu (``Ctrl+1``, ``Ctrl+2`` …). Later screens (受理, 办件 …) are added the same way.

Who acts is the logged-in user (:mod:`counter.auth`): the screens ask ``actor()`` at each
service call, and the services check it (docs/security.md). The window shows only what that
user may do — the administration pages (用户管理, 站点设置, 采集设备设置) and 同步设置 for
administrators, the supervisors' screens for supervisors, the items a bank point or bank staff
may not take greyed — and follows a 切换用户 at the lock screen (:meth:`MainWindow.user_changed`).
"""

from __future__ import annotations

import logging

from typing import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from counter.errors import CounterError
from counter.identity import ROLES, Actor
from ui import fonts
from ui.catalog_browser import CatalogBrowser
from ui.guard import fit_to_screen
from ui.screen import Screen

log = logging.getLogger(__name__)


def app_version() -> str:
    """The program version (from the installed distribution, else ``pyproject.toml``)."""
    from importlib import metadata

    try:
        return metadata.version("counter-desk")
    except metadata.PackageNotFoundError:
        import tomllib

        from counter.resources import code_path

        pyproject = code_path("pyproject.toml")
        try:
            return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "?"


#: The order of the screens in the 视图 menu, which is the order of their ``Ctrl+<n>`` (only
#: the screens the user may use are numbered); screens not named here follow, as added.
SCREEN_ORDER = ("catalog", "intake", "case", "tolerance_queue", "tolerance_deadlines",
                "admin.users", "admin.site", "admin.capture")


class MainWindow(QMainWindow):
    """The main window of the counter client (综窗受理台).

    Args:
        ctx: the application context (:class:`counter.app.AppContext`).
        parent: the parent widget (normally none).
        actor: returns who acts (default: the logged-in user of
            ``ctx.permissions.guard``).

    Attributes:
        stack: the screens.
        catalog_browser: the catalog search screen.
        hub: the case hub of this window (:class:`ui.hub.CaseHub`): one signal per committed
            case change, on the GUI thread; handed to the screens that follow cases.
        desk: routes between search, intake and case view (:class:`ui.intake.wiring.DeskRouter`).
        sync_desk: the sync indicator and the 同步 menu (:class:`ui.sync.wiring.SyncDesk`).
        find_action: 查找 (Ctrl+F).
        printer_action: 文件 → 打印机设置… (this counter's printers).
        quit_action: 退出 (Ctrl+Q).
        about_action: 关于.
        lock_action: 文件 → 锁定屏幕 once :meth:`install_lock` was called (else None).
        users_page, site_page, capture_page: the administration pages, once added (else None).

    Signals:
        shown(): emitted on the first show event.
    """

    shown = Signal()

    def __init__(self, ctx, parent: QWidget | None = None, *,
                 actor: Callable[[], Actor] | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        guard = ctx.permissions.guard
        self._actor = actor or (lambda: guard.actor())
        self._screens: dict[str, Screen] = {}
        self.lock_action: QAction | None = None
        self._lock = None
        self.users_page = None
        self.site_page = None
        self.capture_page = None
        self._was_shown = False
        self.setObjectName("mainWindow")

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self._build_status_bar()

        # The one case hub of this window (ui.hub): screens follow case changes through it.
        from ui.hub import CaseHub

        self.hub = CaseHub(ctx.changes, self)
        self.catalog_browser = CatalogBrowser(ctx, self)
        self.add_screen(self.catalog_browser)
        # 受理 (intake) and 办件查询 (case view) screens and the routing between them.
        from ui.intake.wiring import DeskRouter

        self.desk = DeskRouter(self, ctx, actor=self._actor, hub=self.hub)
        # Sync: status-bar indicator, 同步 menu; the worker starts after show (ui.app).
        from ui.sync.wiring import SyncDesk

        self.sync_desk = SyncDesk(self, ctx, hub=self.hub)
        self.sync_desk.open_case.connect(self._open_case)
        # 日期已按节假日安排调整: case dates moved by a published holiday year.
        from ui.calendar_notice import CalendarNotice

        self.calendar_notice = CalendarNotice(ctx.calendar, self)
        self.statusBar().insertPermanentWidget(0, self.calendar_notice)
        self.calendar_notice.follow(self.hub)
        # Audit seals (docs/security.md): started after show and login (ui.app), at 日结, at exit.
        from ui.seal import AuditSealer

        self.sealer = AuditSealer(ctx, self)
        self.sync_desk.reconcile_action.triggered.connect(lambda: self.sealer.seal_now("daily"))
        self._add_admin_screens()
        self.show_screen(CatalogBrowser.screen_id)

        self._update_title()
        self.setMinimumSize(960, 600)
        fit_to_screen(self, QSize(1280, 800))  # within the screen, 1366×768 included

    # -- screens ---------------------------------------------------------------------------

    def add_screen(self, screen: Screen) -> None:
        """Add a screen to the stack and a menu entry (with ``Ctrl+<n>``) to switch to it."""
        self._screens[screen.screen_id] = screen
        self.stack.addWidget(screen)
        action = QAction(screen.title(), self)
        action.setCheckable(True)
        action.setData(screen.screen_id)
        action.triggered.connect(lambda _checked=False, sid=screen.screen_id: self.show_screen(sid))
        self._screen_group.addAction(action)
        self._view_menu.addAction(action)
        self._number_screens()

    def _number_screens(self) -> None:
        """Put the 视图 entries in :data:`SCREEN_ORDER` and give the ones shown ``Ctrl+1`` …
        ``Ctrl+9`` in that order: the same keys for the same user whoever was logged in before
        (切换用户), whatever order the screens were built in."""
        order = {sid: n for n, sid in enumerate(SCREEN_ORDER)}
        added = list(self._screens)
        actions = sorted(self._screen_group.actions(),
                         key=lambda a: (order.get(a.data(), len(order)), added.index(a.data())))
        for action in actions:
            self._view_menu.removeAction(action)
        n = 0
        for action in actions:
            self._view_menu.addAction(action)
            if action.isVisible():
                n += 1
            action.setShortcut(QKeySequence(f"Ctrl+{n}") if action.isVisible() and n <= 9
                               else QKeySequence())

    def screen(self, screen_id: str) -> Screen:
        """The screen called ``screen_id``."""
        return self._screens[screen_id]

    def has_screen(self, screen_id: str) -> bool:
        return screen_id in self._screens

    def set_screen_available(self, screen_id: str, available: bool) -> None:
        """Show or hide a screen's 视图 entry (and its ``Ctrl+<n>``); leaving a screen that is
        no longer available goes back to the search."""
        for action in self._screen_group.actions():
            if action.data() == screen_id:
                action.setVisible(available)
                action.setEnabled(available)
        self._number_screens()
        if not available and self.stack.currentWidget() is self._screens.get(screen_id):
            self.show_screen(CatalogBrowser.screen_id)

    def screen_available(self, screen_id: str) -> bool:
        return any(a.data() == screen_id and a.isVisible() for a in self._screen_group.actions())

    def show_screen(self, screen_id: str) -> Screen:
        """Make ``screen_id`` the current screen and give it the focus."""
        screen = self._screens[screen_id]
        if not self.screen_available(screen_id):
            screen = self._screens[CatalogBrowser.screen_id]
            screen_id = screen.screen_id
        self.stack.setCurrentWidget(screen)
        for action in self._screen_group.actions():
            action.setChecked(action.data() == screen_id)
        screen.activate()
        return screen

    def current_screen(self) -> Screen:
        """The screen shown now."""
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    # -- chrome ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.printer_action = QAction(self.tr("打印机设置(&P)…"), self)
        self.printer_action.setStatusTip(self.tr("选择本窗口的 A4 文书打印机和 80 毫米回执打印机"))
        self.printer_action.triggered.connect(self.printer_settings)
        file_menu.addAction(self.printer_action)
        self._quit_separator = file_menu.addSeparator()
        self._file_menu = file_menu
        self.quit_action = QAction(self.tr("退出(&X)"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.find_action = QAction(self.tr("查找事项(&F)"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.setStatusTip(self.tr("按名称、拼音首字母或编码查找事项和一件事"))
        self.find_action.triggered.connect(self.find)
        edit_menu.addAction(self.find_action)

        self._view_menu = bar.addMenu(self.tr("视图(&V)"))
        self._screen_group = QActionGroup(self)
        self._screen_group.setExclusive(True)

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.about_action = QAction(self.tr("关于综窗受理台(&A)"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.catalog_label = QLabel(self)
        self.catalog_label.setObjectName("catalogVersion")
        self.data_dir_label = QLabel(self)
        self.data_dir_label.setObjectName("dataDir")
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addPermanentWidget(self.catalog_label)
        status.addPermanentWidget(self.data_dir_label)
        self.data_dir_label.setText(self.tr("数据目录：{path}").format(path=self._ctx.data_dir))

    # -- the logged-in user ----------------------------------------------------------------

    def _session(self):
        return self._ctx.permissions.guard.current

    def _admin_actor(self) -> Actor:
        """The logged-in user acting as administrator when they are one (else in their own
        role: the services refuse and record it)."""
        from ui.admin import acting_as

        return acting_as(self._ctx.permissions.guard, "admin")()

    def _may(self, action: str) -> bool:
        if self._session() is None:
            return False
        try:
            return self._ctx.permissions.allows(self._admin_actor(), action)
        except CounterError:
            return False

    def _add_admin_screens(self) -> None:
        """用户管理, 站点设置 and 采集设备设置 for an administrator (``user.view``); hidden for
        others."""
        allowed = self._may("user.view")
        if allowed and self.users_page is None:
            from ui.admin.capture_page import CapturePage
            from ui.admin.site_page import SitePage
            from ui.admin.users_page import UsersPage

            self.users_page = UsersPage(self._ctx.users, self._admin_actor, self._ctx.clock,
                                        self)
            self.add_screen(self.users_page)
            self.site_page = SitePage(self._ctx.settings, self._ctx.audit,
                                      self._admin_actor, self)
            self.add_screen(self.site_page)
            self.site_page.saved.connect(self._site_saved)
            self.site_page.idle_minutes_changed.connect(self._idle_minutes_changed)
            self.capture_page = CapturePage(self._ctx.settings, self._admin_actor, self,
                                            devices=self._ctx.devices)
            self.add_screen(self.capture_page)
            self.capture_page.saved.connect(self._capture_saved)
        for page in (self.users_page, self.site_page, self.capture_page):
            if page is not None:
                self.set_screen_available(page.screen_id, allowed)

    def install_lock(self, lock) -> None:
        """Put the lock controller's 锁定屏幕 in the 文件 menu and follow what it does: the
        draft on screen is saved before a lock, a 切换用户 gives the window to the new user,
        and the site page's idle time applies at once."""
        self.lock_action = lock.lock_action
        self._file_menu.insertAction(self._quit_separator, self.lock_action)
        lock.about_to_lock.connect(self.desk.intake_screen.save_now)
        lock.switched.connect(lambda _session: self.user_changed())
        self._lock = lock

    def user_changed(self) -> None:
        """Another user logged in (切换用户): the title, the screens they may use, and no
        trace of the previous user's applicant on screen."""
        self.desk.reset_for_user()
        self._add_admin_screens()
        self.sync_desk._update_actions()  # 同步设置 for administrators only
        self.catalog_browser.refresh_offers()
        self._update_title()
        self.find()
        self.desk.offer_drafts()

    def _open_case(self, case_no: str) -> None:
        """A case asked for from another window (被退回的事件): on the 办件查询 screen."""
        self.desk.open_case(case_no)
        self.activateWindow()

    def _idle_minutes_changed(self, minutes: int) -> None:
        if self._lock is not None:
            self._lock.set_minutes(minutes)

    def _capture_saved(self, _settings) -> None:
        self.desk.intake_screen.reload_capture_settings()
        self.desk.reload_id_reader()

    def _site_saved(self, _profile) -> None:
        self.catalog_browser.refresh_offers()
        self._update_title()

    def _update_title(self) -> None:
        title = self.tr("综窗受理台")
        session = self._session()
        if session is not None:
            title += self.tr(" — {name}（{user_id}，{role}）").format(
                name=session.user.name, user_id=session.user_id,
                role=ROLES.get(session.actor.role, session.actor.role))
        try:
            catalog = self._ctx.catalog.active()
        except CounterError as exc:
            self.setWindowTitle(title)
            self.catalog_label.setText(exc.message)
            return
        self.setWindowTitle(f"{title} — {catalog.region_name}")
        self.catalog_label.setText(self.tr("目录版本：{version}").format(version=catalog.catalog_version))

    # -- actions ---------------------------------------------------------------------------

    def find(self) -> None:
        """Ctrl+F: show the catalog browser and focus its search box."""
        self.show_screen(CatalogBrowser.screen_id)
        self.catalog_browser.focus_search()

    def printer_settings(self):
        """文件 → 打印机设置…: choose this counter's printers (non-blocking dialog)."""
        from ui.printer_settings import PrinterSettingsDialog

        dialog = PrinterSettingsDialog(self._ctx.site, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        """帮助 → 关于: the version, the catalog and the font licence."""
        QMessageBox.about(self, self.tr("关于综窗受理台"), self.about_text())

    def about_text(self) -> str:
        """The text of the about box (rich text)."""
        try:
            catalog = self._ctx.catalog.active().catalog_version
        except CounterError:
            catalog = "—"
        return self.tr(
            "<h3>综窗受理台 Counter Desk</h3>"
            "<p>版本 {version}<br/>事项目录版本 {catalog}</p>"
            "<p>政务服务大厅综合窗口受理客户端：查找事项、情形引导、一表申请、一次性告知。</p>"
            "<p>界面字体：文泉驿微米黑（WenQuanYi Micro Hei），随程序分发，"
            "许可协议为 {licence}，许可全文见 resources/fonts/wqy-microhei.LICENSE.txt。</p>"
        ).format(version=app_version(), catalog=catalog, licence=fonts.BUNDLED_LICENCE)

    # -- events ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._was_shown:
            self._was_shown = True
            self.shown.emit()
