"""The sync indicator in the main window's status bar (同步状态指示).

One glance tells the clerk whether decisions reach the platform: a coloured dot and
"平台在线 · 待发送 3 条 · 最近成功 09:42", and — in red — how many events the platform refused
("被退回 2 条"), which a person must look at. While status-feed items are kept aside
(平台数据问题) it says 平台数据异常 instead of 平台在线, with their count in the tooltip.
Clicking it (or pressing Enter / Space on it) opens the page of refused events (or, when
only feed items wait, the 平台数据问题 window). The tooltip says more: the platform address, the oldest
event waiting, the last problem.

The indicator only shows a :class:`counter.services.sync.SyncStatus`; it reads nothing itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from counter.services.sync import SyncStatus

__all__ = ["SyncIndicator", "when"]

GREEN = "#2e7d32"
RED = "#c62828"
AMBER = "#ef6c00"
GREY = "#757575"


def when(moment: datetime | None, now: datetime) -> str:
    """A moment as the status bar shows it: ``09:42`` today, else ``11-19 09:42``."""
    if moment is None:
        return "—"
    if moment.tzinfo is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    if moment.date() == now.date():
        return f"{moment:%H:%M}"
    return f"{moment:%m-%d %H:%M}"


class SyncIndicator(QFrame):
    """The status-bar widget of the sync state.

    Args:
        now: returns the current time (the application clock), to print times short.
        parent: the parent widget.

    Attributes:
        dot: the coloured state dot; text: the state line; refused_label: the refused count
            (red, hidden when there is none).
        status: the status shown (None before the first one).
        problem: the last problem the worker reported (e.g. no secret), or None.

    Signals:
        clicked(): the clerk clicked the indicator (open the refused events).
    """

    clicked = Signal()

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self._now = now
        self.status: SyncStatus | None = None
        self.problem: str | None = None
        self._problem_attempt: datetime | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("#syncIndicator { border-radius: 3px; }"
                           " #syncIndicator:hover, #syncIndicator:focus"
                           " { background: rgba(0, 0, 0, 0.07); }")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(self.tr("同步状态"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 8, 1)
        layout.setSpacing(6)
        self.dot = QLabel("●", self)
        self.dot.setObjectName("syncDot")
        self.text = QLabel(self)
        self.text.setObjectName("syncText")
        self.refused_label = QLabel(self)
        self.refused_label.setObjectName("syncRefused")
        self.refused_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.refused_label.hide()
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        layout.addWidget(self.refused_label)
        self._set_dot(GREY)
        self.text.setText(self.tr("同步状态读取中…"))

    def show_status(self, status: SyncStatus) -> None:
        """Show a status snapshot."""
        if self.problem is not None and (status.last_error == self.problem
                                         or status.last_attempt_at != self._problem_attempt):
            self.problem = None  # a platform error (in the status), or sync ran since
        self.status = status
        if self.problem is not None:
            head, colour = self.tr("同步未运行"), AMBER
        elif not status.configured:
            head, colour = self.tr("未配置省级平台"), GREY
        elif status.online is True and status.feed_problems:
            head, colour = self.tr("平台数据异常"), AMBER  # reachable, but not all it sent fits
        elif status.online is True:
            head, colour = self.tr("平台在线"), GREEN
        elif status.online is False:
            head, colour = self.tr("平台离线"), AMBER
        else:
            head, colour = self.tr("尚未连接平台"), GREY
        parts = [head, self.tr("待发送 {n} 条").format(n=status.pending)]
        if status.last_success_at is not None:
            parts.append(self.tr("最近成功 {at}").format(at=when(status.last_success_at,
                                                                  self._now())))
        self.text.setText(" · ".join(parts))
        self._set_dot(colour)
        self.refused_label.setText(self.tr("被退回 {n} 条").format(n=status.refused))
        self.refused_label.setVisible(status.refused > 0)
        self._update_tooltip()

    def show_problem(self, message: str | None) -> None:
        """The worker says sync cannot run, or the platform failed (``message`` in Chinese).

        Until the worker contacts the platform again the indicator says 同步未运行 and the
        tooltip gives the reason; a platform failure is shown as the status has it.
        """
        self.problem = message or None
        self._problem_attempt = self.status.last_attempt_at if self.status else None
        if self.status is not None:
            self.show_status(self.status)
        else:
            self._update_tooltip()

    def _set_dot(self, colour: str) -> None:
        self.dot.setStyleSheet(f"color: {colour};")

    def _update_tooltip(self) -> None:
        s = self.status
        lines = []
        if s is not None:
            lines.append(self.tr("省级平台：{url}").format(url=s.platform_url or self.tr("未配置")))
            lines.append(self.tr("待发送 {n} 条（其中发送失败待重试 {f} 条）").format(
                n=s.pending, f=s.failed))
            if s.oldest_pending_at is not None:
                lines.append(self.tr("最早一条待发送：{at}").format(
                    at=when(s.oldest_pending_at, self._now())))
            lines.append(self.tr("最近成功：{at}").format(at=when(s.last_success_at, self._now())))
            problem = self.problem or s.last_error
            if problem:
                lines.append(self.tr("问题：{text}").format(text=problem))
            if s.refused:
                lines.append(self.tr("平台退回 {n} 条事件，需人工处理。").format(n=s.refused))
            if s.feed_problems:
                lines.append(self.tr("平台数据异常：{n} 条状态回传未能应用，需人工处理"
                                     "（同步 → 平台数据问题）。").format(n=s.feed_problems))
        elif self.problem:
            lines.append(self.problem)
        if s is not None and s.feed_problems and not s.refused:
            lines.append(self.tr("单击查看平台数据问题"))
        else:
            lines.append(self.tr("单击查看被退回的事件"))
        self.setToolTip("\n".join(lines))

    # -- events ----------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)
