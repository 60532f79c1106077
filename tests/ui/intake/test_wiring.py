"""The intake screens in the main window (ui/intake/wiring.py): navigation, scanner, drafts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.ids import make_id_number
from counter.intake.intake import MaterialStatus
from tests.helpers.ops import wait_idle
from tests.ui.conftest import commit_text, me
from ui.case_view import CaseView
from ui.intake.decisions import default_actor
from ui.intake.screen import IntakeScreen
from ui.intake.wiring import DeskRouter
from ui.main_window import MainWindow
from ui.scanner import ScannerFilter



def wired_window(qtbot, ctx) -> MainWindow:
    """The main window with the screens of issue 3 (wired here until MainWindow does it)."""
    window = MainWindow(ctx)
    if not hasattr(window, "desk"):
        window.desk = DeskRouter(window, ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


class StepClock:
    def __init__(self, step: float) -> None:
        self.step, self.now = step, 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def window(qtbot, ctx):
    return wired_window(qtbot, ctx)


@pytest.fixture
def scanner(window):
    app = QApplication.instance()
    s = ScannerFilter(None, clock=StepClock(0.004))
    s.scanned.connect(window.desk.scan_router.route)
    app.installEventFilter(s)
    yield s
    app.removeEventFilter(s)


def accepted_case(ctx) -> str:
    """An accepted case of the sample catalog's 个体工商户设立登记."""
    catalog = ctx.catalog.active()
    code = next(i.code for i in catalog.items if i.name == "个体工商户设立登记")
    service = ctx.intake
    intake = service.start("item", code, me(ctx))
    spec = service.spec(intake)
    for question in spec.questions({}):
        intake.set_answer(question.id, question.question.options[0].value)
    values = {"applicant.name": "王芳", "applicant.id_type": "111",
              "applicant.id_number": make_id_number("140802", date(1990, 7, 2), 22),
              "contact.mobile": "13912345678"}
    for merged in spec.fields(intake.answers):
        if merged.key in values:
            intake.set_value(merged.field, values[merged.key])
        elif merged.required:
            sample = {"text": "测试", "textarea": "测试", "decimal": "10", "integer": "1",
                      "division": "140802", "mobile": "13912345678"}
            if merged.field.type == "choice":
                intake.set_value(merged.field, merged.field.choices[0].value)
            elif merged.field.type == "multi_choice":
                intake.set_value(merged.field, [merged.field.choices[0].value])
            else:
                intake.set_value(merged.field, sample[merged.field.type])
    for _, state in intake.checklist(spec):
        state.status = MaterialStatus.RECEIVED
    return ctx.cases.accept(intake, default_actor(ctx)).case.case_no


def test_screens_are_in_the_navigation(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "视图(&V)")
    actions = [(a.text(), a.shortcut().toString()) for a in view_menu.actions()]
    assert actions[:3] == [("事项查询", "Ctrl+1"), ("受理", "Ctrl+2"), ("办件查询", "Ctrl+3")]


def test_opening_a_result_starts_an_intake(qtbot, window, ctx):
    with qtbot.waitSignal(window.catalog_browser.index_ready):
        window.catalog_browser.warm_up()
    window.find()
    commit_text(window.catalog_browser.search_box, "个体工商户设立")
    with qtbot.waitSignal(window.desk.intake_started):
        qtbot.keyClick(window.catalog_browser.search_box, Qt.Key.Key_Return)
    assert window.current_screen() is window.desk.intake_screen
    spec = window.desk.intake_screen.spec()
    assert spec.name == "个体工商户设立登记"
    assert ctx.catalog.search_index().usage(spec.key) == 1  # one use, counted once
    # 暂存 goes back to the search; the draft stays
    with qtbot.waitSignal(window.desk.intake_screen.parked):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.catalog_browser
    assert len(ctx.intake.unfinished(me(ctx))) == 1


def test_scanned_case_number_opens_the_case_anywhere(qtbot, window, ctx, scanner):
    case_no = accepted_case(ctx)
    window.find()
    box = window.catalog_browser.search_box
    box.setText("gt")
    qtbot.keyClicks(box, case_no)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.desk.case_view)
    assert window.desk.case_view.case.case_no == case_no
    assert box.text() == "gt"  # the scan never reached the search box


def test_scanned_other_code_changes_nothing(qtbot, window, scanner):
    window.find()
    box = window.catalog_browser.search_box
    qtbot.keyClicks(box, "6901234567892")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "无法识别的条码内容")
    assert window.current_screen() is window.catalog_browser
    assert box.text() == ""


def test_drafts_are_offered_and_resumed(qtbot, window, ctx):
    service = ctx.intake
    intake = service.start("package", "P-QYKB", me(ctx))
    intake.set_answer("q_agent", "agent")
    service.save(intake, me(ctx))
    dialog = window.desk.offer_drafts()
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.desk.intake_screen)
    screen = window.desk.intake_screen
    assert screen.intake().id == intake.id
    assert screen.guide.row("q_agent").selector.value() == "agent"
    assert "agent.name" in screen.form.shown_keys()


def test_no_drafts_no_dialog(window):
    assert window.desk.offer_drafts() is None


