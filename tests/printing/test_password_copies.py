"""Where the query password is on paper (issue 11): a later copy says honestly that it is on the
first paper and that it can be reset at the window; after 重置查询密码 a new first receipt carries
the new password, marked as re-issued, and is never archived."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter.clock import CST
from counter.services.cases import PasswordReset
from printing.desk import DocumentDesk
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text
from tests.printing.test_archive import store_case
from tests.printing.test_desk import pdf_out  # noqa: F401 - fixture

RESET_AT = datetime(2026, 12, 1, 10, 5, tzinfo=CST)
NEW = "707172"


@pytest.fixture
def desk(ctx):
    ctx.site.set(f.SITE)
    return DocumentDesk.from_context(ctx)


def reset(case, *, platform_updated=True):
    return PasswordReset(case, NEW, RESET_AT, platform_updated)


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_a_later_copy_says_the_password_is_on_the_first_paper(qapp, ctx, desk, layout):
    case = store_case(ctx, f.accepted_case())
    if layout == "roll80":
        from printing import printer
        printer.remember_printer(ctx.site, "XP-80C", "roll80")
    original = desk.issue(case, "receipt", f.CLERK)
    assert original.document.layout == layout
    for pdf in (original.pdf, desk._documents.reprint(
            case.case_no, "receipt", f.CLERK,
            lambda snap, n, at: __import__("printing").render_snapshot(snap, n, at))[1]):
        text = compact(pdf_text(pdf))
        assert "查询密码：见首次打印的受理通知书（回执）" in text
        assert "可凭有效身份证件到窗口重置" in text
        assert f.PASSWORD not in text and NEW not in text


def test_reissued_first_receipt_carries_the_new_password(qapp, ctx, desk):
    case = store_case(ctx, f.accepted_case())
    desk.issue(case, "receipt", f.CLERK)  # the decision archived the original
    issued = desk.reissue_receipt(case, reset(case), f.CLERK)
    text = compact(pdf_text(issued.pdf))
    assert f"查询密码：{NEW}" in text and case.case_no in text
    assert "查询密码已于2026年12月1日10:05重置，原密码作废；本件为重新出具的首份通知书。" in text
    assert "补打（" not in text and "本件为补打件" not in text and "见首次打印" not in text
    # nothing new archived, and the archive still has no password
    docs = desk.documents(case.case_no, f.CLERK)
    assert [(d.kind, d.reprint_count) for d in docs] == [("receipt", 0)]
    assert NEW not in compact(pdf_text(desk.issued(docs[0], f.CLERK).pdf))


def test_reissued_receipt_when_the_platform_kept_the_old_password(qapp, ctx, desk):
    case = store_case(ctx, f.accepted_case())
    issued = desk.reissue_receipt(case, reset(case, platform_updated=False), f.CLERK)
    text = compact(pdf_text(issued.pdf))
    assert f"查询密码：{NEW}" in text
    assert "在窗口重置" in text and "政务服务网如提示密码错误" in text
    assert "原密码作废" not in text  # the platform still knows the old one: no such promise


def test_reissued_receipt_on_the_roll(qapp, ctx, desk, pdf_out):
    from printing import printer

    printer.remember_printer(ctx.site, "XP-80C", "roll80")
    case = store_case(ctx, f.accepted_case())
    issued = desk.reissue_receipt(case, reset(case), f.CLERK)
    assert issued.document.layout == "roll80"
    text = compact(pdf_text(issued.pdf))
    assert f"查询密码：{NEW}" in text and "重置" in text
    assert "重新出具的首份回执" in text and "首份通知书" not in text  # the roll's own name
