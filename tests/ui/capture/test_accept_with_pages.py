"""Pages captured into two materials travel with the accepted case (issue 5 end to end on
the widget level): the intake screen and the real case service, the capture widgets wired
the way the intake screen embeds them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.cases.model import CaseState
from counter.intake.intake import MaterialStatus
from counter.services.capture import CaptureService
from tests.capture import images
from tests.ui.capture.pdfs import three_page_pdf
from tests.ui.conftest import ITEM_CODE, me
from tests.ui.intake.conftest import show_screen
from tests.ui.intake.test_decisions import fill_item
from ui.capture.pages import MaterialPagesWidget
from ui.capture.pdf import QtPdfRasteriser
from ui.capture.worker import CaptureWorker


def test_pages_of_two_materials_are_in_the_accepted_case(qtbot, mini_ctx, message_boxes,
                                                         tmp_path):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    capture = CaptureService(mini_ctx.blobs, mini_ctx.clock, pdf=QtPdfRasteriser())
    worker = CaptureWorker()
    form_pages = MaterialPagesWidget(capture, intake, "M-APPLY", worker=worker, colour=False)
    id_pages = MaterialPagesWidget(capture, intake, "M-ID-CARD", worker=worker)
    for widget in (form_pages, id_pages):
        qtbot.addWidget(widget)
        widget.changed.connect(screen.checklist.changed)  # save and refresh, as embedded

    application = tmp_path / "申请书.pdf"
    application.write_bytes(three_page_pdf())
    front, back = tmp_path / "身份证正面.jpg", tmp_path / "身份证反面.jpg"
    front.write_bytes(images.encode(images.text_page((856, 540), seed=1, lines=5)))
    back.write_bytes(images.encode(images.text_page((856, 540), seed=2, lines=3)))
    with qtbot.waitSignals([form_pages.changed, id_pages.changed], timeout=30000):
        form_pages.add_files([application])
        id_pages.add_files([front, back])
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=30000)
    assert form_pages.page_count() == 3 and id_pages.page_count() == 2
    assert intake.materials["M-APPLY"].status is MaterialStatus.RECEIVED
    assert intake.materials["M-ID-CARD"].status is MaterialStatus.RECEIVED
    capture.set_paper_only(intake, "M-PREMISES", True)  # brought on paper, not scanned
    form_pages.select_page(2)
    qtbot.keyClick(form_pages.list, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    expected_form = list(intake.materials["M-APPLY"].pages)
    expected_id = list(intake.materials["M-ID-CARD"].pages)

    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    fill_item(qtbot, screen)
    with qtbot.waitSignal(screen.decided, timeout=10000) as decided:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    action, case_no = decided.args
    assert action == "accept", message_boxes
    case = mini_ctx.cases.get(case_no, me(mini_ctx))
    assert case.state is CaseState.ACCEPTED
    ledger = {entry.material: entry for entry in case.materials}
    assert list(ledger["M-APPLY"].pages) == expected_form
    assert list(ledger["M-ID-CARD"].pages) == expected_id
    assert ledger["M-APPLY"].status == "received" and ledger["M-PREMISES"].status == "received"
    assert all(mini_ctx.blobs.has(p) for p in expected_form + expected_id)
    worker.wait()
