"""Fields that show their format, and the division picker (issue 11: 表单格式、行政区划选择)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from counter.catalog.model import Field
from tests.ui.conftest import commit_text
from ui.intake.division_picker import DivisionPicker
from ui.intake.field_widgets import DivisionFieldWidget, make_field_widget

DIVISION = Field("enterprise.division", "住所所在行政区划", "division")
MONTH = Field("social.start_month", "参保起始年月", "text",
              pattern=r"20\d{2}-(0[1-9]|1[0-2])", max_length=7)


class Host(QWidget):
    """The widget under test followed by a plain line edit (the next field)."""

    def __init__(self, widget):
        super().__init__()
        layout = QVBoxLayout(self)
        self.widget = widget
        widget.setParent(self)
        layout.addWidget(widget.label)
        layout.addWidget(widget)
        self.after = QLineEdit(self)
        layout.addWidget(self.after)


@pytest.fixture
def host(qtbot):
    def make(field):
        widget = make_field_widget(field)
        h = Host(widget)
        qtbot.addWidget(h)
        h.show()
        qtbot.waitExposed(h)
        h.activateWindow()
        widget.setFocus()
        qtbot.waitUntil(widget.editor().hasFocus)
        return h

    return make


def leave(qtbot, h):
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_Tab)
    assert h.after.hasFocus()


# -- placeholders and the year-month field ------------------------------------------------------

@pytest.mark.parametrize("field, placeholder", [
    (Field("x.date", "日期", "date"), "如 2026-12-07，也可输入 20261207"),
    (MONTH, "如 2026-12，也可输入 202612"),
    (Field("x.mobile", "手机", "mobile"), "11 位手机号"),
    (Field("x.count", "刻制枚数", "integer", min=1, max=20), "1 至 20"),
    (Field("x.rate", "比例", "decimal", min=5), "不小于 5"),
    (Field("x.capital", "注册资本", "decimal", min=0.01, max=10000000), "0.01 至 10000000"),
    (DIVISION, "6 位代码，或输入名称后按 Enter / F4 选择"),
])
def test_fields_with_a_format_show_it(qtbot, field, placeholder):
    widget = make_field_widget(field)
    qtbot.addWidget(widget)
    assert widget.editor().placeholderText() == placeholder


@pytest.mark.parametrize("typed, typer", [("202612", "keys"), ("2026年12月", "ime"),
                                          ("2026/12", "keys")])
def test_a_year_month_field_takes_the_compact_form(qtbot, host, typed, typer):
    h = host(MONTH)
    if typer == "keys":
        qtbot.keyClicks(h.widget.editor(), typed)
    else:
        commit_text(h.widget.editor(), typed)
    assert h.widget.value() == typed
    with qtbot.waitSignal(h.widget.changed):
        leave(qtbot, h)
    assert h.widget.problem() is None
    assert h.widget.value() == "2026-12"


def test_a_wrong_year_month_says_the_format(qtbot, host):
    h = host(MONTH)
    qtbot.keyClicks(h.widget.editor(), "202613")
    leave(qtbot, h)
    assert h.widget.problem() == "年月格式应为YYYY-MM，如 2026-12"


# -- the division field -------------------------------------------------------------------------

def test_a_typed_code_shows_its_full_name(qtbot, host):
    h = host(DIVISION)
    assert isinstance(h.widget, DivisionFieldWidget)
    qtbot.keyClicks(h.widget.editor(), "140802")
    leave(qtbot, h)
    assert h.widget.problem() is None
    assert h.widget.name_label.isVisible()
    assert h.widget.name_label.text() == "山西省 运城市 盐湖区"


def test_an_abolished_code_is_refused_typed_or_from_a_draft(qtbot, host):
    h = host(DIVISION)
    qtbot.keyClicks(h.widget.editor(), "140202")  # 大同市城区, abolished in 2018
    leave(qtbot, h)
    assert "不在 GB/T 2260 表中" in h.widget.problem()
    assert not h.widget.name_label.isVisible()
    h.widget.set_value("")
    assert h.widget.problem() is None
    h.widget.set_value("110103")  # 崇文区, as an old draft or a prefill may hold it
    assert "不在 GB/T 2260 表中" in h.widget.problem()
    h.widget.set_value("140802")
    assert h.widget.problem() is None and h.widget.name_label.text() == "山西省 运城市 盐湖区"


def test_a_name_and_enter_finds_it_in_the_picker(qtbot, host):
    h = host(DIVISION)
    commit_text(h.widget.editor(), "盐湖")
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_Return)
    picker = h.widget.picker
    assert isinstance(picker, DivisionPicker)
    qtbot.waitExposed(picker)
    assert picker.filter_edit.text() == "盐湖"
    assert picker.current_code() == "140802"
    with qtbot.waitSignal(h.widget.changed):
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert not picker.isVisible()
    assert h.widget.value() == "140802"
    assert h.widget.name_label.text() == "山西省 运城市 盐湖区"
    qtbot.waitUntil(h.widget.editor().hasFocus)


def test_province_city_county_with_the_arrows(qtbot, host):
    h = host(DIVISION)
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_F4)
    picker = h.widget.picker
    qtbot.waitExposed(picker)
    assert picker.current_code() == "110000"
    f = picker.filter_edit
    for _ in range(3):
        qtbot.keyClick(f, Qt.Key.Key_Down)
    assert picker.current_code() == "140000"  # 山西省
    qtbot.keyClick(f, Qt.Key.Key_Return)      # opens it: 太原市
    assert picker.current_code() == "140100" and picker.isVisible()
    for _ in range(7):
        qtbot.keyClick(f, Qt.Key.Key_Down)
    assert picker.current_code() == "140800"  # 运城市
    qtbot.keyClick(f, Qt.Key.Key_Return)      # opens it: 盐湖区
    assert picker.current_code() == "140802"
    assert picker.path_label.text() == "山西省 运城市 盐湖区　140802"
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(f, Qt.Key.Key_Return)
    assert h.widget.value() == "140802"


def test_alt_down_opens_at_the_code_in_the_field(qtbot, host):
    h = host(DIVISION)
    qtbot.keyClicks(h.widget.editor(), "140821")
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    picker = h.widget.picker
    assert picker.current_code() == "140821" and picker.filter_edit.text() == ""
    qtbot.keyClick(picker.tree, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert h.widget.value() == "140821"


def test_the_picker_filters_by_code_and_never_chooses_a_group(qtbot):
    picker = DivisionPicker()
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.filter_edit, "1101")
    assert picker.current_code() == "110101"  # 东城区: 110100 市辖区 is only a group
    assert picker.select_code("110100")
    picker.choose_current()
    assert picker.isVisible() and picker.chosen_code() == ""
    assert "分组" in picker.path_label.text()
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    assert picker.current_code() == "110101"
    # a city can be chosen as it is with Ctrl+Enter
    picker.filter_edit.clear()
    commit_text(picker.filter_edit, "东莞")
    assert picker.current_code() == "441900"
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.chosen_code() == "441900"


def test_nothing_found_says_so(qtbot):
    picker = DivisionPicker()
    qtbot.addWidget(picker)
    picker.show()
    commit_text(picker.filter_edit, "不存在的地方")
    assert picker.proxy.rowCount() == 0
    assert "没有符合" in picker.path_label.text()
