"""The 容缺受理 request dialog (issue 11): what in the draft would refuse the request is listed
as it opens; cancelling keeps the reason and the signed page for the next try on that draft."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.intake.intake import MaterialStatus
from tests.ui.conftest import commit_text
from tests.ui.tolerance.conftest import PREMISES, ready_intake
from ui.tolerance.request import RequestDialog


def open_request(qtbot, window) -> RequestDialog:
    """F12 on the intake screen, as the clerk presses it."""
    flow = window.desk.tolerance.flow
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    dialog = flow.dialog
    assert isinstance(dialog, RequestDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_form_is_checked_when_the_dialog_opens(qtbot, window, tctx):
    intake = ready_intake(tctx, save=False)
    service = tctx.intake
    spec = service.spec(intake)
    intake.set_value(spec.field("applicant.mobile"), "1380013800")  # ten digits
    states = {m.id: st for m, st in intake.checklist(spec)}
    states["M-ID-CARD"].status = MaterialStatus.MISSING
    service.save(intake, tctx.permissions.guard.current.actor)
    window.desk.resume(intake)

    dialog = open_request(qtbot, window)
    # before anything is typed or scanned
    assert dialog.reason_text() == "" and dialog.signed_pages() == []
    assert dialog.problems_box.isVisible()
    lines = dialog.problems()
    assert lines[0] == "表单填写有误："
    assert lines[1].startswith("· 手机号码：")
    assert "除容缺材料外，以下材料尚未收取（可一次性告知）：" in lines
    assert "· 申请人身份证件" in lines
    assert "1380013800" not in dialog.problems_label.text()  # never the value itself
    assert dialog.problems_hint.isVisible()
    assert "已填写的理由、已采集的签字页会保留" in dialog.problems_hint.text()
    # unticking the tolerated material: it is missing too now
    dialog.materials.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert "· 经营场所使用证明" in dialog.problems()
    dialog.reject()


def test_a_complete_draft_opens_without_problems(qtbot, window, tctx):
    window.desk.resume(ready_intake(tctx))
    dialog = open_request(qtbot, window)
    assert dialog.problems() == []
    assert not dialog.problems_box.isVisible()
    dialog.reject()


def test_cancel_keeps_the_reason_and_the_signed_page_for_the_same_draft(qtbot, window, tctx,
                                                                        page_file):
    first = ready_intake(tctx)
    window.desk.resume(first)
    dialog = open_request(qtbot, window)
    dialog.reason.setFocus()
    commit_text(dialog.reason, "租赁合同正在续签，承诺三日内补交")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    signed = dialog.signed_pages()
    assert len(signed) == 1
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    again = open_request(qtbot, window)
    assert again is not dialog
    assert again.reason_text() == "租赁合同正在续签，承诺三日内补交"
    assert again.signed_pages() == signed
    assert again.chosen() == [PREMISES]
    again.reject()

    # another draft starts empty: nothing leaks from the first applicant's request
    window.desk.resume(ready_intake(tctx))
    other = open_request(qtbot, window)
    assert other.reason_text() == "" and other.signed_pages() == []
    other.reject()

    # and the first draft still has its own
    window.desk.resume(first)
    back = open_request(qtbot, window)
    assert back.reason_text() == "租赁合同正在续签，承诺三日内补交"
    assert back.signed_pages() == signed
    back.reject()
