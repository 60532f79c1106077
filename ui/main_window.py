"""The main window: menus, status bar, and the screens it arranges.

The window itself does no work: each screen (:class:`ui.screen.Screen`) is its own module, put
in a ``QStackedWidget`` with :meth:`MainWindow.add_screen`, which also adds an entry to the 视图
menu (``Ctrl+1``, ``Ctrl+2`` …). Later screens (受理, 办件 …) are added the same way.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from counter.errors import CounterError
from ui import fonts
from ui.catalog_browser import CatalogBrowser
from ui.screen import Screen

log = logging.getLogger(__name__)


def app_version() -> str:
    """The program version (from the installed distribution, else ``pyproject.toml``)."""
    from importlib import metadata

    try:
        return metadata.version("counter-desk")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "?"


class MainWindow(QMainWindow):
    """The main window of the counter client (综窗受理台).

    Args:
        ctx: the application context (:class:`counter.app.AppContext`).
        parent: the parent widget (normally none).

    Attributes:
        stack: the screens.
        catalog_browser: the catalog search screen.
        desk: routes between search, intake and case view (:class:`ui.intake.wiring.DeskRouter`).
        sync_desk: the sync indicator and the 同步 menu (:class:`ui.sync.wiring.SyncDesk`).
        find_action: 查找 (Ctrl+F).
        printer_action: 文件 → 打印机设置… (this counter's printers).
        quit_action: 退出 (Ctrl+Q).
        about_action: 关于.

    Signals:
        shown(): emitted on the first show event.
    """

    shown = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._screens: dict[str, Screen] = {}
        self._was_shown = False
        self.setObjectName("mainWindow")

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self._build_status_bar()

        self.catalog_browser = CatalogBrowser(ctx, self)
        self.add_screen(self.catalog_browser)
        # 受理 (intake) and 办件查询 (case view) screens and the routing between them.
        from ui.intake.wiring import DeskRouter

        self.desk = DeskRouter(self, ctx)
        # Sync: status-bar indicator, 同步 menu; the worker starts after show (ui.app).
        from ui.sync.wiring import SyncDesk

        self.sync_desk = SyncDesk(self, ctx)
        self.show_screen(CatalogBrowser.screen_id)

        self._update_title()
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)

    # -- screens ---------------------------------------------------------------------------

    def add_screen(self, screen: Screen) -> None:
        """Add a screen to the stack and a menu entry (with ``Ctrl+<n>``) to switch to it."""
        self._screens[screen.screen_id] = screen
        self.stack.addWidget(screen)
        action = QAction(screen.title(), self)
        action.setCheckable(True)
        action.setData(screen.screen_id)
        n = len(self._screens)
        if n <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
        action.triggered.connect(lambda _checked=False, sid=screen.screen_id: self.show_screen(sid))
        self._screen_group.addAction(action)
        self._view_menu.addAction(action)

    def screen(self, screen_id: str) -> Screen:
        """The screen called ``screen_id``."""
        return self._screens[screen_id]

    def show_screen(self, screen_id: str) -> Screen:
        """Make ``screen_id`` the current screen and give it the focus."""
        screen = self._screens[screen_id]
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
        file_menu.addSeparator()
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

    def _update_title(self) -> None:
        title = self.tr("综窗受理台")
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