def test_case_screen_by_shortcut(qtbot, window, ctx):
    case_no = accepted_case(ctx)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_3,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.desk.case_view
    view = window.desk.case_view
    assert view.search_box.hasFocus()
    qtbot.keyClicks(view.search_box, case_no)
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert view.case.case_no == case_no
    assert isinstance(window.desk.intake_screen, IntakeScreen) and isinstance(view, CaseView)


# -- the ID-card reader is chosen from the configuration and the training flag (issue 11) ----

def test_a_production_counter_has_no_simulated_reader(window, ctx):
    assert not ctx.site.is_training()
    assert window.desk.intake_screen.id_reader() is None


def test_a_training_store_reads_training_cards(qtbot, ctx):
    from counter.idcard import SimulatedIdCardReader

    ctx.site.set_training(True)
    window = wired_window(qtbot, ctx)
    assert isinstance(window.desk.intake_screen.id_reader(), SimulatedIdCardReader)


def test_the_configured_folder_reader_is_used_and_follows_the_settings(qtbot, ctx, tmp_path):
    from counter.idcard_folder import FolderIdCardReader

    window = wired_window(qtbot, ctx)
    folder = tmp_path / "reader"
    folder.mkdir()
    page = window.capture_page  # 采集设备设置, as the administrator fills it in
    page.load()
    page.id_card_folder.setText(str(folder))
    with qtbot.waitSignal(page.saved):
        assert page.save()
    reader = window.desk.intake_screen.id_reader()
    assert isinstance(reader, FolderIdCardReader) and reader.folder == folder
    page.id_card_folder.clear()
    with qtbot.waitSignal(page.saved):
        assert page.save()
    assert window.desk.intake_screen.id_reader() is None


def test_a_configured_reader_that_cannot_start_says_device_not_ready_at_f2(
        qtbot, ctx, tmp_path, message_boxes):
    """Issue 13: the reader's folder was configured, then went missing (a disconnected share):
    at the next start the root gives no substitute and no silent "no card" — F2 tells the
    clerk 设备未就绪 and why, the form stays as it was."""
    from counter.errors import DeviceNotReady
    from counter.idcard import SimulatedIdCardReader, UnavailableIdCardReader
    from counter.services.settings import ID_CARD_FOLDER_KEY

    folder = tmp_path / "reader"
    folder.mkdir()
    first = wired_window(qtbot, ctx)
    page = first.capture_page
    page.load()
    page.id_card_folder.setText(str(folder))
    with qtbot.waitSignal(page.saved):
        assert page.save()
    assert ctx.site.setting(ID_CARD_FOLDER_KEY) == str(folder)
    first.close()
    folder.rmdir()
    ctx.site.set_training(True)  # not even a training store gets the training cards instead

    window = wired_window(qtbot, ctx)  # the next start
    screen = window.desk.intake_screen
    reader = screen.id_reader()
    assert isinstance(reader, UnavailableIdCardReader)
    assert not isinstance(reader, SimulatedIdCardReader)
    with pytest.raises(DeviceNotReady):
        reader.read()
    code = next(i.code for i in ctx.catalog.active().items if i.name == "个体工商户设立登记")
    window.desk.start_intake("item", code)
    intake = screen.intake()
    before = dict(intake.form)
    screen.guide.row("q_agent").selector.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    wait_idle(qtbot)  # the reader is read on the runner (ui.ops)
    assert message_boxes, "F2 must tell the clerk"
    text = message_boxes[-1][1]
    assert text.startswith("设备未就绪：") and "身份证阅读器文件夹" in text and str(folder) in text
    assert intake.form == before


# -- a scanner in a form field (issue 11: scanner input is never typing) ---------------------

def test_a_case_number_scanned_into_the_applicant_name_opens_the_case(qtbot, ctx):
    """A real scanner's keys (Shift before each capital, 4–10 ms apart, Enter) in 申请人姓名:
    the case opens, the field stays empty and no draft is saved with the scanned text."""
    from tests.ui.intake.conftest import SaveSpy
    from tests.ui.wedge import WedgeClock, wedge_scan

    case_no = accepted_case(ctx)
    spy = SaveSpy(ctx.intake)
    ctx.intake = spy
    window = wired_window(qtbot, ctx)
    clock = WedgeClock()
    scanner = ScannerFilter(None, clock=clock)
    scanner.scanned.connect(window.desk.scan_router.route)
    QApplication.instance().installEventFilter(scanner)
    try:
        code = next(i.code for i in ctx.catalog.active().items if i.name == "个体工商户设立登记")
        window.desk.start_intake("item", code)
        screen = window.desk.intake_screen
        intake = screen.intake()
        editor = screen.form.widget("applicant.name").editor()
        editor.setFocus()
        qtbot.waitUntil(editor.hasFocus)
        wedge_scan(case_no, clock)
        qtbot.waitUntil(lambda: window.current_screen() is window.desk.case_view)
        assert window.desk.case_view.case.case_no == case_no
        assert editor.text() == ""
        assert not intake.form.get("applicant.name")
        assert not screen.save_pending()  # nothing typed, nothing to save
        assert all(case_no not in str(v) for saved in spy.saves for v in saved.values())
        assert all(c not in str(v) for saved in spy.saves for v in saved.values()
                   for c in (case_no[:8], case_no[-6:]))  # not even a piece of it
    finally:
        QApplication.instance().removeEventFilter(scanner)
