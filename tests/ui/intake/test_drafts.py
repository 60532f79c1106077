"""Unfinished intakes at start-up (ui/drafts.py): list, resume exactly, discard, later."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from counter.ids import make_id_number, mask_id_number
from counter.intake.intake import MaterialStatus
from tests.ui.conftest import ITEM_CODE, PACKAGE_ID, me
from tests.ui.intake.conftest import show_screen
from ui.drafts import DraftsDialog, offer_drafts

ID_NUMBER = make_id_number("330106", date(1985, 3, 14), 11)


def saved_drafts(ctx):
    service = ctx.intake
    first = service.start("item", ITEM_CODE, me(ctx))
    spec = service.spec(first)
    first.set_answer("q_agent", "agent")
    for key, value in {"applicant.name": "张三", "applicant.id_type": "111",
                       "applicant.id_number": ID_NUMBER, "agent.name": "李四"}.items():
        first.set_value(spec.field(key), value)
    first.checklist(spec)
    first.materials["M-APPLY"].status = MaterialStatus.RECEIVED
    first.materials["M-APPLY"].copies_received = 1
    service.save(first, me(ctx))
    ctx.clock.advance(minutes=5)
    second = service.start("package", PACKAGE_ID, me(ctx))
    service.save(second, me(ctx))
    return first, second


class Confirm(list):
    """The confirmation boxes shown (their texts); ``yes`` is the clerk's answer."""

    yes = True


@pytest.fixture
def confirm(monkeypatch):
    asked = Confirm()

    def fake_exec(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes if asked.yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def test_nothing_to_offer(qtbot, mini_ctx):
    assert offer_drafts(mini_ctx, None, lambda intake: None, lambda: me(mini_ctx)) is None


def test_lists_drafts_newest_first_with_masked_applicant(qtbot, mini_ctx):
    saved_drafts(mini_ctx)
    resumed = []
    dialog = offer_drafts(mini_ctx, None, resumed.append, lambda: me(mini_ctx))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == "个体工商户开业一件事"
    assert dialog.table.item(0, 1).text() == "—"
    assert dialog.table.item(1, 0).text() == "个体工商户设立登记"
    assert dialog.table.item(1, 1).text() == f"张三 {mask_id_number(ID_NUMBER)}"
    assert ID_NUMBER not in dialog.table.item(1, 1).text()
    assert dialog.table.item(1, 2).text() == "2026-11-20 09:30"


def test_resume_exactly(qtbot, mini_ctx):
    first, _ = saved_drafts(mini_ctx)
    screen = show_screen(qtbot, mini_ctx)
    dialog = offer_drafts(mini_ctx, screen, screen.open, lambda: me(mini_ctx))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.resume):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    intake = screen.intake()
    assert intake.id == first.id
    assert intake.answers == first.answers and intake.form == first.form
    assert screen.guide.row("q_agent").selector.value() == "agent"
    assert screen.form.widget("agent.name").value() == "李四"
    assert screen.form.widget("applicant.id_number").value() == ID_NUMBER
    assert screen.checklist.row("M-APPLY").status.value() == "received"


def test_discard_asks_first(qtbot, mini_ctx, confirm):
    first, second = saved_drafts(mini_ctx)
    dialog = DraftsDialog(mini_ctx.intake,
                          mini_ctx.intake.unfinished(me(mini_ctx)),
                          actor=lambda: me(mini_ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.table.hasFocus()
    confirm.yes = False
    dialog.discard_selected()
    assert confirm and "放弃" in confirm[0]
    assert len(mini_ctx.intake.unfinished(me(mini_ctx))) == 2
    confirm.yes = True
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [d.id for d in mini_ctx.intake.unfinished(me(mini_ctx))] == [first.id]
    assert dialog.table.rowCount() == 1
    dialog.discard_selected()
    assert mini_ctx.intake.unfinished(me(mini_ctx)) == []
    assert not dialog.isVisible()  # nothing left to resume


def test_later_keeps_everything(qtbot, mini_ctx):
    saved_drafts(mini_ctx)
    dialog = offer_drafts(mini_ctx, None, lambda intake: None, lambda: me(mini_ctx))
    qtbot.waitUntil(dialog.isVisible)
    dialog.later_button.click()
    assert not dialog.isVisible()
    assert len(mini_ctx.intake.unfinished(me(mini_ctx))) == 2
