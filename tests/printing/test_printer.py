"""Printing through Qt (printing.printer): the QPrinter path end to end with PDF output,
the rasterised path, missing printers, preview, and the remembered printer per counter."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from printing import RenderOptions, printer, render
from printing import sources as src
from tests.printing import factory as f
from tests.printing.pdftext import barcodes, compact, page_count, page_size_pt, pdf_text


@pytest.fixture
def receipt_pdf() -> bytes:
    return render(src.receipt_doc(f.accepted_case(), f.SITE))


def pdf_printer(path) -> QPrinter:
    p = QPrinter(QPrinter.PrinterMode.HighResolution)
    p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    p.setOutputFileName(str(path))
    return p


def test_printing_to_a_pdf_printer_writes_the_document_with_its_text(qapp, tmp_path, receipt_pdf):
    out = tmp_path / "out.pdf"
    pages = printer.print_pdf(pdf_printer(out), receipt_pdf, title="受理通知书")
    assert pages == 1
    assert out.exists()
    data = out.read_bytes()
    text = compact(pdf_text(data))
    assert f.case_no("S") in text and "受理通知书" in text and f.PASSWORD in text
    assert f.ID_NUMBER not in text


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_rasterised_path_paints_scannable_pages_of_the_right_size(qapp, tmp_path, layout):
    case = f.accepted_case(materials=f.ledger(3) if layout == "a4" else f.ledger(2))
    pdf = render(src.receipt_doc(case, f.SITE), RenderOptions(layout=layout))
    out = tmp_path / "raster.pdf"
    target = pdf_printer(out)
    printer.prepare(target, pdf)
    assert printer.paint_pdf(target, pdf) == page_count(pdf)
    painted = out.read_bytes()
    assert page_count(painted) == page_count(pdf)
    assert page_size_pt(painted) == pytest.approx(page_size_pt(pdf), abs=1.5)
    found = barcodes(painted, dpi=200)
    assert ("Code128", case.case_no) in found
    assert ("QRCode", f.SITE.query_url(case.case_no)) in found


def test_a_multi_page_document_is_painted_page_by_page(qapp, tmp_path):
    mats = [f.ledger(1)[0].__class__(f"M-{i}", f"材料{i}", "received", "required", 1, "check")
            for i in range(60)]
    pdf = render(src.receipt_doc(f.accepted_case(materials=mats), f.SITE))
    out = tmp_path / "multi.pdf"
    target = pdf_printer(out)
    printer.prepare(target, pdf)
    assert printer.paint_pdf(target, pdf) == page_count(pdf) >= 2
    assert page_count(out.read_bytes()) == page_count(pdf)


def test_a_missing_printer_gives_a_clear_chinese_message(qapp, receipt_pdf):
    with pytest.raises(printer.PrintFailed) as err:
        printer.print_document(None, receipt_pdf, "前台-不存在的打印机")
    message = str(err.value)
    assert "未找到打印机“前台-不存在的打印机”" in message
    assert "办件已按决定保存" in message and "另存为 PDF" in message


def test_no_printer_at_all_gives_a_clear_message(qapp, receipt_pdf, monkeypatch):
    monkeypatch.setattr(printer, "default_printer_name", lambda: None)
    with pytest.raises(printer.PrintFailed, match="本机没有可用的打印机"):
        printer.print_document(None, receipt_pdf, None)


def test_a_printer_that_cannot_start_gives_a_clear_message(qapp, tmp_path, receipt_pdf):
    target = pdf_printer(tmp_path / "no-such-dir" / "x.pdf")
    target.setOutputFileName(str(tmp_path / "no-such-dir" / "x.pdf"))
    with pytest.raises(printer.PrintFailed, match="另存为 PDF 失败|无法开始打印"):
        printer.print_pdf(target, receipt_pdf)


def test_unreadable_bytes_are_refused(qapp, tmp_path):
    with pytest.raises(printer.PrintFailed, match="文书文件无法读取"):
        printer.paint_pdf(pdf_printer(tmp_path / "x.pdf"), b"%PDF-1.4 broken")


def test_preview_paints_the_pages(qapp, receipt_pdf, monkeypatch):
    painted: list[int] = []
    real_paint = printer.paint_pdf

    def spy(target, pdf):
        painted.append(real_paint(target, pdf))
        return painted[-1]

    monkeypatch.setattr(printer, "paint_pdf", spy)

    def close_preview() -> None:
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w.windowTitle().startswith("打印预览"):
                w.reject()
                return
        QTimer.singleShot(50, close_preview)

    QTimer.singleShot(50, close_preview)
    target = QPrinter(QPrinter.PrinterMode.HighResolution)
    target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = printer.preview_document(None, receipt_pdf, printer=target, title="受理通知书")
    assert printed is False
    assert painted and painted[0] == 1


def test_the_printer_is_remembered_per_counter_and_paper(ctx):
    site = ctx.site
    assert printer.remembered_printer(site, "a4") is None
    printer.remember_printer(site, "HP LaserJet 窗口7", "a4")
    printer.remember_printer(site, "XP-80C", "roll80")
    assert printer.remembered_printer(site, "a4") == "HP LaserJet 窗口7"
    assert printer.remembered_printer(site, "roll80") == "XP-80C"
    # another counter of the same store has its own choice
    site.update(counter_code="08")
    assert printer.remembered_printer(site, "a4") is None
    key = printer.setting_key(site.get(), "a4")
    assert key.endswith("-08.a4") and key.startswith("printer.")
    with pytest.raises(ValueError):
        printer.setting_key(site.get(), "a3")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_and_printed_to_file_pdfs_are_private_whatever_the_umask(qapp, tmp_path,
                                                                       receipt_pdf, monkeypatch):
    """另存为 PDF and a print to a PDF file hold the applicant's data: 0600 (issue 12)."""
    from PySide6.QtWidgets import QFileDialog

    old = os.umask(0)
    try:
        printed = tmp_path / "printed.pdf"
        printer.print_pdf(pdf_printer(printed), receipt_pdf, title="受理通知书")
        saved = tmp_path / "saved.pdf"
        saved.write_bytes(b"an older file")
        os.chmod(saved, 0o644)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(saved), "PDF 文件 (*.pdf)"))
        assert printer.save_pdf(None, receipt_pdf, "受理通知书.pdf") == saved
    finally:
        os.umask(old)
    assert stat.S_IMODE(printed.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert saved.read_bytes() == receipt_pdf


def test_pages_are_put_on_white_band_by_band(qapp):
    """``on_white``: transparent stays white, ink stays ink, every row covered (issue 13)."""
    from PySide6.QtGui import QColor, QImage

    page = QImage(300, 1001, QImage.Format.Format_ARGB32_Premultiplied)
    page.fill(QColor(0, 0, 0, 0))
    for y in (0, 500, 1000):
        page.setPixelColor(7, y, QColor("black"))
    out = printer.on_white(page)
    assert out.format() == QImage.Format.Format_RGB32 and out.size() == page.size()
    assert printer.band_rows(300) < 1001  # more than one band
    for y in (0, 500, 1000):
        assert out.pixelColor(7, y) == QColor("black")
        assert out.pixelColor(8, y) == QColor("white")
    assert out.pixelColor(299, 1000) == QColor("white")


def test_painting_gives_the_gui_thread_its_turn_between_bands(qapp, tmp_path, receipt_pdf,
                                                               monkeypatch):
    """The painter sleeps a little after each band (put on white, then on the printer), so a
    GUI thread waiting for the interpreter lock gets it (gui_stall_decide, issue 13)."""
    turns: list[int] = []
    monkeypatch.setattr(printer, "give_way", lambda: turns.append(1))
    target = pdf_printer(tmp_path / "bands.pdf")
    printer.prepare(target, receipt_pdf)
    assert printer.paint_pdf(target, receipt_pdf) == 1
    rows = printer.band_rows(2480)  # A4 at 300 dpi
    assert 8 <= rows <= 64
    bands = -(-3508 // rows)
    assert len(turns) >= 2 * bands - 2  # on white, then on the printer
