"""The case screen (ui/case_view.py): find, show (masked), hand out (出件)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.cases.model import CaseState
from counter.ids import make_id_number, mask_id_number
from counter.intake.intake import MaterialStatus
from tests.ui.conftest import ITEM_CODE, commit_text, me
from ui.case_view import CaseView, PickupDialog, action_label, state_label
from ui.intake.decisions import default_actor

ID_NUMBER = make_id_number("330106", date(1985, 3, 14), 11)
AGENT_ID = make_id_number("330106", date(1970, 1, 1), 21)


def accepted_case(ctx, name: str = "张三", number: str = ID_NUMBER) -> str:
    service = ctx.intake
    intake = service.start("item", ITEM_CODE, me(ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": name, "applicant.id_type": "111",
                       "applicant.id_number": number, "applicant.mobile": "13800138000"}.items():
        intake.set_value(spec.field(key), value)
    for _, state in intake.checklist(spec):
        state.status = MaterialStatus.RECEIVED
        state.copies_received = 1
    return ctx.cases.accept(intake, default_actor(ctx)).case.case_no


@pytest.fixture
def view(qtbot, mini_ctx):
    v = CaseView(mini_ctx)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is v)
    v.activate()
    return v


def search(qtbot, view, text: str) -> None:
    view.search_box.clear()
    if text.isascii():
        qtbot.keyClicks(view.search_box, text)
    else:
        commit_text(view.search_box, text)
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)


def test_labels():
    assert state_label(CaseState.ACCEPTED) == "已受理"
    assert action_label("accept") == "受理"
    assert action_label("platform.approved") == "平台回传：准予许可"
    assert action_label("platform.received") == "平台回传：已接收"


def test_find_by_number_shows_the_case_masked(qtbot, view, mini_ctx):
    case_no = accepted_case(mini_ctx)
    search(qtbot, view, case_no.lower())
    assert view.case is not None and view.case.case_no == case_no
    text = view.details.text()
    assert case_no in text and "已受理" in text and "个体工商户设立登记" in text
    assert mask_id_number(ID_NUMBER) in text
    assert ID_NUMBER not in text
    assert "138****8000" in text
    assert view.ledger.rowCount() == 3  # 申请书, 身份证件, 经营场所证明
    assert view.ledger.item(0, 1).text() == "已收取"
    assert view.history.rowCount() == 1 and view.history.item(0, 1).text() == "受理"
    assert not view.pickup_button.isEnabled()  # not ready yet


def test_find_by_id_number_and_by_name_lists_several(qtbot, view, mini_ctx):
    first = accepted_case(mini_ctx)
    second = accepted_case(mini_ctx)
    other = accepted_case(mini_ctx, "张三丰", make_id_number("330106", date(1990, 5, 5), 33))
    search(qtbot, view, ID_NUMBER)
    assert view.results.isVisible() and view.results.count() == 2
    assert view.results.hasFocus()
    qtbot.keyClick(view.results, Qt.Key.Key_Down)
    qtbot.keyClick(view.results, Qt.Key.Key_Return)
    assert view.case.case_no in (first, second)
    search(qtbot, view, "张三")  # a name prefix finds both applicants
    assert view.results.count() == 3
    search(qtbot, view, "张三丰")
    assert view.case.case_no == other
    assert not view.results.isVisible()


def test_nothing_found_and_wrong_check_character(qtbot, view, mini_ctx, message_boxes):
    case_no = accepted_case(mini_ctx)
    messages = []
    view.message.connect(messages.append)
    search(qtbot, view, "李四")
    assert messages[-1] == "未找到符合条件的办件。"
    wrong = case_no[:-1] + ("0" if case_no[-1] != "0" else "1")
    search(qtbot, view, wrong)
    assert message_boxes and "办件编号" in message_boxes[-1][1]


def test_pickup_by_the_applicant(qtbot, view, mini_ctx):
    case_no = accepted_case(mini_ctx)
    mini_ctx.cases.apply_status(case_no, "approved", mini_ctx.clock.now())
    assert view.show_case(case_no).state is CaseState.APPROVED
    assert view.pickup_button.isEnabled()
    qtbot.keyClick(view.search_box, Qt.Key.Key_F8)
    dialog = view.dialog
    assert isinstance(dialog, PickupDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.who.hasFocus() and not dialog.agent_box.isVisible()
    qtbot.keyClick(dialog.who, Qt.Key.Key_Return)  # Enter moves on to the OK button …
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # … which confirms
    qtbot.waitUntil(lambda: view.case.state is CaseState.CLOSED)
    assert "已出件" in view.details.text() and "申请人本人" in view.details.text()
    assert not view.pickup_button.isEnabled()


def test_pickup_by_an_agent_checks_the_id(qtbot, view, mini_ctx):
    case_no = accepted_case(mini_ctx)
    mini_ctx.cases.apply_status(case_no, "completed", mini_ctx.clock.now())
    view.show_case(case_no)
    view.pickup()
    dialog = view.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.who, Qt.Key.Key_2)
    assert dialog.agent_box.isVisible()
    dialog.agent_name.setFocus()
    commit_text(dialog.agent_name, "李四")
    dialog.agent_id_number.setFocus()
    qtbot.keyClicks(dialog.agent_id_number, AGENT_ID[:-1] + ("0" if AGENT_ID[-1] != "0" else "1"))
    dialog._confirm()
    assert dialog.isVisible()
    assert "校验位" in dialog.problem.text()
    assert view.case.state is CaseState.COMPLETED
    dialog.agent_id_number.clear()
    qtbot.keyClicks(dialog.agent_id_number, AGENT_ID.lower())
    assert dialog.agent_id_number.text() == AGENT_ID
    dialog._confirm()
    qtbot.waitUntil(lambda: view.case.state is CaseState.CLOSED)
    picked = view.case.picked_up
    assert not picked.by_applicant and picked.name == "李四" and picked.id_number == AGENT_ID
    assert mask_id_number(AGENT_ID) in view.details.text()


def test_pickup_is_refused_before_the_result(qtbot, view, mini_ctx):
    case_no = accepted_case(mini_ctx)
    view.show_case(case_no)
    messages = []
    view.message.connect(messages.append)
    view.pickup()
    assert view.dialog is None
    assert messages == ["办件状态为「已受理」，尚不能出件。"]


def test_the_original_column_shows_what_was_recorded(qtbot, view, mini_ctx):
    """原件: what the clerk ticked (收取原件 / 核验原件), not the catalog's requirement; a
    material exempted by an e-licence shows the licence number (issue 11)."""
    service = mini_ctx.intake
    intake = service.start("item", ITEM_CODE, me(mini_ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": "张三", "applicant.id_type": "111",
                       "applicant.id_number": ID_NUMBER,
                       "applicant.mobile": "13800138000"}.items():
        intake.set_value(spec.field(key), value)
    states = {m.id: st for m, st in intake.checklist(spec)}
    for st in states.values():
        st.status = MaterialStatus.RECEIVED
        st.copies_received = 1
    states["M-APPLY"].original_kept = True        # catalog: keep — kept
    states["M-ID-CARD"].original_checked = False  # catalog: check — not ticked
    states["M-PREMISES"].status = MaterialStatus.E_LICENCE
    states["M-PREMISES"].e_licence_number = "DZZZ-2026-0001"
    case_no = mini_ctx.cases.accept(intake, default_actor(mini_ctx)).case.case_no
    search(qtbot, view, case_no)
    rows = {view.ledger.item(r, 0).text(): r for r in range(view.ledger.rowCount())}
    original = {name: view.ledger.item(r, 4).text() for name, r in rows.items()}
    assert original["个体工商户登记（备案）申请书"] == "已收取原件"
    assert original["申请人身份证件"] == "未核验原件"
    assert original["经营场所使用证明"] == "电子证照 DZZZ-2026-0001"
    assert view.ledger.item(rows["申请人身份证件"], 4).toolTip() == "目录要求：原件已核验"


def test_the_original_column_of_older_cases_and_of_licences_that_are_id_numbers():
    from counter.cases.model import LedgerEntry
    from ui.case_view import _original_cell

    old = LedgerEntry("M", "材料", "received", "required", 1, "keep")  # before 0010
    assert _original_cell(old)[0] == "—" and "未单独记录" in _original_cell(old)[1]
    none = LedgerEntry("M", "材料", "received", "required", 1, "none", original_done="none")
    assert _original_cell(none) == ("—", "目录要求：无需原件")
    checked = LedgerEntry("M", "材料", "received", "required", 1, "check", original_done="check")
    assert _original_cell(checked)[0] == "已核验原件"
    by_id = LedgerEntry("M", "身份证", "e_licence", "required", 0, "check",
                        original_done="none", e_licence_number=ID_NUMBER)
    assert _original_cell(by_id)[0] == f"电子证照 {mask_id_number(ID_NUMBER)}"
    unknown = LedgerEntry("M", "材料", "e_licence", "required", 0, "none", original_done="none")
    assert _original_cell(unknown)[0] == "电子证照（未记录证照编号）"

def test_a_provisional_promised_date_says_so_until_the_year_is_published(qtbot, view, mini_ctx,
                                                                           clock):
    from datetime import datetime

    from counter.clock import CST
    from counter.provisional import provisional_holidays

    clock.set(datetime(2026, 12, 30, 10, 0, tzinfo=CST))  # the limit reaches into 2027
    case_no = accepted_case(mini_ctx)
    search(qtbot, view, case_no)
    assert view.case.promised_provisional and view.case.legal_provisional
    assert "（预计，以节假日安排公布后为准）" in view.details.text()
    assert "法定办结时间" in view.details.text()  # the legal deadline beside the promised one
    official = [{"date": d.isoformat(), "workday": False, "name": n}
                for d, n in provisional_holidays(2027)]
    official += [{"date": f"2027-01-0{d}", "workday": False, "name": "元旦"} for d in (4, 5, 6)]
    mini_ctx.calendar.import_year({"year": 2027, "overrides": official}, source="platform")
    search(qtbot, view, case_no)
    assert not view.case.promised_provisional and "预计" not in view.details.text()
    last = view.history.rowCount() - 1
    assert view.history.item(last, 1).text() == "日期调整"
    assert "日期已按节假日安排调整：承诺办结时间" in view.history.item(last, 3).text()
