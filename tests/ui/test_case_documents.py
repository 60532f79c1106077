"""The documents of a case in 办件查询 (issue 4): print as archived, 补打 with its count and
without the query password, preview, save as PDF, and issue what was never archived."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog

from printing import printer
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.intake.test_case_view import accepted_case
from ui.case_view import CaseView
from ui.intake.decisions import default_actor

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_view(qtbot, ctx, case_no) -> CaseView:
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.show_case(case_no)
    return view


def accept_now(ctx) -> tuple[str, str]:
    """An accepted case (through the service, as the window does): number, password."""
    from counter.intake.intake import MaterialStatus
    from tests.ui.conftest import ITEM_CODE, me
    from tests.ui.intake.test_case_view import ID_NUMBER

    service = ctx.intake
    intake = service.start("item", ITEM_CODE, me(ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": "张三", "applicant.id_type": "111",
                       "applicant.id_number": ID_NUMBER,
                       "applicant.mobile": "13800138000"}.items():
        intake.set_value(spec.field(key), value)
    for _, state in intake.checklist(spec):
        state.status = MaterialStatus.RECEIVED
        state.copies_received = 1
    result = ctx.cases.accept(intake, default_actor(ctx))
    return result.case.case_no, result.query_password


def test_the_archived_documents_are_listed(qtbot, doc_ctx):
    case_no, _ = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    [(kind, doc)] = view.document_rows()
    assert kind == "receipt" and doc is not None and not doc.is_reprint
    assert view.document_list.item(0, 0).text() == "受理通知书"
    assert view.document_list.item(0, 1).text() == "原件"
    assert view.print_button.isEnabled() and view.reprint_button.isEnabled()


def test_print_and_reprint_never_show_the_password(qtbot, doc_ctx, pdf_printer):
    case_no, password = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    view.document_list.setFocus()
    qtbot.keyClick(view.document_list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    original = compact(pdf_text(pdf_printer[-1].read_bytes()))
    assert case_no in original and "补打" not in original
    assert password not in original and "查询密码：见首次打印的受理通知书（回执）" in original

    qtbot.keyClick(view.document_list, Qt.Key.Key_R, CTRL_SHIFT)
    wait_idle(qtbot)
    first = compact(pdf_text(pdf_printer[-1].read_bytes()))
    assert "补打（第1次）" in first and case_no in first and password not in first
    # the reprint is archived and listed; a second one counts on
    rows = view.document_rows()
    assert [(k, d.reprint_count) for k, d in rows] == [("receipt", 0), ("receipt", 1)]
    assert view.document_list.item(1, 1).text() == "补打（第1次）"
    qtbot.keyClick(view.document_list, Qt.Key.Key_R, CTRL_SHIFT)
    wait_idle(qtbot)
    second = compact(pdf_text(pdf_printer[-1].read_bytes()))
    assert "补打（第2次）" in second and password not in second
    assert len(view.document_rows()) == 3


def test_a_document_never_archived_is_issued_by_printing(qtbot, mini_ctx, pdf_printer):
    case_no = accepted_case(mini_ctx)  # a store without a renderer: nothing archived
    view = open_view(qtbot, mini_ctx, case_no)
    [(kind, doc)] = view.document_rows()
    assert (kind, doc) == ("receipt", None)
    assert view.document_list.item(0, 1).text() == "未出具"
    assert not view.reprint_button.isEnabled()
    view.print_button.click()
    wait_idle(qtbot)
    assert case_no in pdf_text(pdf_printer[-1].read_bytes())
    [(kind, doc)] = view.document_rows()
    assert doc is not None and doc.kind == "receipt"
    assert mini_ctx.documents.pdf(doc, default_actor(mini_ctx)) == pdf_printer[-1].read_bytes()


def test_save_as_pdf_writes_the_archived_document(qtbot, doc_ctx, tmp_path, monkeypatch):
    case_no, _ = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    target = tmp_path / "回执"
    asked = []

    def choose(parent, title, suggested, filters):
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    messages = []
    view.message.connect(messages.append)
    qtbot.keyClick(view.document_list, Qt.Key.Key_S, CTRL_SHIFT)
    wait_idle(qtbot)
    assert asked == [f"受理通知书-{case_no}.pdf"]
    saved = target.with_suffix(".pdf")
    [(_, doc)] = view.document_rows()
    assert saved.read_bytes() == doc_ctx.documents.pdf(doc, default_actor(doc_ctx))
    assert messages and str(saved) in messages[-1]


def test_preview_of_the_selected_document(qtbot, doc_ctx, pdf_printer, monkeypatch):
    case_no, _ = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    titles = []

    def fake_exec(dialog):
        titles.append(dialog.windowTitle())
        return QPrintPreviewDialog.DialogCode.Rejected  # looked at it, did not print

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    qtbot.keyClick(view.document_list, Qt.Key.Key_P, CTRL_SHIFT)
    wait_idle(qtbot)
    assert titles == [f"打印预览 — 受理通知书 {case_no}"]
    assert len(view.document_rows()) == 1  # a preview archives nothing


def test_a_failing_printer_is_said_and_nothing_changes(qtbot, doc_ctx, message_boxes):
    case_no, _ = accept_now(doc_ctx)
    printer.remember_printer(doc_ctx.site, "已拔掉的打印机", "a4")
    view = open_view(qtbot, doc_ctx, case_no)
    view.print_button.click()
    wait_idle(qtbot)
    assert message_boxes[-1][1].startswith("打印失败：未找到打印机“已拔掉的打印机”")
    assert len(view.document_rows()) == 1


def test_a_notified_case_lists_its_notice(qtbot, doc_ctx):
    from tests.ui.conftest import ITEM_CODE, me
    from tests.ui.intake.test_case_view import ID_NUMBER

    service = doc_ctx.intake
    intake = service.start("item", ITEM_CODE, me(doc_ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": "李四", "applicant.id_type": "111",
                       "applicant.id_number": ID_NUMBER}.items():
        intake.set_value(spec.field(key), value)
    case = doc_ctx.cases.notify(intake, default_actor(doc_ctx))
    view = open_view(qtbot, doc_ctx, case.case_no)
    [(kind, doc)] = view.document_rows()
    assert kind == "notice" and doc is not None
    assert view.document_list.item(0, 0).text() == "一次性告知书"
