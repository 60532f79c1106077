"""A promised date counted over a year whose holidays are not published yet is printed 预计."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from counter.clock import CST
from printing import RenderOptions, render
from printing import sources as src
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text

PROMISED_2027 = datetime(2027, 1, 19, 23, 59, 59, tzinfo=CST)


def provisional_case():
    return replace(f.accepted_case(), accepted_at=datetime(2026, 12, 21, 10, tzinfo=CST),
                   promised_at=PROMISED_2027, promised_provisional=True)


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_receipt_marks_a_provisional_promised_date(layout):
    doc = src.receipt_doc(provisional_case(), f.SITE)
    text = compact(pdf_text(render(doc, RenderOptions(layout=layout))))
    # the row reads 承诺办结时间 2027年1月19日（预计，以节假日安排公布后为准）
    assert "承诺办结时间2027年1月19日（预计，以节假日安排公布后为准）" in text


def test_the_receipts_body_says_the_date_is_provisional():
    text = compact(pdf_text(render(src.receipt_doc(provisional_case(), f.SITE))))
    assert "将于2027年1月19日（含当日，预计）前办结" in text


def test_an_official_date_is_printed_without_it():
    case = replace(provisional_case(), promised_provisional=False)
    text = compact(pdf_text(render(src.receipt_doc(case, f.SITE))))
    assert "2027年1月19日" in text and "预计" not in text


def test_the_tolerance_notice_marks_it_too():
    case = provisional_case()
    doc = src.tolerance_doc(profile=f.SITE, case_no=case.case_no, case_name=case.name,
                            items=case.items, applicant=case.applicant, tolerated=(),
                            deadline=date(2027, 1, 8), clerk="c0012",
                            accepted_at=case.accepted_at, promised_at=case.promised_at,
                            promised_limit="20个工作日", promised_provisional=True)
    text = compact(pdf_text(render(doc)))
    assert "2027年1月19日（预计，以节假日安排公布后为准）（20个工作日）" in text


def test_a_provisional_supplement_deadline_is_marked_on_the_commitment_and_the_notice():
    case = provisional_case()
    commitment = src.commitment_doc(profile=f.SITE, case_name=case.name, items=case.items,
                                    applicant=case.applicant, tolerated=(),
                                    deadline=date(2027, 1, 8), clerk="c0012",
                                    issued_at=case.accepted_at, deadline_provisional=True)
    assert "在2027年1月8日（预计）前补交" in compact(pdf_text(render(commitment)))
    notice = src.tolerance_doc(profile=f.SITE, case_no=case.case_no, case_name=case.name,
                               items=case.items, applicant=case.applicant, tolerated=(),
                               deadline=date(2027, 1, 8), clerk="c0012",
                               accepted_at=case.accepted_at, deadline_provisional=True)
    text = compact(pdf_text(render(notice)))
    assert "请于2027年1月8日（预计）前补交" in text
    assert "2027年1月8日（预计，以节假日安排公布后为准）" in text
