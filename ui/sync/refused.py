"""The events the platform refused (被退回的事件): what, why, and 重新发送.

A non-modal window, opened from 同步 → 被退回的事件… or by clicking the sync indicator in the
status bar; the clerk can keep it open beside the main window.

The platform refuses an event it will never take as it is — an item its catalog does not know,
an ID number whose check digit is wrong, a conflicting resend — and says why in Chinese. Such
an event waits for a person, and so do the later events of the same case (other cases are not
held up). This window lists them oldest first, with the platform's reason and the fields it
named; for the selected ones:

* 重新发送 (``Ctrl+R``): queue them again (``SyncService.resend``), e.g. after the platform
  published the missing item, and wake the worker;
* 打开办件 (``Enter``): show the case on the 办件查询 screen.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.services.sync import RefusedEvent
from ui.errors import show_error
from ui.sync.indicator import when

log = logging.getLogger(__name__)

__all__ = ["RefusedDialog", "RESEND_KEY", "reason_text"]

#: 重新发送 the selected events.
RESEND_KEY = "Ctrl+R"


def reason_text(event: RefusedEvent) -> str:
    """The platform's reason, one line (for the table; the fields it named are in the
    detail below it and in the tooltip)."""
    return event.message or "平台未说明原因"


class RefusedDialog(QDialog):
    """The refused events (被退回的事件) with the platform's reasons and 重新发送.

    Args:
        sync: the sync service (``ctx.sync``).
        now: returns the current time (for short time stamps).
        resender: returns who may resend now (a supervisor or an administrator: the service
            checks ``sync.resend`` and audits it), or None — 重新发送 is then disabled and
            says why.
        parent: the parent widget.
        reader: returns who reads the list (``sync.view_refused``, checked by the service),
            or None while nobody may (the screen is locked …): a refresh then reads nothing
            and keeps what is shown, so a timed refresh leaves no refusal in the audit trail.

    Attributes:
        table: one refused event a row (办件编号, 事件, 发生时间, 退回时间, 平台说明, 其后待发).
        detail: the full reason of the selected event, with the fields the platform named.
        resend_button: 重新发送 (Ctrl+R); open_button: 打开办件; refresh_button: 刷新;
        close_button: 关闭.
        events: the events listed, in table order.

    Signals:
        resent(int): events were queued again (how many): wake the worker.
        open_case(str): show this case (its number).
        message(str): a short message for the status bar.
    """

    resent = Signal(int)
    open_case = Signal(str)
    message = Signal(str)

    COLUMNS = (QT_TRANSLATE_NOOP("RefusedDialog", "办件编号"),
               QT_TRANSLATE_NOOP("RefusedDialog", "事件"),
               QT_TRANSLATE_NOOP("RefusedDialog", "发生时间"),
               QT_TRANSLATE_NOOP("RefusedDialog", "退回时间"),
               QT_TRANSLATE_NOOP("RefusedDialog", "平台说明"),
               QT_TRANSLATE_NOOP("RefusedDialog", "其后待发"))

    def __init__(self, sync, now, resender: Callable[[], Actor | None],
                 parent: QWidget | None = None, *,
                 reader: Callable[[], Actor | None]) -> None:
        super().__init__(parent)
        self._sync = sync
        self._reader = reader
        self._now = now
        self._resender = resender
        self.events: list[RefusedEvent] = []
        self.setWindowTitle(self.tr("被退回的事件"))
        self.setObjectName("refusedDialog")
        self.resize(980, 520)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("refusedHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("refusedEvents")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("被退回的事件"))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        layout.addWidget(self.table, 1)

        self.detail = QLabel(self)
        self.detail.setObjectName("refusedDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)

        row = QHBoxLayout()
        hint = QLabel(self.tr("平台拒收的事件不会自动重试：请按平台说明更正（如补录事项目录、核对证件号码），"
                              "然后重新发送。同一办件的后续事件在其后等待。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.open_button = QPushButton(self.tr("打开办件 (Enter)"), self)
        self.resend_button = QPushButton(self.tr("重新发送 (Ctrl+R)"), self)
        self.resend_button.setObjectName("resendButton")
        self.close_button = QPushButton(self.tr("关闭"), self)
        for button, slot in ((self.refresh_button, self.refresh),
                             (self.open_button, self.open_selected),
                             (self.resend_button, self.resend_selected),
                             (self.close_button, self.close)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)

        shortcut = QShortcut(QKeySequence(RESEND_KEY), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.resend_selected)
        self._selection_changed()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.table.setFocus()

    # -- content ---------------------------------------------------------------------------

    def refresh(self) -> list[RefusedEvent]:
        """Read the refused events again (keeps the selection where it can)."""
        chosen = {e.event_id for e in self.selected()}
        actor = self._reader()
        if actor is None:  # nobody may read now (locked …): read nothing, refuse nothing
            return self.events
        try:
            self.events = self._sync.refused(actor)
        except Exception as exc:  # noqa: BLE001 - shown (with an incident id if unexpected)
            show_error(self, exc)
            return self.events
        now = self._now()
        self.table.setRowCount(len(self.events))
        for r, e in enumerate(self.events):
            values = [e.case_no, self.tr("{kind}（第 {seq} 条）").format(kind=e.type_label, seq=e.seq),
                      when(e.occurred_at, now), when(e.refused_at, now), reason_text(e),
                      str(e.held_back) if e.held_back else "—"]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 4:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(self._detail_text(e))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        if self.events:
            self.heading.setText(self.tr("平台退回了 {n} 条事件，需要人工处理。").format(n=len(self.events)))
            self.heading.setStyleSheet("color: #c62828; font-weight: bold;")
        else:
            self.heading.setText(self.tr("没有被平台退回的事件。"))
            self.heading.setStyleSheet("color: #2e7d32;")
        rows = [r for r, e in enumerate(self.events) if e.event_id in chosen]
        self.table.clearSelection()
        if not rows and self.events:
            rows = [0]
        if rows:
            self.table.setCurrentCell(rows[0], 0)
        model = self.table.selectionModel()
        for r in rows:
            model.select(self.table.model().index(r, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()
        return self.events

    def selected(self) -> list[RefusedEvent]:
        """The selected events, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}) \
            if self.table.selectionModel() else []
        return [self.events[r] for r in rows if 0 <= r < len(self.events)]

    def select(self, row: int) -> None:
        """Select one row."""
        self.table.selectRow(row)

    def _detail_text(self, e: RefusedEvent) -> str:
        lines = [self.tr("办件 {no} 的{kind}事件被平台退回（HTTP {status}，{code}）：").format(
                     no=e.case_no, kind=e.type_label, status=e.http_status or "—",
                     code=e.code or "—"),
                 e.message or self.tr("平台未说明原因")]
        for d in e.details:
            lines.append(f"• {d.get('path', '')}：{d.get('message', '')}")
        if e.held_back:
            lines.append(self.tr("该办件其后还有 {n} 条事件在等待。").format(n=e.held_back))
        return "\n".join(lines)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        allowed = self._resender() is not None
        self.resend_button.setEnabled(bool(chosen) and allowed)
        self.resend_button.setToolTip(self.tr("将所选事件重新排入发送队列") if allowed else
                                      self.tr("仅值班长或管理员可重新发送被退回的事件"))
        self.open_button.setEnabled(len(chosen) == 1)
        self.detail.setText(self._detail_text(chosen[0]) if len(chosen) == 1 else
                            self.tr("已选择 {n} 条事件。").format(n=len(chosen)) if chosen else "")

    # -- actions ---------------------------------------------------------------------------

    def resend_selected(self) -> int:
        """重新发送 (Ctrl+R): queue the selected events again; returns how many."""
        chosen = self.selected()
        actor = self._resender()
        if not chosen or actor is None:
            if chosen:
                self.message.emit(self.tr("仅值班长或管理员可重新发送被退回的事件"))
            return 0
        done = 0
        for e in chosen:
            try:
                self._sync.resend(e.event_id, actor)
                done += 1
            except CounterError as exc:  # e.g. resent meanwhile from another counter
                log.info("resend of %s refused: %s", e.event_id, exc.message)
                self.message.emit(exc.message)
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)
                break
        if done:
            self.message.emit(self.tr("已重新发送 {n} 条事件，等待平台确认。").format(n=done))
            self.resent.emit(done)
        self.refresh()
        return done

    def open_selected(self) -> None:
        """打开办件 (Enter): the selected event's case on the 办件查询 screen."""
        chosen = self.selected()
        if len(chosen) == 1:
            self.open_case.emit(chosen[0].case_no)
