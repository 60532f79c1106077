"""Status-feed items kept aside (平台数据问题): what the platform sent, why it was not applied,
and 标记已处理.

A non-modal window, opened from 同步 → 平台数据问题… (supervisors and administrators:
``sync.view_feed_problems``) or by clicking the sync indicator while it says 平台数据异常.

The sync worker keeps a status-feed item aside when it does not have the documented shape,
names a case this store does not know, or is a move its case does not allow
(:mod:`sync.feed`); the items behind it were applied. Nothing here changes a case: the person
reads what the platform sent, deals with it outside (asks the platform to send a correct item,
checks the case on the 办件查询 screen), and marks it handled:

* 标记已处理 (``Ctrl+D``): ``SyncService.resolve_feed_problem`` (audited) for the selected
  items; they leave the list (显示已处理 shows them again) and the indicator stops saying
  平台数据异常 once none is left.

Everything the platform sent is shown as plain text with control and direction characters
written out (``\\u202e``), cut to a readable length in the table; the full stored item is in the
detail box below it.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView,
                               QLabel, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.services.sync import FeedProblem
from ui.errors import show_error
from ui.sync.indicator import when

log = logging.getLogger(__name__)

__all__ = ["FeedProblemsDialog", "RESOLVE_KEY", "escaped"]

#: 标记已处理 for the selected items.
RESOLVE_KEY = "Ctrl+D"

#: What kind of problem (``FeedProblem.kind``), as the table says it.
KIND_LABELS = {"malformed": QT_TRANSLATE_NOOP("FeedProblemsDialog", "格式不符"),
               "unknown_case": QT_TRANSLATE_NOOP("FeedProblemsDialog", "本机无此办件"),
               "not_applied": QT_TRANSLATE_NOOP("FeedProblemsDialog", "无法应用")}

#: The most characters of the platform's text a table cell shows.
CELL_LIMIT = 80


def escaped(text: str | None, limit: int | None = None) -> str:
    """The platform's text, safe to show: control, format (bidi overrides, zero-width),
    private-use, unassigned and line/paragraph separator characters written as ``\\uXXXX``;
    cut to ``limit`` characters with ``…``."""
    if text is None:
        return ""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    shown = "".join(out)
    if limit is not None and len(shown) > limit:
        shown = shown[:limit - 1] + "…"
    return shown


class FeedProblemsDialog(QDialog):
    """The status-feed items kept aside (平台数据问题) and 标记已处理.

    Args:
        sync: the sync service (``ctx.sync``).
        now: returns the current time (for short time stamps).
        resolver: returns who may mark items handled now (``sync.resolve_feed_problem``,
            checked and audited by the service), or None — 标记已处理 is then disabled.
        parent: the parent widget.
        reader: returns who reads the list (``sync.view_feed_problems``), or None while nobody
            may (a locked screen …): a refresh then reads nothing and keeps what is shown.

    Attributes:
        table: one item a row (收到时间, 办件编号（平台所发）, 状态（平台所发）, 问题, 原因, 处理).
        detail: the selected item in full: reason, where it came in the feed, what the
            platform sent (plain text, escaped).
        show_resolved: 显示已处理 (items already marked handled are listed too).
        resolve_button: 标记已处理 (Ctrl+D); refresh_button: 刷新; close_button: 关闭.
        problems: the items listed, in table order.

    Signals:
        resolved(int): items were marked handled (how many): refresh the indicator.
        message(str): a short message for the status bar.
    """

    resolved = Signal(int)
    message = Signal(str)

    COLUMNS = (QT_TRANSLATE_NOOP("FeedProblemsDialog", "收到时间"),
               QT_TRANSLATE_NOOP("FeedProblemsDialog", "办件编号（平台所发）"),
               QT_TRANSLATE_NOOP("FeedProblemsDialog", "状态（平台所发）"),
               QT_TRANSLATE_NOOP("FeedProblemsDialog", "问题"),
               QT_TRANSLATE_NOOP("FeedProblemsDialog", "原因"),
               QT_TRANSLATE_NOOP("FeedProblemsDialog", "处理"))

    def __init__(self, sync, now, resolver: Callable[[], Actor | None],
                 parent: QWidget | None = None, *,
                 reader: Callable[[], Actor | None]) -> None:
        super().__init__(parent)
        self._sync = sync
        self._now = now
        self._resolver = resolver
        self._reader = reader
        self.problems: list[FeedProblem] = []
        self.setWindowTitle(self.tr("平台数据问题"))
        self.setObjectName("feedProblemsDialog")
        self.resize(1000, 560)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("feedProblemsHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("feedProblems")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("平台数据问题"))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)

        self.detail = QPlainTextEdit(self)  # plain text: nothing the platform sent is markup
        self.detail.setObjectName("feedProblemDetail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("平台所发内容"))
        self.detail.setMaximumHeight(self.fontMetrics().height() * 9)
        layout.addWidget(self.detail)

        row = QHBoxLayout()
        hint = QLabel(self.tr("这些平台状态回传未能应用到办件，其后的回传已正常应用。请核对办件并联系平台更正，"
                              "处理后标记为已处理。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        self.show_resolved = QCheckBox(self.tr("显示已处理(&H)"), self)
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        row.addWidget(self.show_resolved)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.resolve_button = QPushButton(self.tr("标记已处理 (Ctrl+D)"), self)
        self.resolve_button.setObjectName("resolveButton")
        self.close_button = QPushButton(self.tr("关闭"), self)
        for button, slot in ((self.refresh_button, self.refresh),
                             (self.resolve_button, self.resolve_selected),
                             (self.close_button, self.close)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)

        shortcut = QShortcut(QKeySequence(RESOLVE_KEY), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.resolve_selected)
        self._selection_changed()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.table.setFocus()

    # -- content ---------------------------------------------------------------------------

    def refresh(self) -> list[FeedProblem]:
        """Read the kept-aside items again (keeps the selection where it can)."""
        chosen = {p.id for p in self.selected()}
        actor = self._reader()
        if actor is None:  # nobody may read now (locked …): read nothing, refuse nothing
            return self.problems
        try:
            self.problems = self._sync.feed_problems(
                actor, include_resolved=self.show_resolved.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown (with an incident id if unexpected)
            show_error(self, exc)
            return self.problems
        now = self._now()
        self.table.setRowCount(len(self.problems))
        for r, p in enumerate(self.problems):
            values = [when(p.received_at, now),
                      escaped(p.case_no, CELL_LIMIT) if p.case_no is not None else self.tr("（无）"),
                      escaped(p.status, CELL_LIMIT) if p.status is not None else self.tr("（无）"),
                      self.tr(KIND_LABELS[p.kind]) if p.kind in KIND_LABELS else p.kind_label,
                      p.reason, self._handling(p)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 4 and p.resolved_at is None:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        open_count = sum(1 for p in self.problems if p.resolved_at is None)
        if open_count:
            self.heading.setText(self.tr("平台发来的 {n} 条状态回传未能应用，需要人工处理。").format(
                n=open_count))
            self.heading.setStyleSheet("color: #c62828; font-weight: bold;")
        else:
            self.heading.setText(self.tr("没有待处理的平台数据问题。"))
            self.heading.setStyleSheet("color: #2e7d32;")
        rows = [r for r, p in enumerate(self.problems) if p.id in chosen]
        self.table.clearSelection()
        if not rows and self.problems:
            rows = [0]
        if rows:
            self.table.setCurrentCell(rows[0], 0)
        model = self.table.selectionModel()
        for r in rows:
            model.select(self.table.model().index(r, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()
        return self.problems

    def selected(self) -> list[FeedProblem]:
        """The selected items, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}) \
            if self.table.selectionModel() else []
        return [self.problems[r] for r in rows if 0 <= r < len(self.problems)]

    def select(self, row: int) -> None:
        """Select one row."""
        self.table.selectRow(row)

    def _handling(self, p: FeedProblem) -> str:
        if p.resolved_at is None:
            return self.tr("待处理")
        return self.tr("已处理（{who}，{at}）").format(who=p.resolved_by or "—",
                                                    at=when(p.resolved_at, self._now()))

    def _detail_text(self, p: FeedProblem) -> str:
        lines = [self.tr("原因：{reason}").format(reason=p.reason),
                 self.tr("收到时间：{at}；游标 {cursor} 之后第 {n} 条").format(
                     at=f"{p.received_at:%Y-%m-%d %H:%M:%S}", cursor=escaped(p.cursor, 40) or "—",
                     n=p.position + 1)]
        if p.resolved_at is not None:
            lines.append(self._handling(p))
        if p.truncated:
            lines.append(self.tr("平台所发内容（共 {size} 字节，以下为前 {n} 个字符）：").format(
                size=p.raw_size, n=len(p.raw)))
        else:
            lines.append(self.tr("平台所发内容："))
        lines.append(escaped(p.raw))
        return "\n".join(lines)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        allowed = self._resolver() is not None
        self.resolve_button.setEnabled(allowed and any(p.resolved_at is None for p in chosen))
        self.resolve_button.setToolTip(self.tr("所选问题已核对处理，不再计入平台数据异常") if allowed else
                                       self.tr("仅值班长或管理员可标记平台数据问题已处理"))
        self.detail.setPlainText(self._detail_text(chosen[0]) if len(chosen) == 1 else
                                 self.tr("已选择 {n} 条。").format(n=len(chosen)) if chosen else "")

    # -- actions ---------------------------------------------------------------------------

    def resolve_selected(self) -> int:
        """标记已处理 (Ctrl+D): mark the selected open items handled; returns how many."""
        chosen = [p for p in self.selected() if p.resolved_at is None]
        actor = self._resolver()
        if not chosen or actor is None:
            if chosen:
                self.message.emit(self.tr("仅值班长或管理员可标记平台数据问题已处理"))
            return 0
        done = 0
        for p in chosen:
            try:
                self._sync.resolve_feed_problem(p.id, actor)
                done += 1
            except CounterError as exc:  # e.g. marked meanwhile at another counter
                log.info("feed problem %d not marked handled: %s", p.id, type(exc).__name__)
                self.message.emit(exc.message)
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)
                break
        if done:
            self.message.emit(self.tr("已将 {n} 条平台数据问题标记为已处理。").format(n=done))
            self.resolved.emit(done)
        self.refresh()
        return done
