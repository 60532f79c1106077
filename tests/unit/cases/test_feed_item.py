"""The shape of a status-feed item (counter/cases/feed.py): what passes, what is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counter.cases.feed import MAX_MESSAGE, MalformedFeedItem, check_feed_item
from counter.cases.numbering import format_case_no
from counter.clock import CST

NO = format_case_no("140802", "001", "01", datetime(2026, 11, 20, tzinfo=CST), "S", 7)
GOOD = {"case_no": NO, "status": "approved", "at": "2026-11-20T10:00:00+08:00",
        "message": "准予许可", "result": {"licence_no": "X1"}}


def test_a_documented_item_passes():
    item = check_feed_item(dict(GOOD, extra="newer platform"))
    assert (item.case_no, item.status, item.message) == (NO, "approved", "准予许可")
    assert item.at.utcoffset() == timedelta(hours=8) and item.result == {"licence_no": "X1"}


@pytest.mark.parametrize("at", ["2026-11-20T02:00:00Z", "2026-11-20t02:00:00.123456z",
                                "2026-11-20T10:00:00.5+08:00"])
def test_rfc3339_variants_pass(at):
    assert check_feed_item(dict(GOOD, at=at)).at.utcoffset() is not None


@pytest.mark.parametrize("status", ["suspended", "resumed", "received", "completed"])
def test_every_documented_status_passes(status):
    assert check_feed_item(dict(GOOD, status=status)).status == status


def test_message_and_result_may_be_absent():
    item = check_feed_item({"case_no": NO.lower(), "status": "received",
                            "at": "2026-11-20T10:00:00+08:00"})
    assert item.case_no == NO and item.message is None and item.result is None


@pytest.mark.parametrize("change,reason", [
    ({"case_no": NO[:-1] + ("0" if NO[-1] != "0" else "1")}, "办件编号"),
    ({"case_no": 123}, "办件编号"),
    ({"status": "Approved"}, "办件状态"),
    ({"status": ["approved"]}, "办件状态"),
    ({"at": "2026-11-20T10:00:00"}, "时区"),
    ({"at": "2026-13-20T10:00:00+08:00"}, "有效的日期"),
    ({"at": "1764000000"}, "RFC 3339"),
    ({"at": None}, "缺少状态时间"),
    ({"message": 5}, "说明"),
    ({"message": "字" * (MAX_MESSAGE + 1)}, "说明"),
    ({"result": "准予"}, "result"),
    ({"result": {"x": "y" * 20000}}, "result"),
])
def test_what_is_refused_and_why(change, reason):
    with pytest.raises(MalformedFeedItem) as e:
        check_feed_item(dict(GOOD, **change))
    assert reason in e.value.message


def test_a_reason_never_repeats_the_platform_text():
    with pytest.raises(MalformedFeedItem) as e:
        check_feed_item(dict(GOOD, status="张三 110101199003074514"))
    assert "张三" not in e.value.message and "1101" not in e.value.message
