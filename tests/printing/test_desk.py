"""The document desk (printing.desk): issue once, print, fail cleanly, reprint, print again."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter

from printing import printer
from printing.desk import DECISION_KINDS, PRINT_LABELS, DocumentDesk
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text
from tests.printing.test_archive import store_case


@pytest.fixture
def desk(ctx):
    ctx.site.set(f.SITE)
    return DocumentDesk.from_context(ctx)


@pytest.fixture
def pdf_out(tmp_path, monkeypatch):
    """Every printer name opens a PDF-file printer writing to a new file in ``tmp_path``."""
    written = []

    def open_printer(name):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"job{len(written)}.pdf"
        p.setOutputFileName(str(path))
        written.append(path)
        return p

    monkeypatch.setattr(printer, "open_printer", open_printer)
    return written


def test_issue_and_print_archives_once_and_prints(qapp, ctx, desk, pdf_out):
    case = store_case(ctx, f.accepted_case())
    printer.remember_printer(ctx.site, "HP-A4", "a4")
    outcome = desk.issue_and_print(None, case, "receipt", f.CLERK, password=f.PASSWORD)
    assert outcome.printed and outcome.pages == 1
    text = compact(pdf_text(pdf_out[0].read_bytes()))
    assert f.PASSWORD in text and case.case_no in text  # on the paper printed now
    # the 打印 button pressed again prints the same original
    desk.issue_and_print(None, case, "receipt", f.CLERK, password=f.PASSWORD)
    assert pdf_out[1].read_bytes() == pdf_out[0].read_bytes()
    docs = desk.documents(case.case_no, f.CLERK)
    assert [(d.kind, d.sequence, d.reprint_count) for d in docs] == [("receipt", 1, 0)]
    # the archive never holds the password: neither the PDF nor the snapshot
    archived = desk.archived(case.case_no, "receipt", f.CLERK)
    assert f.PASSWORD not in pdf_text(archived.pdf)
    assert "见首次打印的受理通知书（回执）" in compact(pdf_text(archived.pdf))
    assert f.PASSWORD.encode() not in desk._documents.snapshot(archived.document, f.CLERK)


def test_a_failing_printer_leaves_the_document_archived(qapp, ctx, desk):
    case = store_case(ctx, f.notified_case())
    printer.remember_printer(ctx.site, "不存在的打印机", "a4")
    with pytest.raises(printer.PrintFailed, match="办件已按决定保存"):
        desk.issue_and_print(None, case, "notice", f.CLERK)
    archived = desk.archived(case.case_no, "notice", f.CLERK)
    assert "一次性告知书" in pdf_text(archived.pdf)


def test_reprint_and_print_archived(qapp, ctx, desk, pdf_out):
    case = store_case(ctx, f.accepted_case())
    desk.issue_and_print(None, case, "receipt", f.CLERK, password=f.PASSWORD)
    desk.print_archived(None, case.case_no, "receipt", f.CLERK)
    text = compact(pdf_text(pdf_out[-1].read_bytes()))
    assert "补打" not in text and f.PASSWORD not in text
    desk.reprint(None, case.case_no, "receipt", f.CLERK)
    text = compact(pdf_text(pdf_out[-1].read_bytes()))
    assert "补打（第1次）" in text and case.case_no in text
    assert f.PASSWORD not in text and "查询密码：见首次打印的受理通知书（回执）" in text


def test_receipt_goes_to_the_roll_when_the_counter_has_a_roll_printer(ctx, desk):
    assert desk.layout_for("receipt") == "a4"
    printer.remember_printer(ctx.site, "XP-80C", "roll80")
    assert desk.layout_for("receipt") == "roll80"
    assert desk.layout_for("notice") == "a4"
    case = store_case(ctx, f.accepted_case())
    issued = desk.issue(case, "receipt", f.CLERK)
    assert issued.document.layout == "roll80"
    assert issued.title == f"受理通知书 {case.case_no}"


def test_training_store_documents_carry_the_mark(ctx, desk):
    ctx.site.set_training(True)
    case = store_case(ctx, f.accepted_case())
    issued = desk.issue(case, "receipt", f.CLERK)
    assert "培训" in pdf_text(issued.pdf)


def test_a_kind_that_does_not_fit_is_refused(ctx, desk):
    from counter.errors import CounterError

    case = store_case(ctx, f.accepted_case())
    with pytest.raises(CounterError, match="没有一次性告知书"):
        desk.issue(case, "notice", f.CLERK)
    with pytest.raises(CounterError, match="尚未出具"):
        desk.archived(case.case_no, "receipt", f.CLERK)


def test_decision_kinds_and_labels():
    assert DECISION_KINDS["accept"] == "receipt" and DECISION_KINDS["notify"] == "notice"
    assert PRINT_LABELS["receipt"] == "打印受理通知书"
