"""The search result list: a Qt list model and the delegate that paints its rows."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (QAbstractListModel, QCoreApplication, QModelIndex, QObject,
                            QPersistentModelIndex, QRect, QSize, Qt)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from counter.permissions import HALL_ONLY

translate = QCoreApplication.translate

PACKAGE_PREFIX = "pkg:"


@dataclass(frozen=True)
class ResultEntry:
    """One row of the result list.

    Attributes:
        kind: ``item`` or ``package``.
        key: the item code, or the package id.
        name: the name shown.
        subtitle: the second line (department, code, what matched …).
        bank_point: an item that may be taken at a 政银合作 point.
        offered: this site (and the logged-in user) may take it; an entry not offered is
            shown muted with 请到政务服务大厅办理 and cannot be opened.
    """

    kind: str
    key: str
    name: str
    subtitle: str
    bank_point: bool = False
    offered: bool = True

    @property
    def is_package(self) -> bool:
        return self.kind == "package"

    @property
    def usage_key(self) -> str:
        """The key :meth:`CatalogService.record_use` counts (``pkg:<id>`` for a package)."""
        return PACKAGE_PREFIX + self.key if self.is_package else self.key


# Role that returns the :class:`ResultEntry` of a row.
EntryRole = Qt.ItemDataRole.UserRole + 1


class ResultListModel(QAbstractListModel):
    """Search results (事项 and 一件事) as a list model.

    Args:
        parent: the owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ResultEntry] = []

    def set_entries(self, entries: list[ResultEntry]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> ResultEntry:
        """The entry in ``row``."""
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return e.name
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{e.name}\n{e.subtitle}" if e.subtitle else e.name
            return text if e.offered else f"{text}\n{HALL_ONLY}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return e.subtitle if e.offered else f"{e.subtitle} {HALL_ONLY}".strip()
        if role == EntryRole:
            return e
        return None


class _Badge:
    """Colours of a small tag drawn at the right of a row."""

    def __init__(self, text: str, fg: str, bg: str) -> None:
        self.text, self.fg, self.bg = text, QColor(fg), QColor(bg)


class ResultDelegate(QStyledItemDelegate):
    """Paints a result: name, a grey subtitle below it, and tags (一件事, 政银) on the right;
    a result this site does not offer is muted and tagged 请到政务服务大厅办理.

    Args:
        parent: the owning view.
    """

    PAD_X, PAD_Y, LINE_GAP, BADGE_GAP = 12, 7, 2, 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        name = QFont(option.font)
        name.setPointSizeF(option.font.pointSizeF() + 0.5)
        name.setWeight(QFont.Weight.DemiBold)
        sub = QFont(option.font)
        sub.setPointSizeF(max(option.font.pointSizeF() - 1.0, 8.0))
        badge = QFont(option.font)
        badge.setPointSizeF(max(option.font.pointSizeF() - 1.5, 7.5))
        return name, sub, badge

    def _badges(self, entry: ResultEntry) -> list[_Badge]:
        badges = []
        if entry.is_package:
            badges.append(_Badge(translate("ResultDelegate", "一件事"), "#b54708", "#fef0c7"))
        if entry.bank_point:
            badges.append(_Badge(translate("ResultDelegate", "政银"), "#0e7a5f", "#d9f2ea"))
        if not entry.offered:
            badges.append(_Badge(translate("ResultDelegate", "请到政务服务大厅办理"), "#667085",
                                 "#eaecf0"))
        return badges

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        name_font, sub_font, _ = self._fonts(option)
        height = (QFontMetrics(name_font).height() + self.LINE_GAP + QFontMetrics(sub_font).height()
                  + 2 * self.PAD_Y)
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        entry: ResultEntry | None = index.data(EntryRole)
        if entry is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                       else QPalette.ColorRole.Text)
        sub_color = QColor(text_color)
        if not selected:
            sub_color = opt.palette.color(QPalette.ColorRole.PlaceholderText)
            if not entry.offered:  # greyed: this site does not take it
                text_color = sub_color
        name_font, sub_font, badge_font = self._fonts(opt)
        rect = opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)

        # tags, from the right
        right = rect.right()
        name_fm = QFontMetrics(name_font)
        badge_fm = QFontMetrics(badge_font)
        painter.setFont(badge_font)
        for badge in reversed(self._badges(entry)):
            w = badge_fm.horizontalAdvance(badge.text) + 10
            h = badge_fm.height() + 2
            box = QRect(right - w + 1, rect.top() + (name_fm.height() - h) // 2, w, h)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(badge.bg)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(badge.fg)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge.text)
            right -= w + self.BADGE_GAP

        name_rect = QRect(rect.left(), rect.top(), max(right - rect.left(), 0), name_fm.height())
        painter.setFont(name_font)
        painter.setPen(text_color)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         name_fm.elidedText(entry.name, Qt.TextElideMode.ElideRight, name_rect.width()))

        sub_fm = QFontMetrics(sub_font)
        sub_rect = QRect(rect.left(), name_rect.bottom() + 1 + self.LINE_GAP, rect.width(),
                         sub_fm.height())
        painter.setFont(sub_font)
        painter.setPen(sub_color)
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         sub_fm.elidedText(entry.subtitle, Qt.TextElideMode.ElideRight, sub_rect.width()))
        painter.restore()
