"""The division picker (选择行政区划): province → city → county over the GB/T 2260 table.

A tree of the current codes (:mod:`counter.divisions`) with a filter box above it:

* type a name (``盐湖``, ``运城市盐湖``) or the start of a code (``1408``) to filter; the first
  match is selected and the tree opened down to it;
* ↑/↓ and PgUp/PgDn move (also while typing in the filter box); → / ← open and close a level
  in the tree;
* Enter on a province or city opens it and moves to its first entry; Enter on a county (or on
  a place without entries below it, e.g. 东莞市) chooses it; Ctrl+Enter or 确定 chooses the
  current entry whatever its level; Esc cancels.

Grouping rows (市辖区, 县, 省直辖县级行政单位) are shown for the structure but cannot be
chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView,
                               QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget)

from counter.divisions import DivisionTable, default_table

__all__ = ["DivisionPicker", "CODE_ROLE", "SEARCH_ROLE"]

#: The row's code (``140802``).
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: What the filter matches: the name, the full name (山西省运城市盐湖区) and the code.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class _Filter(QSortFilterProxyModel):
    """Keeps rows whose name or full name contains the text, or whose code starts with it;
    the rows above a match stay (to show where it is), the rows below it too."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated
            self.beginFilterChange()
            self._text = "".join(text.split())
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._text = "".join(text.split())
            self.invalidateFilter()

    def text(self) -> str:
        return self._text

    def matches(self, index: QModelIndex) -> bool:
        """Whether the row itself (not a row above or below it) matches the filter."""
        if not self._text:
            return True
        code = index.data(CODE_ROLE) or ""
        if self._text.isdigit():
            return code.startswith(self._text)
        return self._text in (index.data(SEARCH_ROLE) or "")

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 - Qt API
        return self.matches(self.sourceModel().index(row, 0, parent))


class DivisionPicker(QDialog):
    """Choose a division code (选择行政区划).

    Args:
        code: the code to start at (selected and shown opened), or ``""``.
        parent: the parent widget.
        table: the division table (default: the shipped one).
        text: a filter to start with (e.g. a name the clerk typed in the field).

    Attributes:
        filter_edit: the filter box; tree: the tree (over :attr:`proxy`); proxy: the filter.
    """

    def __init__(self, code: str = "", parent: QWidget | None = None, *,
                 table: DivisionTable | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("divisionPicker")
        self.setWindowTitle(self.tr("选择行政区划"))
        self._table = table or default_table()
        self._chosen = ""
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("divisionFilter")
        self.filter_edit.setPlaceholderText(self.tr("输入名称或代码筛选，如 盐湖 或 1408"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("筛选行政区划"))
        layout.addWidget(self.filter_edit)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([self.tr("名称"), self.tr("代码")])
        self._fill()
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("divisionTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setAccessibleName(self.tr("行政区划：省、市、县"))
        layout.addWidget(self.tree, 1)

        self.path_label = QLabel(self)
        self.path_label.setObjectName("divisionPath")
        self.path_label.setWordWrap(True)
        layout.addWidget(self.path_label)
        hint = QLabel(self.tr("↑↓ 移动，→ 展开，Enter 进入下一级或选定区县，Ctrl+Enter 选定当前项，"
                              "Esc 取消"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.ok_button.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self.choose_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.choose_current)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.doubleClicked.connect(lambda _i: self.choose_current())
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.resize(520, 560)
        if text:
            self.filter_edit.setText(text)
        elif code and code in self._table:
            self.select_code(code)
        else:
            self.tree.setCurrentIndex(self.proxy.index(0, 0))
        self.filter_edit.setFocus()

    # -- building -------------------------------------------------------------------------------

    def _row(self, code: str) -> list[QStandardItem]:
        d = self._table.get(code)
        name = QStandardItem(d.name)
        name.setData(code, CODE_ROLE)
        name.setData(f"{d.name}|{self._table.full_name(code)}", SEARCH_ROLE)
        name.setToolTip(self._table.full_name(code, " ") + f"（{code}）")
        number = QStandardItem(code)
        number.setData(code, CODE_ROLE)
        if d.is_group:
            for item in (name, number):
                item.setForeground(Qt.GlobalColor.darkGray)
        return [name, number]

    def _fill(self) -> None:
        root = self.model.invisibleRootItem()
        for province in self._table.provinces():
            p_row = self._row(province.code)
            root.appendRow(p_row)
            for middle in self._table.children(province.code):
                m_row = self._row(middle.code)
                p_row[0].appendRow(m_row)
                for county in self._table.children(middle.code):
                    m_row[0].appendRow(self._row(county.code))

    # -- what was chosen ------------------------------------------------------------------------

    def chosen_code(self) -> str:
        """The chosen code (after the dialog was accepted), else ``""``."""
        return self._chosen

    def current_code(self) -> str:
        """The code of the current row (``""`` when none)."""
        index = self.tree.currentIndex()
        return (index.data(CODE_ROLE) or "") if index.isValid() else ""

    def select_code(self, code: str) -> bool:
        """Make ``code``'s row current, opening the levels above it; False when it is hidden
        by the filter or not in the table."""
        index = self._proxy_index(code)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def choose_current(self) -> None:
        """Choose the current row (refused, with a line, for a grouping row)."""
        code = self.current_code()
        if not code:
            self.path_label.setText(self.tr("请先选择一个行政区划。"))
            return
        problem = self._table.problem(code)
        if problem:
            self.path_label.setText(problem)
            return
        self._chosen = code
        self.accept()

    # -- internals ------------------------------------------------------------------------------

    def _proxy_index(self, code: str) -> QModelIndex:
        path = self._table.path(code)
        parent = QModelIndex()
        index = QModelIndex()
        for d in path:
            index = QModelIndex()
            for row in range(self.proxy.rowCount(parent)):
                candidate = self.proxy.index(row, 0, parent)
                if candidate.data(CODE_ROLE) == d.code:
                    index = candidate
                    break
            if not index.isValid():
                return QModelIndex()
            parent = index
        return index

    def _first_match(self, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if self.proxy.matches(self.proxy.mapToSource(index)):
                code = index.data(CODE_ROLE)
                if not self._table.get(code).is_group:
                    return index
            found = self._first_match(index)
            if found.isValid():
                return found
        return QModelIndex()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if self.proxy.text():
            if self.proxy.rowCount() <= 40 or len(self.proxy.text()) >= 2:
                self.tree.expandAll()
            first = self._first_match()
            if first.isValid():
                self.select_code(first.data(CODE_ROLE))
            else:
                self.path_label.setText(self.tr("没有符合“{text}”的行政区划。").format(text=text))
        else:
            self.tree.collapseAll()
            self.tree.setCurrentIndex(self.proxy.index(0, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code = current.data(CODE_ROLE) if current.isValid() else ""
        if code:
            self.path_label.setText(f"{self._table.full_name(code, ' ')}　{code}")

    def _enter(self) -> None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return
        index = index.siblingAtColumn(0)
        if self.proxy.rowCount(index):
            self.tree.expand(index)
            self.tree.setCurrentIndex(self.proxy.index(0, 0, index))
            return
        self.choose_current()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            plain = not (mods & ~Qt.KeyboardModifier.KeypadModifier)
            if key in _ENTER and plain:
                self._enter()
                return True
            if obj is self.filter_edit and key in _MOVE and plain:
                self.tree.keyPressEvent(event)  # the filter keeps the focus
                return True
        return super().eventFilter(obj, event)
