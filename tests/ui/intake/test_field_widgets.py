"""Field widgets per type (ui/intake/field_widgets.py): values, typing, focus-out validation."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from counter.catalog.model import Choice, Field
from counter.ids import make_id_number, make_uscc
from tests.ui.conftest import commit_text
from ui.intake.field_widgets import (ChoiceFieldWidget, DateFieldWidget, DivisionFieldWidget,
                                     LineFieldWidget,
                                     MultiChoiceFieldWidget, NumberFieldWidget,
                                     TextAreaFieldWidget, make_field_widget)

ID_TYPE = Field("applicant.id_type", "证件类型", "choice",
                choices=(Choice("111", "居民身份证"), Choice("414", "普通护照")))
ID_NUMBER = Field("applicant.id_number", "证件号码", "id_number", id_type_field="applicant.id_type")
VALID_ID = make_id_number("140802", date(1985, 3, 14), 11)


class Host(QWidget):
    """A window with the widget under test followed by a plain line edit (the next field)."""

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
    def make(field, required=False, **kw):
        widget = make_field_widget(field, required, **kw)
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


def test_factory_picks_the_widget_per_type(qtbot):
    cases = {"text": LineFieldWidget, "textarea": TextAreaFieldWidget,
             "choice": ChoiceFieldWidget, "multi_choice": MultiChoiceFieldWidget,
             "date": DateFieldWidget, "integer": NumberFieldWidget, "decimal": NumberFieldWidget,
             "mobile": LineFieldWidget, "phone": LineFieldWidget, "id_number": LineFieldWidget,
             "uscc": LineFieldWidget, "division": DivisionFieldWidget, "email": LineFieldWidget,
             "postcode": LineFieldWidget}
    for kind, cls in cases.items():
        w = make_field_widget(Field(f"x.{kind}", kind, kind))
        assert type(w) is cls, kind
        w.deleteLater()


def test_required_marker(qtbot):
    w = make_field_widget(Field("applicant.name", "申请人姓名", "text"), True)
    qtbot.addWidget(w)
    assert "*" in w.label.text()
    w.set_required(False)
    assert "*" not in w.label.text()
    assert w.label.buddy() is w.editor()


def test_text_max_length_and_chinese_input(qtbot, host):
    h = host(Field("applicant.name", "申请人姓名", "text", max_length=4))
    changes = []
    h.widget.changed.connect(lambda: changes.append(h.widget.value()))
    commit_text(h.widget.editor(), "张三")
    assert h.widget.value() == "张三"
    qtbot.keyClicks(h.widget.editor(), "abcdef")
    assert h.widget.value() == "张三ab"
    assert changes[-1] == "张三ab"


def test_set_value_does_not_emit_changed(qtbot, host):
    h = host(Field("applicant.name", "申请人姓名", "text"))
    changes = []
    h.widget.changed.connect(lambda: changes.append(True))
    h.widget.set_value("李四")
    assert h.widget.value() == "李四"
    assert changes == []


def test_focus_out_shows_the_problem_in_red(qtbot, host):
    h = host(Field("contact.mobile", "手机号码", "mobile"))
    left = []
    h.widget.left.connect(lambda: left.append(True))
    qtbot.keyClicks(h.widget.editor(), "1234")
    assert h.widget.problem() is None  # not while typing
    leave(qtbot, h)
    assert left == [True]
    assert h.widget.problem()
    label = h.widget.findChild(type(h.widget.label), "problem")
    assert label.isVisible() and label.text() == h.widget.problem()
    # corrected: the problem goes away when the field is left again
    h.widget.setFocus()
    h.widget.editor().clear()
    qtbot.keyClicks(h.widget.editor(), "+86 138 0013 8000")
    leave(qtbot, h)
    assert h.widget.problem() is None
    assert not label.isVisible()
    assert h.widget.value() == "13800138000"  # shown as stored


def test_enter_moves_to_the_next_field(qtbot, host):
    h = host(Field("contact.email", "电子邮箱", "email"))
    qtbot.keyClicks(h.widget.editor(), "bad-address")
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_Return)
    assert h.after.hasFocus()
    assert h.widget.problem() == "电子邮箱格式不正确"


def test_id_number_is_upper_cased_and_checked(qtbot, host):
    form = {"applicant.id_type": "111"}
    h = host(ID_NUMBER, context=lambda: form, today=lambda: date(2026, 11, 20))
    number = make_id_number("110105", date(1990, 1, 1), 3)
    while not number.endswith("X"):  # find one with an X check character
        number = make_id_number("110105", date(1990, 1, 1), int(number[14:17]) + 1)
    qtbot.keyClicks(h.widget.editor(), number.lower())
    assert h.widget.value() == number
    leave(qtbot, h)
    assert h.widget.problem() is None
    h.widget.setFocus()
    h.widget.editor().clear()
    qtbot.keyClicks(h.widget.editor(), number[:-1] + ("1" if number[-1] != "1" else "2"))
    leave(qtbot, h)
    assert h.widget.problem() == "校验位不正确，请核对是否录入有误"
    form["applicant.id_type"] = "999"  # another document (其他) needs no checksum
    h.widget.setFocus()
    leave(qtbot, h)
    assert h.widget.problem() is None


def test_id_number_without_document_type(qtbot, host):
    h = host(ID_NUMBER, context=lambda: {})
    qtbot.keyClicks(h.widget.editor(), VALID_ID)
    leave(qtbot, h)
    assert h.widget.problem() == "请先选择证件类型"


def test_uscc(qtbot, host):
    h = host(Field("enterprise.uscc", "统一社会信用代码", "uscc"))
    code = make_uscc("140802", 7)
    qtbot.keyClicks(h.widget.editor(), code.lower())
    assert h.widget.value() == code
    leave(qtbot, h)
    assert h.widget.problem() is None


@pytest.mark.parametrize("typed", ["20261121", "2026-11-21", "2026/11/21"])
def test_date_accepts_what_clerks_type(qtbot, host, typed):
    h = host(Field("newborn.birth_date", "出生日期", "date"))
    qtbot.keyClicks(h.widget.editor(), typed)
    leave(qtbot, h)
    assert h.widget.problem() is None
    assert h.widget.value() == "2026-11-21"


def test_date_in_chinese_and_invalid(qtbot, host):
    h = host(Field("newborn.birth_date", "出生日期", "date"))
    commit_text(h.widget.editor(), "2026年11月21日")
    leave(qtbot, h)
    assert h.widget.value() == "2026-11-21"
    h.widget.setFocus()
    h.widget.editor().clear()
    qtbot.keyClicks(h.widget.editor(), "20261341")
    leave(qtbot, h)
    assert h.widget.problem() == "日期格式应为YYYY-MM-DD"
    h.widget.editor().clear()
    qtbot.keyClicks(h.widget.editor(), "abc")  # letters cannot be typed at all
    assert h.widget.value() == ""


def test_integer_and_decimal(qtbot, host):
    h = host(Field("seal.count", "刻制枚数", "integer", min=1, max=10))
    qtbot.keyClicks(h.widget.editor(), "1x2.5")
    assert h.widget.value() == "125"
    leave(qtbot, h)
    assert h.widget.problem() == "不能大于10"
    d = host(Field("enterprise.capital", "注册资本（万元）", "decimal"))
    qtbot.keyClicks(d.widget.editor(), "12.5.3")
    assert d.widget.value() == "12.53"
    leave(qtbot, d)
    assert d.widget.problem() is None


@pytest.mark.parametrize("kind,bad,good,reason", [
    ("phone", "12", "0359-1234567", "电话号码应为7至20位数字，可含区号连字符，如0351-1234567"),
    ("division", "999999", "140802", "行政区划代码前两位（省份代码）不正确"),
    ("postcode", "04400", "044000", "邮政编码应为6位数字"),
])
def test_code_types(qtbot, host, kind, bad, good, reason):
    h = host(Field(f"x.{kind}", kind, kind))
    qtbot.keyClicks(h.widget.editor(), bad)
    leave(qtbot, h)
    assert h.widget.problem() == reason
    h.widget.setFocus()
    h.widget.editor().clear()
    qtbot.keyClicks(h.widget.editor(), good)
    leave(qtbot, h)
    assert h.widget.problem() is None


def test_textarea_tab_moves_focus_and_enter_is_a_new_line(qtbot, host):
    h = host(Field("enterprise.scope", "经营范围", "textarea"))
    commit_text(h.widget.editor(), "软件开发")
    qtbot.keyClick(h.widget.editor(), Qt.Key.Key_Return)
    qtbot.keyClicks(h.widget.editor(), "IT")
    assert h.widget.value() == "软件开发\nIT"
    leave(qtbot, h)
    assert "\t" not in h.widget.value()


def test_choice_has_an_empty_entry_and_keys_choose(qtbot, host):
    h = host(ID_TYPE)
    combo = h.widget.editor()
    assert combo.itemText(0) == "请选择"
    assert h.widget.value() == ""
    changes = []
    h.widget.changed.connect(lambda: changes.append(h.widget.value()))
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert h.widget.value() == "111"
    assert changes == ["111"]
    h.widget.set_value("414")
    assert combo.currentText() == "普通护照"
    assert changes == ["111"]
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert h.after.hasFocus()


def test_multi_choice_space_ticks(qtbot, host):
    field = Field("seal.types", "刻制印章种类", "multi_choice",
                  choices=(Choice("name", "单位法定名称章"), Choice("finance", "财务专用章")))
    h = host(field)
    changes = []
    h.widget.changed.connect(lambda: changes.append(h.widget.value()))
    view = h.widget.editor()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert h.widget.value() == ["name"]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert h.widget.value() == ["name", "finance"]
    h.widget.set_value(["finance"])
    assert h.widget.value() == ["finance"]
    assert changes[-1] == ["name", "finance"]
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert h.after.hasFocus()
