"""The 证件类型 choice and the 证件号码 field as a clerk meets them: every document type is
offered, a number of another type is named beside the field, changing the type re-checks it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.ui.conftest import commit_text
from tests.ui.intake.conftest import show_screen
from tests.unit.cases.helpers import CARD as CARD_ITEM
from tests.unit.test_ids import TAIWAN
from ui.intake.field_widgets import FieldWidget

NAMES = ["居民身份证", "普通护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证",
         "港澳居民居住证", "台湾居民居住证", "外国人永久居留身份证", "其他"]


def choose(qtbot, combo: QComboBox, text: str) -> None:
    i = combo.findText(text)
    assert i >= 0, text
    combo.setFocus()
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    qtbot.keyClick(combo, Qt.Key_Tab)


def test_a_residence_permit_number_under_resident_id_card_is_named_then_accepted(qtbot, ctx):
    screen = show_screen(qtbot, ctx)
    screen.start("item", CARD_ITEM)
    fields = {w.key: w for w in screen.findChildren(FieldWidget)}
    combo = fields["applicant.id_type"].findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())][-len(NAMES):] == NAMES

    name = fields["applicant.name"].findChild(QLineEdit)
    name.setFocus()
    commit_text(name, "林美玲")
    choose(qtbot, combo, "居民身份证")
    number = fields["applicant.id_number"].findChild(QLineEdit)
    number.setFocus()
    qtbot.keyClicks(number, TAIWAN)
    with qtbot.waitSignal(fields["applicant.id_number"].left):
        qtbot.keyClick(number, Qt.Key_Tab)
    problem = fields["applicant.id_number"].problem()
    assert problem is not None and problem.startswith("这是台湾居民居住证号码")
    assert TAIWAN not in problem

    choose(qtbot, combo, "台湾居民居住证")
    qtbot.waitUntil(lambda: fields["applicant.id_number"].problem() is None)
