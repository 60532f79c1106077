"""Each document type is printed with its own name (证件类型名称), from the id type table:
the receipt, the pickup slip (an agent's document) and a second copy (补打)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter.cases.model import Applicant, PickupInfo
from counter.ids import mask_id_number
from printing import Snapshot, render, render_snapshot
from printing import sources as src
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text
from tests.unit.test_ids import FOREIGNER, HONG_KONG, TAIWAN


@pytest.mark.parametrize("id_type, number, name", [
    ("553", FOREIGNER, "外国人永久居留身份证"),
    ("237", HONG_KONG, "港澳居民居住证"),
    ("238", TAIWAN, "台湾居民居住证"),
    ("414", "E12345678", "普通护照"),
    ("516", "H12345678", "港澳居民来往内地通行证"),
])
def test_the_receipt_names_the_applicants_document_type(id_type, number, name):
    case = replace(f.accepted_case(applicant_name="约翰·史密斯"),
                   applicant=Applicant("person", "约翰·史密斯", id_type, number))
    text = compact(pdf_text(render(src.receipt_doc(case, f.SITE))))
    assert name in text
    assert "居民身份证" not in text and id_type not in text.replace(f.case_no(), "")
    assert number not in text and f"证件号码{mask_id_number(number)}" in text


def test_a_second_copy_keeps_the_name():
    case = replace(f.accepted_case(), applicant=Applicant("person", "约翰", "553", FOREIGNER))
    doc = src.receipt_doc(case, f.SITE)
    again = render_snapshot(Snapshot(kind="receipt", doc=doc).to_bytes(), reprint_count=1)
    text = compact(pdf_text(again))
    assert "外国人永久居留身份证" in text and "补打" in text and FOREIGNER not in text


def test_the_pickup_slip_names_the_agents_document_type():
    case = f.picked_up_case(by_applicant=False)
    info = case.picked_up
    case = replace(case, picked_up=PickupInfo(info.at, False, "约翰", "553", FOREIGNER,
                                               info.actor))
    text = compact(pdf_text(render(src.pickup_doc(case, f.SITE))))
    assert "外国人永久居留身份证" in text and FOREIGNER not in text
