"""The daily reconciliation (日结): what this counter decided on a day against what the platform
acknowledged (``SyncService.reconcile``).

Per decision type (受理 / 一次性告知 / 不予受理) and per other event type (补正, 出件, 好差评 …):
the local count, how many the platform acknowledged, how many still wait and how many it
refused; then every difference — a decision not acknowledged (with its sync state and the
platform's reason), or a case decided that day without a decision event.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from counter.identity import Actor
from counter.services.sync import STATE_LABELS, TYPE_LABELS, Reconciliation
from ui.errors import show_error

__all__ = ["ReconciliationDialog"]

_COUNTS = (QT_TRANSLATE_NOOP("ReconciliationDialog", "类型"),
           QT_TRANSLATE_NOOP("ReconciliationDialog", "本地"),
           QT_TRANSLATE_NOOP("ReconciliationDialog", "平台已确认"),
           QT_TRANSLATE_NOOP("ReconciliationDialog", "待发送"),
           QT_TRANSLATE_NOOP("ReconciliationDialog", "被退回"),
           QT_TRANSLATE_NOOP("ReconciliationDialog", "差额"))
_DIFFS = (QT_TRANSLATE_NOOP("ReconciliationDialog", "办件编号"),
          QT_TRANSLATE_NOOP("ReconciliationDialog", "决定"),
          QT_TRANSLATE_NOOP("ReconciliationDialog", "同步状态"),
          QT_TRANSLATE_NOOP("ReconciliationDialog", "说明"))
RED = "#c62828"
GREEN = "#2e7d32"
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(columns, parent: QWidget, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels([parent.tr(c) for c in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class ReconciliationDialog(QDialog):
    """日结 of one day, chosen in the dialog (default: today).

    Args:
        sync: the sync service (``ctx.sync``).
        actor: returns who reconciles (``sync.reconcile``, checked by the service), or None
            while nobody may (the screen is locked …): nothing is read then.
        today: the business day to show first.
        parent: the parent widget.

    Attributes:
        day_edit: the day; counts: one row per event type; differences: one row per
            difference; verdict: 已平 / n 处差异; result: the reconciliation shown.
    """

    def __init__(self, sync, today: date, parent: QWidget | None = None, *,
                 actor: Callable[[], Actor | None]) -> None:
        super().__init__(parent)
        self._sync = sync
        self._actor = actor
        self.result: Reconciliation | None = None
        self.setWindowTitle(self.tr("日结对账"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("日期"), self))
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        row.addWidget(self.day_edit)
        self.refresh_button = QPushButton(self.tr("重新对账"), self)
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.verdict = QLabel(self)
        self.verdict.setObjectName("verdict")
        layout.addWidget(self.verdict)
        self.counts = _table(_COUNTS, self, 0)
        self.counts.setObjectName("reconCounts")
        layout.addWidget(self.counts, 1)
        layout.addWidget(QLabel(self.tr("差异明细"), self))
        self.differences = _table(_DIFFS, self, 3)
        self.differences.setObjectName("reconDifferences")
        layout.addWidget(self.differences, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def day(self) -> date:
        d = self.day_edit.date()
        return date(d.year(), d.month(), d.day())

    def refresh(self) -> Reconciliation | None:
        """Reconcile the chosen day again."""
        actor = self._actor()
        if actor is None:  # nobody may reconcile now (locked …): read nothing
            return None
        try:
            result = self._sync.reconcile(self.day(), actor)
        except Exception as exc:  # noqa: BLE001 - shown (with an incident id if unexpected)
            show_error(self, exc)
            return None
        self.result = result
        lines = result.decisions + result.others
        self.counts.setRowCount(len(lines))
        for r, line in enumerate(lines):
            values = [line.label, str(line.local), str(line.acked), str(line.pending),
                      str(line.refused), str(line.difference)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(NUMBER_ALIGN)
                if c == 5 and line.difference:
                    item.setForeground(Qt.GlobalColor.red)
                self.counts.setItem(r, c, item)
        self.differences.setRowCount(len(result.differences))
        for r, diff in enumerate(result.differences):
            kind = TYPE_LABELS.get(diff.type, diff.type) if diff.type else "—"
            state = (self.tr("无同步事件") if diff.state == "missing"
                     else STATE_LABELS.get(diff.state, diff.state))
            label = STATE_LABELS.get(diff.state)
            reason = diff.reason.removeprefix(f"{label}：") if label else diff.reason
            if reason == label:
                reason = "—"
            for c, value in enumerate([diff.case_no, kind, state, reason]):
                self.differences.setItem(r, c, QTableWidgetItem(value))
        total = sum(line.local for line in result.decisions)
        if result.balanced:
            self.verdict.setText(self.tr("{day}：已平。{n} 件决定均已由平台确认。").format(
                day=result.day.isoformat(), n=total))
            self.verdict.setStyleSheet(f"color: {GREEN}; font-weight: bold;")
        else:
            self.verdict.setText(self.tr("{day}：有 {n} 处差异，见下方明细。").format(
                day=result.day.isoformat(), n=len(result.differences)
                or sum(1 for line in lines if line.difference)))
            self.verdict.setStyleSheet(f"color: {RED}; font-weight: bold;")
        return result
