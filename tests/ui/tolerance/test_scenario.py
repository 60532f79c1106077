"""容缺受理 at the counter, end to end in the main window: F12, the commitment printed and its
signed page captured, the supervisor approving at the same counter with their own credentials,
the 容缺受理通知书 printed, then 补正 (F7) from the case view with its 补正回执."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from counter.cases.model import CaseState
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.conftest import commit_text
from tests.ui.tolerance.conftest import CLERK, PREMISES, SUPERVISOR, case_of, ready_intake
from ui.intake.decisions import DecisionResultDialog
from ui.tolerance.approval import ApprovalDialog, SupervisorConfirmDialog
from ui.tolerance.request import RequestDialog
from ui.tolerance.supplement import SupplementDialog

LEFT = Qt.MouseButton.LeftButton


def events(ctx, case_no):
    with ctx.uow(read_only=True) as u:
        rows = u.session.execute(text("SELECT seq, type, payload FROM outbox WHERE case_no = :n "
                                      "ORDER BY seq"), {"n": case_no}).all()
    return [(r.seq, r.type, json.loads(r.payload)) for r in rows]


def type_credentials(qtbot, dialog: SupervisorConfirmDialog, who) -> None:
    dialog.user_id_edit.clear()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.user_id_edit, who[0])
    qtbot.keyClicks(dialog.password_edit, who[2])
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_request_approval_here_printing_and_supplement(qtbot, window, tctx, printed, page_file,
                                                       message_boxes):
    desk = window.desk
    screen = desk.intake_screen
    flow = desk.tolerance.flow
    desk.resume(ready_intake(tctx))
    assert window.current_screen() is screen

    # F12 opens the request with the tolerable material ticked
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    dialog = flow.dialog
    assert isinstance(dialog, RequestDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.chosen() == [PREMISES]
    assert "经营场所使用证明" in dialog.materials.item(0).text()
    assert "3个工作日" in dialog.materials.item(0).text()

    # no reason, no signed page: said in the dialog, nothing stored
    qtbot.mouseClick(dialog.here_button, LEFT)
    assert dialog.error_label.text() == "请填写申请容缺受理的理由。"
    dialog.reason.setFocus()
    commit_text(dialog.reason, "租赁合同正在续签，承诺三日内补交")
    qtbot.mouseClick(dialog.here_button, LEFT)
    assert "签字后采集签字页" in dialog.error_label.text()
    assert tctx.tolerance.pending(
        tctx.users.confirm(SUPERVISOR[0], SUPERVISOR[2])) == []

    # the commitment for signature
    qtbot.keyClick(dialog.reason, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1
    commitment = compact(pdf_text(printed[0].read_bytes()))
    for needle in ("容缺受理告知承诺书", "经营场所使用证明", "2026年11月25日", "申请人（签字或盖章）："):
        assert needle in commitment, needle

    # the signed page, captured like any page
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    signed = dialog.signed_pages()
    assert len(signed) == 1

    # submitted for approval here: the supervisor's credentials
    with qtbot.waitSignal(flow.requested, timeout=10000):
        qtbot.mouseClick(dialog.here_button, LEFT)
    confirm = flow.dialog
    assert isinstance(confirm, SupervisorConfirmDialog)
    qtbot.waitExposed(confirm)
    type_credentials(qtbot, confirm, CLERK)  # the clerk is no supervisor
    assert "不是首席代表/值班长" in confirm.error()
    type_credentials(qtbot, confirm, SUPERVISOR)
    review = flow.dialog
    assert isinstance(review, ApprovalDialog)
    details = review.details.text()
    assert "未能核查信用（离线）" in details and "经营场所使用证明" in details
    assert "租赁合同正在续签" in details

    with qtbot.waitSignal(flow.decided, timeout=10000) as decided:
        qtbot.mouseClick(review.approve_button, LEFT)
    action, case_no = decided.args
    assert action == "accept_tolerance"
    result = flow.dialog
    assert isinstance(result, DecisionResultDialog)
    password = result.password_label.text().replace(" ", "")
    assert len(password) == 10

    # the 容缺受理通知书, printed with the password on this paper (off the GUI thread)
    wait_idle(qtbot)
    assert len(printed) == 2
    notice = compact(pdf_text(printed[1].read_bytes()))
    for needle in ("容缺受理通知书", case_no, password, "经营场所使用证明", "容缺后补材料"):
        assert needle in notice, needle
    case = case_of(tctx, case_no)
    assert case.state is CaseState.AWAITING_SUPPLEMENT
    assert {e.material: e.status for e in case.materials}[PREMISES] == "tolerated"
    [(seq, kind, payload)] = events(tctx, case_no)
    assert payload["tolerance"]["approved_by"] == SUPERVISOR[0]
    assert payload["tolerance"]["commitment_blob"] == signed[0]

    # closing the result: next applicant
    with qtbot.waitSignal(screen.finished, timeout=5000):
        result.accept()
    assert screen.intake() is None

    # 补正 from the case view (F7)
    desk.open_case(case_no)
    action_ = desk.tolerance.supplement
    assert window.current_screen() is desk.case_view
    assert action_.button.isEnabled()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(desk.case_view.search_box, Qt.Key.Key_F7)
    supplement = action_.dialog
    assert isinstance(supplement, SupplementDialog)
    qtbot.waitExposed(supplement)
    strip = supplement.strips[PREMISES]
    with qtbot.waitSignal(strip.changed, timeout=30000):
        strip.add_files([page_file("租赁合同.jpg", seed=2)])
    with qtbot.waitSignal(action_.supplemented, timeout=10000) as done:
        qtbot.mouseClick(supplement.ok_button, LEFT)
    wait_idle(qtbot)
    outcome = done.args[0]
    assert outcome.complete
    assert desk.case_view.case.state is CaseState.ACCEPTED
    assert not action_.button.isEnabled()
    assert len(printed) == 3
    receipt = compact(pdf_text(printed[2].read_bytes()))
    assert "补正材料回执" in receipt and "经营场所使用证明" in receipt and "所需材料已全部补齐" in receipt
    assert [(s, k) for s, k, _p in events(tctx, case_no)] == [(1, "accepted"), (2, "supplemented")]
    assert message_boxes == []
