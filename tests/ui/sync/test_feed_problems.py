"""平台数据问题: the status-feed items kept aside are listed with the platform's text escaped,
an administrator marks them handled (audited), and the indicator says 平台数据异常 until then
(pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter.cases.numbering import format_case_no
from counter.clock import FixedClock
from counter.store.models import AuditRow
from bootstrap import QtDevices
from tests.store.access import ADMIN, CLERK, access_context
from tests.sync.helpers import SITE, T0, make_worker
from ui.main_window import MainWindow
from ui.sync.feed_problems import escaped

#: A mistyped item: the status is not in the contract, and its message carries a right-to-left
#: override and markup that must show as text.
POISON = {"case_no": format_case_no("140802", "001", "01", T0, "S", 1), "status": "IN_REVIEW ", "at": "2026-11-20T10:00:00+08:00",
          "message": "<b>审查中</b>\u202e伪造"}


@pytest.fixture
def sx(sync_template, tmp_path):
    c = access_context(sync_template, tmp_path / "counter", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def staffed_window(qtbot, sx):
    w = MainWindow(sx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def login(ctx, who) -> None:
    ctx.users.login(who[0], who[2])


def _keep_one_aside(cx, start_sim, who):
    """The platform configured (by the administrator), one poison item kept aside by the
    worker; then ``who`` is logged in."""
    from tests.ui.conftest import me

    sim = start_sim()
    login(cx, ADMIN)
    cx.sync.set_config(sim.base_url, actor=me(cx))
    login(cx, who)
    sim.inject_feed_item(SITE, POISON)
    run = make_worker(cx, sim).run_once(max_wait=3)
    assert run.feed.skipped == 1
    return sim


def test_an_administrator_sees_and_resolves_a_kept_aside_item(qtbot, staffed_window, sx,
                                                              start_sim):
    window, cx = staffed_window, sx
    _keep_one_aside(cx, start_sim, ADMIN)

    desk = window.sync_desk
    desk.refresh_status()
    indicator = desk.indicator
    assert indicator.text.text().startswith("平台数据异常")
    assert "平台在线" not in indicator.text.text()
    assert "平台数据异常：1 条状态回传未能应用" in indicator.toolTip()
    assert "单击查看平台数据问题" in indicator.toolTip()

    desk.menu.aboutToShow.emit()
    assert desk.feed_problems_action.isEnabled()
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)  # only feed items wait: opens them
    dialog = desk.feed_problems
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[1] == POISON["case_no"] and cells[2] == "IN_REVIEW "
    assert cells[3] == "格式不符" and "办件状态" in cells[4] and cells[5] == "待处理"
    assert dialog.heading.text() == "平台发来的 1 条状态回传未能应用，需要人工处理。"
    shown = dialog.detail.toPlainText()
    assert "\\u202e" in shown and "\u202e" not in shown  # the override written out
    assert "<b>审查中</b>" in shown  # markup shown as text, in a plain-text box

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.resolved) as resolved:
        qtbot.keyClick(dialog.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert resolved.args == [1]
    assert dialog.table.rowCount() == 0
    assert dialog.heading.text() == "没有待处理的平台数据问题。"
    assert indicator.text.text().startswith("平台在线")
    with cx.uow(read_only=True) as u:
        [entry] = u.session.scalars(select(AuditRow).where(
            AuditRow.action == "sync.resolve_feed_problem")).all()
    assert entry.user_id == ADMIN[0] and entry.result == "ok"

    dialog.show_resolved.setChecked(True)  # handled items can be looked at again
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 5).text().startswith("已处理（a0001")
    assert not dialog.resolve_button.isEnabled()


def test_a_clerk_gets_no_list(qtbot, staffed_window, sx, start_sim):
    window, cx = staffed_window, sx
    _keep_one_aside(cx, start_sim, CLERK)
    desk = window.sync_desk
    desk.refresh_status()
    assert desk.indicator.text.text().startswith("平台数据异常")  # counts only: open to all
    desk.menu.aboutToShow.emit()
    assert not desk.feed_problems_action.isEnabled()
    assert desk.show_feed_problems() is None
    assert window.statusBar().currentMessage() == "仅值班长或管理员可查看平台数据问题。"


def test_escaped_writes_out_what_could_forge_the_screen():
    assert escaped("a\u202eb\u200bc\nd") == "a\\u202eb\\u200bc\\u000ad"
    assert escaped("办件　编号 x") == "办件　编号 x"  # spaces, ideographic too, stay
    assert escaped("长" * 100, 10) == "长" * 9 + "…"
