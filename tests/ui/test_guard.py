"""The application-wide guard (:mod:`ui.guard`): the wheel scrolls the form and never changes a
combo box, spin box or date; no dialog is taller than the screen; the main window opens inside
the available geometry (1366×768 with a task bar included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QDialog, QDoubleSpinBox,
                               QFormLayout, QLabel, QLineEdit, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from counter.catalog.model import Choice, Field
from ui import guard as ui_guard
from ui.intake.field_widgets import make_field_widget

#: A 1366×768 screen with a 40-pixel task bar.
SMALL_SCREEN = QRect(0, 0, 1366, 728)


@pytest.fixture
def guard():
    g = ui_guard.install_guard()
    yield g
    ui_guard.remove_guard()


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(ui_guard, "available_geometry", lambda _w=None: QRect(SMALL_SCREEN))
    return SMALL_SCREEN


def wheel(widget: QWidget, steps: int = -1, *, inner: bool = True) -> None:
    """Roll the wheel ``steps`` notches (negative: towards the user, i.e. down) over the
    middle of ``widget``, delivered to the child under the pointer as the window system does
    (``inner=False``: to ``widget`` itself — a synthesised event is not handed on by Qt from
    a spin box's line edit to the spin box, as a real one is)."""
    centre = widget.rect().center()
    target = (widget.childAt(centre) if inner else None) or widget
    pos = target.mapFrom(widget, centre)
    event = QWheelEvent(QPointF(pos), QPointF(target.mapToGlobal(pos)), QPoint(),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(target, event)


def scrolled_form(qtbot):
    """A form in a scroll area, taller than its viewport, with every kind of wheel editor
    (and the intake form's own drop-down) in its middle."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    content = QWidget()
    layout = QFormLayout(content)
    for n in range(12):
        layout.addRow(f"字段{n}", QLineEdit(content))
    combo = QComboBox(content)
    combo.addItems(["甲", "乙", "丙"])
    spin = QSpinBox(content)
    spin.setRange(0, 99)
    spin.setValue(5)
    double = QDoubleSpinBox(content)
    double.setValue(2.5)
    date = QDateEdit(QDate(2026, 12, 7), content)
    field = Field(key="applicant.id_type", label="证件类型", type="choice",
                  choices=(Choice("111", "居民身份证"), Choice("414", "普通护照")))
    choice = make_field_widget(field, parent=content)
    choice.set_value("111")
    editors = {"combo": combo, "spin": spin, "double": double, "date": date,
               "choice": choice.editor()}
    for name, editor in editors.items():
        layout.addRow(name, editor if editor is not choice.editor() else choice)
    for n in range(12):
        layout.addRow(f"备注{n}", QLineEdit(content))
    area.setWidget(content)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    return area, editors


def values(editors) -> dict:
    return {"combo": editors["combo"].currentIndex(), "spin": editors["spin"].value(),
            "double": editors["double"].value(), "date": editors["date"].date(),
            "choice": editors["choice"].currentIndex()}


def test_the_wheel_over_an_editor_scrolls_the_form_and_keeps_the_value(qtbot, guard):
    area, editors = scrolled_form(qtbot)
    bar = area.verticalScrollBar()
    before = values(editors)
    for name, editor in editors.items():
        area.ensureWidgetVisible(editor, 0, 0)
        bar.setValue(min(bar.value(), bar.maximum() - 60))  # room to scroll further down
        start = bar.value()
        wheel(editor, -1)
        assert values(editors) == before, name
        assert bar.value() > start, f"the form did not scroll over {name}"
        start = bar.value()
        wheel(editor, +1)  # and back up
        assert values(editors) == before, name
        assert bar.value() < start, name


def test_an_editor_focused_by_tab_still_lets_the_form_scroll(qtbot, guard):
    area, editors = scrolled_form(qtbot)
    spin = editors["spin"]
    area.ensureWidgetVisible(spin, 0, 0)
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    assert spin.hasFocus()
    wheel(spin, -1)
    assert spin.value() == 5


def test_an_editor_the_clerk_clicked_takes_the_wheel(qtbot, guard):
    area, editors = scrolled_form(qtbot)
    spin = editors["spin"]
    area.ensureWidgetVisible(spin, 0, 0)
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    assert spin.hasFocus()
    wheel(spin, +1, inner=False)
    assert spin.value() == 6  # a deliberate choice: the clerk clicked it first
    editors["combo"].setFocus(Qt.FocusReason.TabFocusReason)  # moving on disarms it
    editors["combo"].setFocus(Qt.FocusReason.MouseFocusReason)
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    wheel(spin, +1, inner=False)
    assert spin.value() == 6


def test_wheel_editors_take_the_focus_by_click_and_tab_only(qtbot, guard):
    _area, editors = scrolled_form(qtbot)
    for name, editor in editors.items():
        assert editor.focusPolicy() == Qt.FocusPolicy.StrongFocus, name


def test_run_gui_installs_the_guard(monkeypatch, tmp_path, message_boxes):
    from ui import app as ui_app

    installed = []
    monkeypatch.setattr(ui_guard, "install_guard", lambda app=None: installed.append(app))
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    ui_app.run_gui(not_a_dir, "zh", None)
    assert installed == [QApplication.instance()]


# -- sizes ---------------------------------------------------------------------------------


def test_a_dialog_taller_than_the_screen_is_clamped_when_shown(qtbot, guard, small_screen):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QLabel("很长的对话框"))
    dialog.setMinimumSize(700, 900)
    dialog.resize(900, 1000)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() + ui_guard.FRAME_ALLOWANCE.height() <= small_screen.height()
    assert small_screen.contains(dialog.geometry())


def test_the_main_window_opens_within_the_available_geometry(qtbot, ctx, small_screen):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    allowance = ui_guard.FRAME_ALLOWANCE
    assert window.width() + allowance.width() <= small_screen.width()
    assert window.height() + allowance.height() <= small_screen.height()
    assert window.minimumHeight() + allowance.height() <= small_screen.height()
    window.show()
    qtbot.waitExposed(window)
    assert window.height() + allowance.height() <= small_screen.height()


def test_the_main_window_fits_the_real_screen(qtbot, ctx):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    area = QApplication.primaryScreen().availableGeometry()
    assert window.frameGeometry().height() <= area.height()
    assert window.frameGeometry().width() <= area.width()
    assert window.size().boundedTo(QSize(1280, 800)) == window.size()


def test_a_full_screen_dialog_is_left_covering_the_screen(qtbot, guard):
    """The lock screen covers everything: the clamp leaves full-screen dialogs alone."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QLabel("屏幕已锁定"))
    dialog.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
    dialog.setGeometry(QApplication.primaryScreen().geometry())
    dialog.showFullScreen()
    qtbot.waitExposed(dialog)
    assert dialog.geometry() == QApplication.primaryScreen().geometry()


# -- the real screens ------------------------------------------------------------------------


def _value(editor):
    from PySide6.QtWidgets import QAbstractSlider, QDateTimeEdit

    if isinstance(editor, QComboBox):
        return editor.currentIndex()
    if isinstance(editor, QDateTimeEdit):
        return editor.dateTime()
    if isinstance(editor, QAbstractSlider):
        return editor.value()
    return editor.text()


def test_the_intake_form_scrolls_over_its_drop_downs_and_copies(qtbot, mini_ctx, guard):
    """The intake screen as the clerk has it: the wheel over 证件类型 and over a material's
    收取份数 scrolls the form, the values stay."""
    from tests.ui.conftest import ITEM_CODE
    from tests.ui.intake.conftest import show_screen
    from counter.intake.intake import MaterialStatus

    screen = show_screen(qtbot, mini_ctx)
    screen.resize(1000, 500)
    screen.start("item", ITEM_CODE)
    row = screen.checklist.rows()[0]
    row.set_status(MaterialStatus.RECEIVED)
    combo = screen.form.widget("applicant.id_type").editor()
    combo.setCurrentIndex(1)
    bar = screen.scroll.verticalScrollBar()
    for editor in (combo, row.copies):
        screen.scroll.ensureWidgetVisible(editor, 0, 0)
        QApplication.processEvents()
        bar.setValue(min(bar.value(), bar.maximum() - 60))
        start, before = bar.value(), _value(editor)
        wheel(editor, -1)
        assert _value(editor) == before
        assert bar.value() > start


def test_no_wheel_editor_of_any_screen_changes_under_the_wheel(qtbot, ctx, guard):
    """Every combo box, spin box and date of every screen an administrator-clerk sees."""
    from PySide6.QtWidgets import QAbstractSpinBox

    from tests.unit.cases.helpers import CARD
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.desk.start_intake("item", CARD)
    seen = 0
    for action in window._view_menu.actions():
        if not action.isVisible():
            continue
        screen = window.show_screen(action.data())
        QApplication.processEvents()
        for editor in screen.findChildren(QWidget):
            if not isinstance(editor, (QComboBox, QAbstractSpinBox)) \
                    or not editor.isVisibleTo(window):
                continue
            assert editor.focusPolicy() == Qt.FocusPolicy.StrongFocus, editor
            before = _value(editor)
            wheel(editor, -1)
            wheel(editor, -1, inner=False)
            assert _value(editor) == before, f"{action.data()}: {editor!r}"
            seen += 1
    assert seen >= 5  # intake form drop-downs, copies, site type, idle minutes, capture page


def test_a_message_box_with_a_long_list_scrolls_it_within_the_screen(qtbot, guard, small_screen):
    """Every problem of a big form in the one error box: the list scrolls, the box (which
    fixes its own size) stays within the screen and nothing of the list is dropped."""
    from PySide6.QtWidgets import QMessageBox

    problems = "\n".join(f"• 第{n}项：申请人证件号码须填写" for n in range(60))
    box = QMessageBox(QMessageBox.Icon.Warning, "综窗受理台", "申请表填写不完整，不能受理。")
    box.setInformativeText(problems)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    qtbot.waitUntil(lambda: box.height() > 300)  # it has sized itself
    assert box.height() + ui_guard.FRAME_ALLOWANCE.height() <= small_screen.height()
    assert small_screen.contains(box.geometry())
    scroll = box.findChild(QScrollArea, "informativeScroll")
    assert scroll is not None and scroll.widget().text() == problems


def test_a_short_message_box_is_left_as_it_is(qtbot, guard, small_screen):
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "综窗受理台", "请输入工号。")
    box.setInformativeText("• 工号不能为空")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.findChild(QScrollArea, "informativeScroll") is None
