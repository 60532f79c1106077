"""A card read by the ID-card reader fills the document type its number belongs to: the
readers also read 港澳台居民居住证 and the 2023 外国人永久居留身份证 (same chip layout)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter.idcard import training_cards
from counter.idcard_folder import parse_text
from tests.capture.test_idcard_folder import lines
from tests.unit.test_ids import FOREIGNER, HONG_KONG, TAIWAN


@pytest.mark.parametrize("number, birth, id_type", [
    (HONG_KONG, date(1988, 8, 8), "237"), (TAIWAN, date(1975, 6, 15), "238"),
    (FOREIGNER, date(1985, 3, 2), "553"),
])
def test_a_permit_or_foreigner_card_is_read_with_its_type(number, birth, id_type):
    card = replace(training_cards()[5], id_number=number, birth_date=birth)
    read = parse_text(lines(card).encode("utf-8"))
    assert read.id_number == number
    assert read.form_values()["applicant.id_type"] == id_type


def test_a_resident_id_card_stays_111():
    assert training_cards()[5].form_values()["applicant.id_type"] == "111"
