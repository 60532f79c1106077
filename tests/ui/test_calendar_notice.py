"""日期已按节假日安排调整: the clerk sees which case dates moved when a year was published."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from counter.clock import CST
from counter.provisional import provisional_holidays
from tests.ui.intake.test_case_view import accepted_case
from ui.calendar_notice import CalendarNotice
from ui.main_window import MainWindow


def publish_2027_with_a_longer_new_year(ctx) -> None:
    official = [{"date": d.isoformat(), "workday": False, "name": n}
                for d, n in provisional_holidays(2027)]
    official += [{"date": f"2027-01-0{d}", "workday": False, "name": "元旦"} for d in (4, 5, 6)]
    ctx.calendar.import_year({"year": 2027, "overrides": official}, source="platform")


def test_the_window_lists_the_moved_dates_until_a_clerk_has_seen_them(qtbot, mini_ctx, clock):
    clock.set(datetime(2026, 12, 30, 10, 0, tzinfo=CST))
    case_no = accepted_case(mini_ctx)
    publish_2027_with_a_longer_new_year(mini_ctx)  # e.g. by the command line, window closed

    window = MainWindow(mini_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    notice = window.calendar_notice
    assert notice.isVisible() and notice.text() == "日期已按节假日安排调整（1 件）"
    notice.click()
    dialog = notice.dialog
    qtbot.waitExposed(dialog)
    lines = dialog.findChild(QPlainTextEdit, "adjustedDates").toPlainText()
    assert lines.splitlines() == [f"{case_no} 承诺办结时间 2027-01-05 → 2027-01-08",
                                  f"{case_no} 法定办结时间 2027-01-21 → 2027-01-26"]
    with qtbot.waitSignal(dialog.accepted):
        dialog.findChild(QPushButton, "dismissAdjustments").click()
    assert not notice.isVisible() and mini_ctx.calendar.pending_adjustments() == []


def test_nothing_shows_while_nothing_moved(qtbot, mini_ctx):
    notice = CalendarNotice(mini_ctx.calendar)
    qtbot.addWidget(notice)
    assert notice.adjustments == [] and notice.isHidden()


def test_a_year_published_while_the_window_is_open_shows_at_once(qtbot, mini_ctx, clock):
    """The case hub reports the moved dates (here an import in this process; the sync
    worker's download reports the same way, from its thread)."""
    import threading

    clock.set(datetime(2026, 12, 30, 10, 0, tzinfo=CST))
    accepted_case(mini_ctx)
    window = MainWindow(mini_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    notice = window.calendar_notice
    assert notice.isHidden()
    worker = threading.Thread(target=lambda: publish_2027_with_a_longer_new_year(mini_ctx))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: notice.isVisible())
    assert notice.text() == "日期已按节假日安排调整（1 件）"
