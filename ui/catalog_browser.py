"""The catalog browser screen (事项查询): a search box, the result list and the guide.

The clerk types a name, pinyin initials (``gtgsh``) or a code; the list answers per keystroke
(the search index is precomputed, so the search runs on the GUI thread). Down/Up in the
search box move in the list, Enter opens the selected result, Esc clears the search. The
guide on the right follows the selected result after a short pause (``GUIDE_DELAY_MS``).

At a 政银合作服务点 (and for bank staff anywhere) only items delegated to bank points can be
taken: the others stay in the list, greyed and tagged 请到政务服务大厅办理 (the guide still
shows, so the clerk can tell the applicant what to bring to the hall), and opening one is
refused with that message — as the intake service would refuse it.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QLabel, QLineEdit, QListView,
                               QSplitter, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.permissions import HALL_ONLY, site_offers
from ui.errors import show_error
from ui.item_view import ItemView
from ui.result_list import ResultDelegate, ResultEntry, ResultListModel
from ui.screen import Screen

log = logging.getLogger(__name__)

# Most results shown for a query.
RESULT_LIMIT = 100
# Rows Page Up / Page Down move in the list from the search box.
PAGE_ROWS = 8
# The guide follows the selection after this pause, so that typing and holding an arrow key
# never wait for a guide to be laid out; Enter shows it at once.
GUIDE_DELAY_MS = 60


class CatalogBrowser(Screen):
    """Find an item or a package and read its guide.

    Args:
        ctx: the application context; ``ctx.catalog``, the site profile and the login
            session (which items this site and user may take) are used.
        parent: the parent widget.

    Attributes:
        search_box: where the clerk types.
        results: the result list view.
        model: the result list model.
        item_view: the guide of the selected result.
        count_label: the number of results.
        keys_label: the keyboard hints below the list.

    Signals:
        opened(str, str): the clerk opened a result with Enter or a double click
            (kind ``item`` or ``package``, key).
        index_ready(): the search index finished building (emitted from a worker thread,
            delivered queued on the GUI thread).
    """

    screen_id = "catalog"
    opened = Signal(str, str)
    index_ready = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._catalog = ctx.catalog
        self._offer = self._offer_rule()
        self._last_query: str | None = None
        self._index_ready = False
        self.index_ready.connect(self._on_index_ready)
        self._guide_timer = QTimer(self)
        self._guide_timer.setSingleShot(True)
        self._guide_timer.setInterval(GUIDE_DELAY_MS)
        self._guide_timer.timeout.connect(self._show_current)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("输入事项名称、拼音首字母或编码…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("查找事项"))
        self.search_box.installEventFilter(self)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")

        self.model = ResultListModel(self)
        self.results = QListView(self)
        self.results.setObjectName("resultList")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setAccessibleName(self.tr("查找结果"))
        self.results.activated.connect(self._open_index)
        self.results.selectionModel().currentChanged.connect(self._current_changed)

        self.item_view = ItemView(self._catalog, self)

        self.keys_label = QLabel(self.tr("↑↓ 选择　Enter 打开　Esc 清空　Ctrl+F 查找"), self)
        self.keys_label.setObjectName("keyHints")
        muted = self.keys_label.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.keys_label.setPalette(muted)

        left = QWidget(self)
        left.setObjectName("searchPane")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        left_layout.setSpacing(8)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.keys_label)

        guide_frame = QFrame(self)
        guide_frame.setObjectName("guideFrame")
        guide_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(guide_frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.item_view)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 12, 12, 12)
        right_layout.addWidget(guide_frame)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        left.setMinimumWidth(280)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.search_box.textChanged.connect(self.search)
        self.search("")

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("事项查询")

    def activate(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected (Ctrl+F)."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def warm_up(self) -> None:
        """Build the search index on a background thread right after start-up.

        The window stays responsive meanwhile; a key typed before the build finishes waits
        for it inside the catalog service. :attr:`index_ready` is emitted when done.
        """
        def build() -> None:
            try:
                self._catalog.search_index()
            except CounterError:  # no catalog imported yet: searching says so later
                return
            except Exception:  # pragma: no cover - logged, the first search retries
                log.exception("building the search index failed")
                return
            try:
                self.index_ready.emit()  # queued to the GUI thread
            except RuntimeError:  # the window was closed meanwhile
                pass

        threading.Thread(target=build, name="search-index", daemon=True).start()

    # -- what this site offers -------------------------------------------------------------

    def _offer_rule(self):
        """``(profile, bank_staff)``: this site's profile (None when it cannot be read) and
        whether bank staff are logged in — who may take only bank-point items anywhere."""
        try:
            profile = self._ctx.site.get()
        except CounterError:
            profile = None
        guard = getattr(self._ctx.permissions, "guard", None)
        session = guard.current if guard is not None else None
        return profile, session is not None and session.actor.role == "bank_staff"

    def refresh_offers(self) -> None:
        """Read again what this site offers (after the site profile or the user changed)."""
        rule = self._offer_rule()
        if rule != self._offer:
            self._offer = rule
            self._last_query = None
            self.search(self.search_box.text())

    def offers(self, kind: str, key: str) -> bool:
        """True when this site (and user) may take the item, or every item of the package
        (:func:`counter.permissions.site_offers`; bank staff: bank-point items only)."""
        profile, bank_staff = self._offer
        if (profile is None or profile.kind != "bank_point") and not bank_staff:
            return True
        catalog = self._catalog.active()
        if kind == "package":
            codes = catalog.package(key).items if catalog.has_package(key) else []
        else:
            codes = [key]
        items = [catalog.item(c) for c in codes if catalog.has_item(c)]
        return all((profile is None or site_offers(profile, i)) and
                   (not bank_staff or i.bank_point) for i in items)

    def _on_index_ready(self) -> None:
        self._index_ready = True
        if not self.search_box.text().strip():
            self._last_query = None
            self.search("")  # the empty list can now put frequent items first

    # -- searching -------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Show the results for ``text`` (the whole catalog for an empty query)."""
        query = text.strip()
        if query == self._last_query:
            return
        self._last_query = query
        if query:
            entries = self._search_entries(query)
            if entries:
                self.count_label.setText(self.tr("找到 {n} 项").format(n=len(entries)))
            else:
                self.count_label.setText(self.tr("没有找到与“{q}”相符的事项").format(q=query))
        else:
            entries = self._browse_entries()
            self.count_label.setText(self.tr("目录共 {n} 项，输入关键字查找").format(n=len(entries)))
        self.model.set_entries(entries)
        if entries:
            self._select_row(0)
        else:
            self._guide_timer.stop()
            self.item_view.clear()

    def _search_entries(self, query: str) -> list[ResultEntry]:
        catalog = self._catalog.active()
        entries = []
        for hit in self._catalog.search(query, limit=RESULT_LIMIT):
            subtitle, bank = hit.subtitle, False
            if hit.kind == "item" and catalog.has_item(hit.key):
                bank = catalog.item(hit.key).bank_point
            elif hit.kind == "package" and catalog.has_package(hit.key):
                subtitle = self._package_subtitle(len(catalog.package(hit.key).items))
            entries.append(ResultEntry(hit.kind, hit.key, hit.name, subtitle, bank,
                                       self.offers(hit.kind, hit.key)))
        return entries

    def _package_subtitle(self, n_items: int) -> str:
        return self.tr("一件事 · {n} 个事项").format(n=n_items)

    def _browse_entries(self) -> list[ResultEntry]:
        """Frequent ones first (once the index knows usage), then the catalog in its order."""
        try:
            catalog = self._catalog.active()
        except CounterError as exc:  # no catalog imported yet
            log.info("catalog browser: %s", exc)
            return []
        entries: list[ResultEntry] = []
        seen: set[tuple[str, str]] = set()
        frequent = self._catalog.search_index().most_used(limit=10) if self._index_ready else []
        departments = {d.id: d.name for d in catalog.departments}
        for hit in frequent:
            seen.add((hit.kind, hit.key))
        rows = [("package", p.id, p.name, self._package_subtitle(len(p.items)), False)
                for p in catalog.packages]
        rows += [("item", i.code, i.name, departments.get(i.department, ""), i.bank_point)
                 for i in catalog.items]
        rows = [(*r, self.offers(r[0], r[1])) for r in rows]
        by_key = {(r[0], r[1]): r for r in rows}
        for hit in frequent:
            if (hit.kind, hit.key) in by_key:
                entries.append(ResultEntry(*by_key[(hit.kind, hit.key)]))
        entries += [ResultEntry(*r) for r in rows if (r[0], r[1]) not in seen]
        return entries

    # -- selection and opening -------------------------------------------------------------

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.results.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.results.scrollTo(index)

    def _move(self, delta: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.results.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        self._select_row(max(0, min(count - 1, row)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._guide_timer.start()

    def _show_current(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            entry = self.model.entry(index.row())
            if self.item_view.current != (entry.kind, entry.key):
                self._show(entry)

    def _show(self, entry: ResultEntry) -> None:
        try:
            if entry.is_package:
                self.item_view.show_package(entry.key)
            else:
                self.item_view.show_item(entry.key)
        except CounterError as exc:
            show_error(self, exc)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_entry(self.model.entry(index.row()))

    def open_current(self) -> None:
        """Open the selected result (Enter)."""
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            self._select_row(0)
            index = self.results.currentIndex()
        self._open_index(index)

    def open_entry(self, entry: ResultEntry) -> None:
        """Show ``entry``'s guide, count the use (search ranks it higher) and emit ``opened``.

        An entry this site does not offer is refused with 请到政务服务大厅办理 (no intake).
        """
        self._guide_timer.stop()
        if self.item_view.current != (entry.kind, entry.key):
            self._show(entry)
        if not entry.offered:
            show_error(self, CounterError(
                self.tr("「{name}」未委托政银合作服务点办理，{hall}。").format(
                    name=entry.name, hall=HALL_ONLY)))
            return
        self.opened.emit(entry.kind, entry.key)  # the intake it starts counts the use

    # -- keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key == Qt.Key.Key_PageDown:
                self._move(PAGE_ROWS)
                return True
            if key == Qt.Key.Key_PageUp:
                self._move(-PAGE_ROWS)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)
