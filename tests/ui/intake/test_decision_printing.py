"""Printing from the decision dialog in one step (issue 4): Enter prints the decision's
document on this counter's printer, Enter again finishes; a failing printer is said in Chinese
and the case stays decided, its document archived."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter.cases.model import CaseState
from counter.ids import mask_id_number
from counter.store.models import OutboxRow
from printing import printer
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.conftest import ITEM_CODE, me
from tests.ui.intake.conftest import show_screen
from tests.ui.intake.test_decisions import ID_NUMBER, fill_item, press
from ui.documents import DocumentActions
from ui.intake.decisions import DecisionResultDialog, default_actor


@pytest.fixture
def screen(qtbot, doc_ctx, message_boxes):
    s = show_screen(qtbot, doc_ctx)
    s.actions.set_documents(DocumentActions(doc_ctx, lambda: default_actor(doc_ctx), s))
    s.start("item", ITEM_CODE)
    return s


def decide(qtbot, screen, key, modifier=Qt.KeyboardModifier.NoModifier):
    with qtbot.waitSignal(screen.decided) as decided:
        press(qtbot, key, modifier)
    dialog = screen.actions.dialog
    assert isinstance(dialog, DecisionResultDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return decided.args[1], dialog


def accept(qtbot, screen):
    fill_item(qtbot, screen)
    screen.receive_all()
    return decide(qtbot, screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_accept_then_enter_prints_the_receipt_then_enter_finishes(qtbot, screen, doc_ctx,
                                                                   pdf_printer, message_boxes):
    case_no, dialog = accept(qtbot, screen)
    password = dialog.password_label.text().replace(" ", "")
    assert dialog.print_button.isEnabled() and dialog.print_button.isDefault()
    assert QApplication.focusWidget() is dialog.print_button
    assert dialog.print_button.text() == "打印受理通知书 (Enter)"
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)  # rendered and printed off the GUI thread
    assert message_boxes == []
    [job] = pdf_printer
    text = compact(pdf_text(job.read_bytes()))
    assert case_no in text and "受理通知书" in text
    assert mask_id_number(ID_NUMBER) in text and ID_NUMBER not in text
    assert f"查询密码：{password}" in text  # on the paper printed now, and only there
    assert dialog.print_status.isVisible() and "已打印" in dialog.print_status.text()
    assert dialog.done_button.isDefault()
    with qtbot.waitSignal(screen.finished):
        press(qtbot, Qt.Key.Key_Return)  # next applicant
    # the archived receipt (written by the accept itself) never holds the password
    [doc] = doc_ctx.documents.of_case(case_no, default_actor(doc_ctx))
    archived = compact(pdf_text(doc_ctx.documents.pdf(doc, default_actor(doc_ctx))))
    assert password not in archived and "见首次打印的受理通知书（回执）" in archived
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", password)


def test_notify_prints_the_archived_notice_referenced_by_the_event(qtbot, screen, doc_ctx,
                                                                   pdf_printer):
    fill_item(qtbot, screen)
    case_no, dialog = decide(qtbot, screen, Qt.Key.Key_F10)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    [job] = pdf_printer
    printed = job.read_bytes()
    assert case_no in pdf_text(printed) and "一次性告知书" in pdf_text(printed)
    with doc_ctx.uow(read_only=True) as u:
        payload = json.loads(u.session.scalars(select(OutboxRow.payload)
                                               .where(OutboxRow.case_no == case_no)).one())
    assert doc_ctx.blobs.get(payload["notice_blob"]) == printed  # exactly what was handed out


def test_a_failing_printer_is_said_and_the_case_stays_decided(qtbot, screen, doc_ctx,
                                                              message_boxes):
    printer.remember_printer(doc_ctx.site, "不存在的打印机", "a4")
    case_no, dialog = accept(qtbot, screen)
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot)
    _title, text, _info = message_boxes[-1]
    assert text.startswith("打印失败：未找到打印机“不存在的打印机”")
    assert "办件已按决定保存" in text and "另存为 PDF" in text
    assert "未打印" in dialog.print_status.text()
    assert dialog.print_button.isDefault()  # Enter tries again once the printer is back
    assert doc_ctx.cases.get(case_no, me(doc_ctx)).state is CaseState.ACCEPTED
    assert [d.kind for d in doc_ctx.documents.of_case(case_no, default_actor(doc_ctx))] == ["receipt"]
    with qtbot.waitSignal(screen.finished):
        press(qtbot, Qt.Key.Key_Escape)  # the clerk goes on; printing later from 办件查询


def test_preview_shows_the_document_and_prints_from_there(qtbot, screen, pdf_printer,
                                                         monkeypatch):
    shown = []

    def fake_exec(dialog):
        shown.append(dialog.windowTitle())
        dialog.paintRequested.emit(dialog.printer())  # the preview paints, the clerk prints
        return QPrintPreviewDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    case_no, dialog = accept(qtbot, screen)
    qtbot.keyClick(dialog, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot)
    assert shown and case_no in shown[0]
    assert "已打印" in dialog.print_status.text()


def test_without_document_actions_nothing_pretends_to_print(qtbot, doc_ctx, message_boxes):
    s = show_screen(qtbot, doc_ctx)
    s.start("item", ITEM_CODE)
    case_no, dialog = accept(qtbot, s)
    assert not dialog.print_button.isEnabled() and not dialog.preview_button.isEnabled()
    assert dialog.done_button.isDefault()
