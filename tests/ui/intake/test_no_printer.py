"""A counter's first day, no printer at all (issue 11): the first 受理通知书 — the only paper
that carries the one-time query password — can be previewed and saved as PDF from the result
dialog; nothing needs a ``QPrinter``."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from printing import preview as preview_mod
from printing import printer
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.intake.test_decision_printing import accept, decide, screen  # noqa: F401 - fixture
from tests.ui.intake.test_decisions import fill_item


class NoQPrinter:
    """Stands in for QPrinter: any use of it fails the test."""

    def __init__(self, *a, **kw):
        raise AssertionError("a QPrinter was made although there is no printer")


@pytest.fixture
def no_printer(monkeypatch):
    """No printer on the machine, and QPrinter unusable."""
    def open_printer(name):
        raise printer.PrintFailed("打印失败：本机没有可用的打印机。" + printer.LATER)

    monkeypatch.setattr(printer, "open_printer", open_printer)
    monkeypatch.setattr(printer, "QPrinter", NoQPrinter)


@pytest.fixture
def previews(monkeypatch):
    """The printer-free previews shown: (title, note, pages, the PDF's text)."""
    shown = []

    def fake_exec(dialog):
        shown.append((dialog.windowTitle(), dialog.note.text(), dialog.page_count,
                      compact(pdf_text(dialog._pdf))))
        return 0

    monkeypatch.setattr(preview_mod.PdfPreviewDialog, "exec", fake_exec)
    return shown


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    target = tmp_path / "saved" / "受理通知书.pdf"
    target.parent.mkdir()
    asked = []

    def fake_save(parent, caption, name, filters):
        asked.append(name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    return target, asked


def test_preview_of_the_first_receipt_without_any_printer(qtbot, screen, no_printer, previews,
                                                          message_boxes):
    case_no, dialog = accept(qtbot, screen)
    password = dialog.password_label.text().replace(" ", "")
    assert dialog.preview_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot)  # the document is made off the GUI thread, then the preview opens
    assert message_boxes == []  # no "打印失败" for a preview
    [(title, note, pages, text)] = previews
    assert case_no in title and "未配置" in note and pages >= 1
    assert f"查询密码：{password}" in text and case_no in text


def test_save_the_first_receipt_as_pdf_without_any_printer(qtbot, screen, no_printer, save_to,
                                                           message_boxes, doc_ctx):
    target, asked = save_to
    case_no, dialog = accept(qtbot, screen)
    password = dialog.password_label.text().replace(" ", "")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", password)
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot)
    assert message_boxes == []
    assert asked == [f"受理通知书-{case_no}.pdf"]
    text = compact(pdf_text(target.read_bytes()))
    assert f"查询密码：{password}" in text and case_no in text
    assert "已另存为 PDF" in dialog.print_status.text() and dialog.print_status.isVisible()
    assert dialog.done_button.isDefault()
    # the archive still never holds it
    from ui.intake.decisions import default_actor
    [doc] = doc_ctx.documents.of_case(case_no, default_actor(doc_ctx))
    assert password not in compact(pdf_text(doc_ctx.documents.pdf(doc, default_actor(doc_ctx))))


def test_notice_preview_and_save_without_any_printer(qtbot, screen, no_printer, previews,
                                                     save_to, message_boxes):
    target, _asked = save_to
    fill_item(qtbot, screen)
    case_no, dialog = decide(qtbot, screen, Qt.Key.Key_F10)
    dialog.preview_button.click()
    wait_idle(qtbot)  # (a real preview is modal: the clerk closes it before saving)
    dialog.save_button.click()
    wait_idle(qtbot)
    assert message_boxes == []
    assert previews and "一次性告知书" in previews[0][3]
    assert case_no in compact(pdf_text(target.read_bytes()))


def test_the_preview_dialog_saves_what_it_shows(qtbot, save_to):
    from tests.printing.factory import accepted_case  # noqa: F401 - same PDFs as the app
    from printing import fonts, render, sources
    from printing.model import RenderOptions
    from counter.identity import SiteProfile

    fonts.register()
    target, _asked = save_to
    doc = sources.receipt_doc(accepted_case(), SiteProfile(region_code="140802", counter_code="07"),
                              query_password="314159")
    pdf = render(doc, RenderOptions())
    dialog = preview_mod.PdfPreviewDialog(pdf, title="受理通知书", note=preview_mod.NO_PRINTER_NOTE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count >= 1 and dialog.note.isVisible()
    dialog.save_button.click()
    saved = target.read_bytes()
    assert dialog.saved == [target], dialog.saved
    assert saved == pdf, (len(saved), len(pdf))
