"""Unfinished intakes at start-up (继续未完成的受理).

After a crash or a kill, every intake that was being worked on is still a draft in the store.
At start (and after 切换用户) the main window calls :func:`offer_drafts`: when the logged-in user
may keep drafts (``draft.edit``) and ``ctx.intake.unfinished(actor)`` is not empty, a :class:`DraftsDialog` lists them — item or package, applicant (ID number
masked), last change — and offers:

* 继续 (Enter) — resume the selected draft exactly as it was saved (:attr:`DraftsDialog.resume`);
* 放弃 (Delete) — discard it after a confirmation (``intake.discard``);
* 稍后 (Esc) — close the list; the drafts stay and are offered again at the next start.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView,
                               QLabel, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.ids import mask_id_number
from counter.intake.intake import Intake
from ui.errors import show_error

log = logging.getLogger(__name__)

__all__ = ["DraftsDialog", "offer_drafts", "draft_summary"]


def draft_summary(intake_service, intake: Intake) -> tuple[str, str]:
    """``(name, applicant)`` of a draft for the list: the item or package name, and the
    applicant's name with the ID number masked (``—`` when not filled in yet)."""
    try:
        spec = intake_service.spec(intake)
    except CounterError:
        return intake.key, "—"
    who = intake.applicant(spec)
    parts = [who.get("name") or ""]
    if who.get("id_number"):
        parts.append(mask_id_number(who["id_number"]) if who.get("id_type") != "001"
                     else who["id_number"])
    text = " ".join(p for p in parts if p)
    return spec.name, text or "—"


class DraftsDialog(QDialog):
    """The list of unfinished intakes.

    Args:
        intake_service: ``ctx.intake``.
        drafts: the unfinished intakes (newest first).
        parent: the parent widget.
        actor: returns who acts (放弃 is checked and audited by the service).

    Attributes:
        table: one row per draft.

    Signals:
        resume(object): 继续 — the :class:`counter.intake.Intake` to resume.
    """

    resume = Signal(object)

    def __init__(self, intake_service, drafts: list[Intake], parent: QWidget | None = None, *,
                 actor: Callable[[], Actor]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("继续未完成的受理"))
        self.setMinimumSize(720, 320)
        self._service = intake_service
        self._actor = actor
        self._drafts = list(drafts)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下受理尚未办结（程序上次未正常退出，或曾暂存）。"
                                        "可以继续，也可以放弃。"), self))
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("事项 / 一件事"), self.tr("申请人"),
                                              self.tr("最后修改")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.resume_selected())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.resume_button = buttons.addButton(self.tr("继续 (Enter)"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton(self.tr("放弃 (Delete)"),
                                                QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(self.tr("稍后 (Esc)"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.resume_button.setDefault(True)
        self.resume_button.clicked.connect(self.resume_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.discard_selected)
        self._fill()
        self.table.setFocus()

    def drafts(self) -> list[Intake]:
        return list(self._drafts)

    def _fill(self) -> None:
        self.table.setRowCount(len(self._drafts))
        for row, intake in enumerate(self._drafts):
            name, applicant = draft_summary(self._service, intake)
            when = intake.updated_at.strftime("%Y-%m-%d %H:%M")
            for col, text in enumerate((name, applicant, when)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self._drafts:
            self.table.selectRow(0)
        self.resume_button.setEnabled(bool(self._drafts))
        self.discard_button.setEnabled(bool(self._drafts))

    def selected(self) -> Intake | None:
        row = self.table.currentRow()
        return self._drafts[row] if 0 <= row < len(self._drafts) else None

    def resume_selected(self) -> None:
        """继续: close the list and emit :attr:`resume` with the selected draft."""
        intake = self.selected()
        if intake is None:
            return
        self.accept()
        self.resume.emit(intake)

    def discard_selected(self) -> None:
        """放弃: after a confirmation, discard the selected draft (``intake.discard``)."""
        intake = self.selected()
        if intake is None:
            return
        name, applicant = draft_summary(self._service, intake)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("放弃受理"),
                          self.tr("确定放弃这份未完成的受理吗？放弃后不能恢复。"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setInformativeText(f"{name}　{applicant}")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self._service.discard(intake.id, self._actor())
        except CounterError as exc:
            show_error(self, exc)
            return
        row = self._drafts.index(intake)
        del self._drafts[row]
        self._fill()
        if not self._drafts:
            self.reject()


def offer_drafts(ctx, parent: QWidget | None, on_resume,
                 actor: Callable[[], Actor]) -> DraftsDialog | None:
    """Show the unfinished intakes, if any (non-blocking).

    Args:
        ctx: the application context (``intake``, ``permissions``).
        parent: the main window.
        on_resume: called with the :class:`counter.intake.Intake` the clerk resumes.
        actor: returns who is logged in; nothing is offered to a user who may not keep
            drafts (an administrator), nor while nobody is logged in.

    Returns:
        The dialog shown, or ``None`` when there is nothing to resume.
    """
    service = ctx.intake
    try:
        who = actor()
        if not ctx.permissions.allows(who, "draft.edit"):
            return None
        drafts = service.unfinished(who)
    except CounterError as exc:
        log.warning("unfinished drafts cannot be listed: %s", exc.message)
        return None
    if not drafts:
        return None
    dialog = DraftsDialog(service, drafts, parent, actor=actor)
    dialog.resume.connect(on_resume)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
