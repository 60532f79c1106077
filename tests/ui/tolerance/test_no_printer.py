"""容缺受理 on a counter without any printer (issue 11): the 容缺受理告知承诺书 — signed before the
case exists — can be previewed and saved as PDF from the request dialog, and the 容缺受理通知书
with its query password from the result dialog; no ``QPrinter`` is needed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.conftest import commit_text
from tests.ui.intake.test_no_printer import no_printer, previews, save_to  # noqa: F401 - fixtures
from tests.ui.tolerance.conftest import PREMISES, ready_intake
from tests.ui.tolerance.test_scenario import type_credentials
from tests.ui.tolerance.conftest import SUPERVISOR
from ui.intake.decisions import DecisionResultDialog
from ui.tolerance.approval import ApprovalDialog
from ui.tolerance.request import RequestDialog

LEFT = Qt.MouseButton.LeftButton
BOTH = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_request(qtbot, window, tctx):
    desk = window.desk
    desk.resume(ready_intake(tctx))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    dialog = desk.tolerance.flow.dialog
    assert isinstance(dialog, RequestDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return desk.tolerance.flow, dialog


def test_commitment_preview_and_save_without_any_printer(qtbot, window, tctx, no_printer,
                                                         previews, save_to, message_boxes):
    target, asked = save_to
    flow, dialog = open_request(qtbot, window, tctx)
    assert dialog.chosen() == [PREMISES]
    qtbot.keyClick(dialog.reason, Qt.Key.Key_P, BOTH)
    assert message_boxes == []
    [(title, note, pages, text)] = previews
    assert "容缺受理告知承诺书" in title and "未配置" in note and pages >= 1
    for needle in ("容缺受理告知承诺书", "经营场所使用证明", "申请人（签字或盖章）："):
        assert needle in text, needle
    qtbot.keyClick(dialog.reason, Qt.Key.Key_S, BOTH)
    assert message_boxes == [] and asked == ["容缺受理告知承诺书.pdf"]
    saved = compact(pdf_text(target.read_bytes()))
    assert "容缺受理告知承诺书" in saved and "经营场所使用证明" in saved
    # printing says there is no printer, in Chinese, and the dialog stays open
    qtbot.keyClick(dialog.reason, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes and "没有可用的打印机" in message_boxes[-1][1]
    assert dialog.isVisible()


def test_tolerance_notice_preview_and_save_without_any_printer(qtbot, window, tctx, no_printer,
                                                               previews, save_to, page_file,
                                                               message_boxes):
    target, _asked = save_to
    flow, dialog = open_request(qtbot, window, tctx)
    dialog.reason.setFocus()
    commit_text(dialog.reason, "租赁合同正在续签，承诺三日内补交")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.requested, timeout=10000):
        qtbot.mouseClick(dialog.here_button, LEFT)
    type_credentials(qtbot, flow.dialog, SUPERVISOR)
    review = flow.dialog
    assert isinstance(review, ApprovalDialog)
    with qtbot.waitSignal(flow.decided, timeout=10000) as decided:
        qtbot.mouseClick(review.approve_button, LEFT)
    case_no = decided.args[1]
    result = flow.dialog
    assert isinstance(result, DecisionResultDialog)
    password = result.password_label.text().replace(" ", "")
    wait_idle(qtbot)
    message_boxes.clear()  # the automatic print said there is no printer
    assert result.preview_button.isEnabled() and result.save_button.isEnabled()
    result.preview_button.click()
    result.save_button.click()
    wait_idle(qtbot)
    assert message_boxes == []
    [(_title, _note, _pages, text)] = previews
    assert "容缺受理通知书" in text and f"查询密码：{password}" in text and case_no in text
    saved = compact(pdf_text(target.read_bytes()))
    assert f"查询密码：{password}" in saved
    assert "另存为 PDF" in result.print_status.text()
