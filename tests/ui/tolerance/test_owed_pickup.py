"""出件 of a tolerance case whose material is still owed, in the main window: the case view flags
it (容缺材料未补齐), F8 says why it cannot be handed out, and a supervisor's override (reason,
then their own 工号 and 密码) hands it out, recorded; the deadlines list flags the case too."""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.cases.model import TOLERANCE_OWED, CaseState
from counter.clock import CST
from tests.helpers.ops import wait_idle
from tests.store.access import audit_rows
from tests.ui.conftest import commit_text
from tests.ui.tolerance.conftest import CLERK, PREMISES, SUPERVISOR, case_of, login, ready_intake
from tests.ui.tolerance.test_scenario import type_credentials
from ui.case_view import PickupDialog
from ui.tolerance.approval import SupervisorConfirmDialog
from ui.tolerance.pickup import OwedPickupDialog

LEFT = Qt.MouseButton.LeftButton
REASON = "申请人需持许可证明办理贷款，承诺三日内补交"


def approved_with_premises_owed(tctx) -> str:
    """A case accepted with tolerance (经营场所使用证明 owed) that the platform has approved."""
    service = tctx.tolerance
    clerk = tctx.permissions.guard.current.actor
    from tests.capture import images

    signed = tctx.blobs.put(images.encode(images.text_page((300, 420), seed=3, lines=4)))
    request = service.request(ready_intake(tctx), clerk, [PREMISES], "合同续签中",
                              commitment_pages=[signed])
    supervisor = tctx.users.confirm(SUPERVISOR[0], SUPERVISOR[2])
    case_no = service.approve(request.id, supervisor).case.case_no
    for n, status in enumerate(("in_review", "approved"), start=1):
        tctx.cases.apply_status(case_no, status, datetime(2026, 11, 20, 10 + n, tzinfo=CST),
                                "准予许可" if status == "approved" else "审查中")
    return case_no


def press_f8(qtbot, window):
    view = window.desk.case_view
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(view.search_box, Qt.Key.Key_F8)
    return view.dialog


def test_pickup_is_refused_with_the_reason_until_the_material_is_in(qtbot, window, tctx):
    case_no = approved_with_premises_owed(tctx)
    desk = window.desk
    with qtbot.waitSignal(desk.case_view.case_shown):
        desk.open_case(case_no)
    view = desk.case_view
    assert view.case.state is CaseState.APPROVED
    assert f"{TOLERANCE_OWED}</b>：经营场所使用证明" in view.details.text()
    assert view.pickup_button.isEnabled() and desk.tolerance.supplement.button.isEnabled()

    dialog = press_f8(qtbot, window)
    assert isinstance(dialog, OwedPickupDialog)
    qtbot.waitExposed(dialog)
    assert dialog.reason_label.text() == "出件前须补齐容缺材料：经营场所使用证明。"
    # no reason: said, nothing asked of the supervisor
    qtbot.mouseClick(dialog.override_button, LEFT)
    assert dialog.isVisible() and dialog.error_label.text() == "请填写先行出件的理由。"
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()
    assert case_of(tctx, case_no).state is CaseState.APPROVED

    # 补正, then 出件 goes through with no override
    clerk = tctx.permissions.guard.current.actor
    tctx.tolerance.supplement(case_no, clerk, {PREMISES: []})
    with qtbot.waitSignal(desk.case_view.case_shown):
        desk.open_case(case_no)
    assert TOLERANCE_OWED not in view.details.text()
    pickup = press_f8(qtbot, window)
    assert isinstance(pickup, PickupDialog) and not hasattr(pickup, "note")
    pickup.accept()
    wait_idle(qtbot)
    assert case_of(tctx, case_no).state is CaseState.CLOSED


def test_a_supervisor_overrides_with_reason_and_credentials_recorded(qtbot, window, tctx):
    case_no = approved_with_premises_owed(tctx)
    desk = window.desk
    with qtbot.waitSignal(desk.case_view.case_shown):
        desk.open_case(case_no)
    dialog = press_f8(qtbot, window)
    assert isinstance(dialog, OwedPickupDialog)
    dialog.reason.setFocus()
    commit_text(dialog.reason, REASON)
    qtbot.mouseClick(dialog.override_button, LEFT)
    confirm = desk.case_view.dialog
    assert isinstance(confirm, SupervisorConfirmDialog)
    qtbot.waitExposed(confirm)
    assert confirm.windowTitle() == "值班长批准出件"
    assert "批准容缺材料未补齐的办件先行出件" in confirm.heading.text()
    type_credentials(qtbot, confirm, CLERK)  # the clerk is no supervisor
    assert "不是首席代表/值班长" in confirm.error()
    assert case_of(tctx, case_no).state is CaseState.APPROVED
    type_credentials(qtbot, confirm, SUPERVISOR)
    pickup = desk.case_view.dialog
    assert isinstance(pickup, PickupDialog)
    assert pickup.note.text() == f"{TOLERANCE_OWED}，经 {SUPERVISOR[0]} 批准先行出件：{REASON}"
    pickup.accept()  # 申请人本人领取
    wait_idle(qtbot)
    case = case_of(tctx, case_no)
    assert case.state is CaseState.CLOSED
    assert case.history[-1].note.endswith(f"经 {SUPERVISOR[0]} 批准先行出件：{REASON}")
    assert case.history[-1].actor.user_id == CLERK[0]
    override = [r for r in audit_rows(tctx) if r.action == "case.pickup_override"]
    assert [(r.user_id, r.result, json.loads(r.detail)) for r in override] == [
        (SUPERVISOR[0], "ok", {"clerk": CLERK[0], "materials": [PREMISES]})]
    assert desk.case_view.case.state is CaseState.CLOSED
    assert TOLERANCE_OWED in desk.case_view.details.text()  # still owed after the pickup


LONG_NAME = ("经营场所使用证明（房屋所有权证、不动产权证书、租赁合同及出租方产权证明、"
             "村（居）委会出具的场所使用证明等，其中之一）")


def long_material_name(tctx) -> None:
    """A newer catalog whose tolerated material has a long name, as real catalogs do."""
    from tests.ui.tolerance.conftest import tolerance_catalog

    doc = tolerance_catalog()
    doc["catalog_version"] = "2026.11.02-ui-tolerance"
    next(m for m in doc["materials"] if m["id"] == PREMISES)["name"] = LONG_NAME
    tctx.catalog.import_document(json.dumps(doc, ensure_ascii=False).encode("utf-8"),
                                 source="test")


def test_the_deadlines_list_flags_a_case_the_platform_moved_on(qtbot, window, tctx):
    long_material_name(tctx)
    case_no = approved_with_premises_owed(tctx)
    login(tctx, SUPERVISOR)
    window.desk.tolerance.add_supervisor_screens()
    screen = window.desk.tolerance.deadlines
    with qtbot.waitSignal(screen.changed):
        window.show_screen(screen.screen_id)
    assert screen.table.item(0, 0).text() == case_no
    assert screen.table.horizontalHeaderItem(7).text() == "办件状态"
    assert screen.table.item(0, 7).text() == f"准予许可（{TOLERANCE_OWED}）"
    assert screen.table.item(0, 7).font().bold()
    # in view at 1366×768 however long the material's name: that column gives way
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366)
    header = screen.table.horizontalHeader()
    right = header.sectionViewportPosition(7) + header.sectionSize(7)
    assert right <= screen.table.viewport().width()
    assert screen.table.item(0, 3).toolTip() == screen.table.item(0, 3).text() == LONG_NAME
