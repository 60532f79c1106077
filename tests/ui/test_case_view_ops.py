"""The case view's slow actions run through the operations runner (issue 13): 补打 prints off
the GUI thread and its result reaches the view; a second 出件 while the first is written does
nothing."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from counter.cases.model import CaseState
from printing.desk import DocumentDesk
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.intake.test_case_view import accepted_case, view  # noqa: F401 - fixture
from tests.ui.test_case_documents import accept_now, open_view
from ui.case_view import PickupDialog


def test_reprint_prints_off_the_gui_thread_and_the_result_arrives(qtbot, doc_ctx, pdf_printer,
                                                                  monkeypatch):
    case_no, _ = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    threads = []
    real = DocumentDesk.print_pdf

    def print_pdf(desk, parent, issued, *, preview=False):
        threads.append(threading.current_thread())
        return real(desk, parent, issued, preview=preview)

    monkeypatch.setattr(DocumentDesk, "print_pdf", print_pdf)
    messages = []
    view.message.connect(messages.append)
    view.select_document(0)
    view.reprint_button.click()
    wait_idle(qtbot)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert "补打（第1次）" in compact(pdf_text(pdf_printer[-1].read_bytes()))
    assert messages and messages[-1].startswith("已补打受理通知书")
    assert [d.reprint_count for _, d in view.document_rows()] == [0, 1]


def test_a_second_pickup_while_the_first_is_written_does_nothing(qtbot, view, mini_ctx,  # noqa: F811
                                                                 monkeypatch):
    case_no = accepted_case(mini_ctx)
    mini_ctx.cases.apply_status(case_no, "approved", mini_ctx.clock.now())
    view.show_case(case_no)
    gate, calls = threading.Event(), []
    real = mini_ctx.cases.pickup

    def slow(*args, **kwargs):
        calls.append(threading.current_thread())
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(view._cases, "pickup", slow)
    view.pickup()
    first = view.dialog
    assert isinstance(first, PickupDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)
    try:
        first._confirm()
        qtbot.waitUntil(lambda: len(calls) == 1)
        assert not view.pickup_button.isEnabled()
        view.pickup()  # F8 again while it is written: no second dialog, nothing more
        assert view.dialog is first
    finally:
        gate.set()
    wait_idle(qtbot)
    assert len(calls) == 1 and calls[0] is not threading.main_thread()
    assert view.case.state is CaseState.CLOSED
    assert not view.pickup_button.isEnabled()
