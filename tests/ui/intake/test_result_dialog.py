"""The result dialog (受理成功 …) is readable whatever it has to say (issue 11): the case number
and the one-time query password are shown in full, and no line is clipped, however many and
however long the status lines (sync, printing, tolerance notes) that are added to it."""

from __future__ import annotations

import pytest

from tests.printing.factory import accepted_case, notified_case
from tests.ui.clipping import assert_no_clipped_labels, clipped_labels
from ui.intake.decisions import DecisionResultDialog

LONG = ("未打印：打印机“前台-A4-激光打印机（二楼东侧综合受理区 07 号窗口）”无法开始打印，请检查打印机"
        "是否开机、缺纸或脱机。办件已按决定保存，文书已存档：排除故障后可再按“打印”，或稍后在"
        "“办件查询”中打印或另存为 PDF。")


def rows(n: int) -> list[tuple[str, str]]:
    out = [("承诺办结时间", "2026-12-31 17:30"),
           ("办理事项", "个体工商户设立登记、税务登记信息确认及社会保险参保登记“一件事”" * 2)]
    out += [(f"说明{i}", f"容缺材料“经营场所使用证明（含产权证明或租赁合同）”应于 2027-01-0{i % 9 + 1} 前补交；"
             "逾期未补交的，终止办理。") for i in range(n)]
    return out


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("extra", [0, 3, 8])
def test_accepted_result_shows_number_and_password_with_many_long_lines(qtbot, extra):
    case = accepted_case()
    dialog = DecisionResultDialog("受理成功", case, rows(extra), password="049315",
                                  print_label="打印受理通知书")
    show(qtbot, dialog)
    dialog.show_print_failed(LONG)
    dialog.show_printed("同步：待发送 (2)；" + LONG)
    qtbot.waitUntil(lambda: not clipped_labels(dialog))
    assert_no_clipped_labels(dialog)
    assert dialog.case_no_label.text() == case.case_no
    assert dialog.password_label.text().replace(" ", "") == "049315"
    for label in (dialog.case_no_label, dialog.password_label):
        assert label.isVisible()
        assert label.width() >= label.sizeHint().width()
    # the dialog stays on the screen: it wraps rather than grows beyond it
    available = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= available.height()
    assert dialog.frameGeometry().width() <= available.width()


def test_status_line_added_after_showing_is_not_clipped(qtbot):
    dialog = show(qtbot, DecisionResultDialog("受理成功", accepted_case(), rows(0),
                                              password="120034"))
    for _ in range(3):
        dialog.show_print_failed(LONG + LONG)
        qtbot.waitUntil(lambda: not clipped_labels(dialog))
    assert_no_clipped_labels(dialog)


def test_notice_result_with_a_long_list_is_not_clipped(qtbot):
    lines = [f"材料{i}：" + "申请人身份证件及委托书、代理人身份证件（复印件加盖公章）" * 2 for i in range(12)]
    dialog = show(qtbot, DecisionResultDialog("已一次性告知", notified_case(), rows(1), lines))
    dialog.show_printed(LONG)
    qtbot.waitUntil(lambda: not clipped_labels(dialog))
    assert_no_clipped_labels(dialog)
    assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
