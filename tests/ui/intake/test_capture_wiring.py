"""The page strip in the intake screen's checklist (issue 5, "At the window")."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from counter.intake.intake import MaterialStatus
from tests.ui.conftest import ITEM_CODE
from ui.scanner import ScanRouter


class PagesSpy:
    """Wraps the intake service; records the pages of every material at each save."""

    def __init__(self, service) -> None:
        self._service = service
        self.saves: list[dict[str, list[str]]] = []
        self.tickets: list[str | None] = []

    def save(self, intake, *args, **kwargs) -> None:  # (intake[, actor]) as the service
        self._service.save(intake, *args, **kwargs)
        self.saves.append({m: list(s.pages) for m, s in intake.materials.items()})
        self.tickets.append(intake.queue_ticket)

    def __getattr__(self, name):
        return getattr(self._service, name)


@pytest.fixture
def pages_spy(mini_ctx):
    spy = PagesSpy(mini_ctx.intake)
    mini_ctx.intake = spy
    return spy


@pytest.fixture
def png(tmp_path):
    image = Image.new("RGB", (600, 850), "white")
    draw = ImageDraw.Draw(image)
    for n in range(12):
        draw.line((40, 60 + n * 50, 540, 60 + n * 50), fill="black", width=3)
    path = tmp_path / "扫描0001.png"
    image.save(path, "PNG")
    return path


@pytest.fixture
def cscreen(qtbot, mini_ctx, pages_spy, reader):
    from tests.ui.intake.conftest import show_screen

    return show_screen(qtbot, mini_ctx, id_reader=reader)


def test_strip_follows_the_selected_material(qtbot, cscreen):
    cscreen.start("item", ITEM_CODE)
    ids = cscreen.checklist.shown_ids()
    assert len(ids) >= 2
    assert cscreen.checklist.selected_id() == ids[0]
    assert cscreen.pages is not None and cscreen.pages.material_id == ids[0]
    qtbot.waitUntil(lambda: cscreen.pages.isVisible())
    qtbot.mouseClick(cscreen.checklist.row(ids[1]).title, _left())
    assert cscreen.checklist.selected_id() == ids[1]
    assert cscreen.pages.material_id == ids[1]
    assert cscreen.pages_target() is cscreen.pages


def test_added_image_marks_the_material_received_and_is_saved(qtbot, cscreen, pages_spy,
                                                              mini_ctx, png):
    intake = cscreen.start("item", ITEM_CODE)
    mid = cscreen.checklist.selected_id()
    row = cscreen.checklist.row(mid)
    assert intake.materials[mid].status is not MaterialStatus.RECEIVED
    assert not row.pages_label.isVisible()
    with qtbot.waitSignal(cscreen.saved, timeout=10000):
        cscreen.pages.add_files([png])
    qtbot.waitUntil(lambda: not cscreen.pages.is_busy())
    state = intake.materials[mid]
    assert len(state.pages) == 1
    digest = state.pages[0]
    assert state.status is MaterialStatus.RECEIVED
    assert state.copies_received >= 1
    assert row.pages_label.isVisible() and "1" in row.pages_label.text()
    assert pages_spy.saves[-1][mid] == [digest]
    assert mini_ctx.blobs.has(digest)
    assert "已收取或免提交 1 项" in cscreen.checklist.summary.text()


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_hot_folder_files_go_to_the_selected_material(qtbot, mini_ctx, pages_spy, reader,
                                                      png, tmp_path):
    from tests.ui.intake.conftest import show_screen
    from ui.intake.screen import HOT_FOLDER_SETTING

    hot = tmp_path / "hot"
    hot.mkdir()  # a configured folder that is missing is not created (设备未就绪)
    mini_ctx.site.set_setting(HOT_FOLDER_SETTING, str(hot))
    screen = show_screen(qtbot, mini_ctx, id_reader=reader)
    assert screen.hot_folder is not None and screen.hot_folder.is_active()
    intake = screen.start("item", ITEM_CODE)
    mid = screen.checklist.selected_id()
    with qtbot.waitSignal(screen.hot_folder.imported, timeout=10000):
        png.replace(hot / png.name)
    state = intake.materials[mid]
    assert len(state.pages) == 1 and state.status is MaterialStatus.RECEIVED
    qtbot.waitUntil(lambda: pages_spy.saves and pages_spy.saves[-1][mid] == state.pages)
    assert (hot / "processed" / png.name).exists()


def test_no_hot_folder_without_the_setting(qtbot, cscreen):
    assert cscreen.hot_folder is None


def test_queue_ticket_scan_attaches_to_the_intake(qtbot, cscreen, pages_spy):
    intake = cscreen.start("item", ITEM_CODE)
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append, apply_code=cscreen.apply_scanned_code)
    with qtbot.waitSignal(cscreen.saved):
        router.route("Q-20261121-A023")
    assert intake.queue_ticket == "A023"
    assert pages_spy.tickets[-1] == "A023"
    assert opened == [] and messages == ["已关联排队号 A023。"]


def test_unknown_code_changes_nothing(qtbot, cscreen, pages_spy):
    intake = cscreen.start("item", ITEM_CODE)
    before, saves = intake.to_json(), len(pages_spy.saves)
    opened, messages = [], []
    router = ScanRouter(opened.append, messages.append, apply_code=cscreen.apply_scanned_code)
    with qtbot.waitSignal(router.unrecognised) as blocker:
        router.route("6901234567892")
    assert blocker.args == ["6901234567892"]
    assert messages == ["无法识别的条码内容"] and opened == []
    assert intake.to_json() == before and len(pages_spy.saves) == saves
    assert not cscreen.save_pending()


def test_desk_routes_tickets_to_the_intake_screen_only(qtbot, mini_ctx):
    from tests.ui.intake.test_wiring import wired_window
    from ui.case_view import CaseView

    window = wired_window(qtbot, mini_ctx)
    desk = window.desk
    desk.start_intake("item", ITEM_CODE)
    intake = desk.intake_screen.intake()
    with qtbot.waitSignal(desk.intake_screen.saved):
        desk.scan_router.route("B101")
    assert intake.queue_ticket == "B101"
    assert window.statusBar().currentMessage() == "已关联排队号 B101。"
    window.show_screen(CaseView.screen_id)
    desk.scan_router.route("Q-20261121-C202")
    assert intake.queue_ticket == "B101"
    assert window.statusBar().currentMessage() == "请先开始受理，再扫描此条码。"


def test_id_qr_and_e_licence_scans_fill_the_intake(qtbot, cscreen, pages_spy):
    import json
    from datetime import date

    from counter.ids import make_id_number

    intake = cscreen.start("item", ITEM_CODE)
    number = make_id_number("330106", date(1990, 7, 2), 22)
    messages = []
    router = ScanRouter(lambda _c: None, messages.append, apply_code=cscreen.apply_scanned_code)
    with qtbot.waitSignal(cscreen.saved):
        router.route(json.dumps({"kind": "id", "id_number": number, "name": "王芳"},
                                ensure_ascii=False))
    assert intake.form["applicant.id_number"] == number
    assert intake.form["applicant.name"] == "王芳"
    assert cscreen.form.widget("applicant.name").value() == "王芳"
    licence = {"kind": "e_licence", "type": "身份证", "number": "DZZZ-0001",
               "holder_id": number, "holder_name": "李四"}
    assert "M-ID-CARD" in cscreen.checklist.shown_ids()
    with qtbot.waitSignal(cscreen.saved):
        router.route(json.dumps(licence, ensure_ascii=False))
    state = intake.materials["M-ID-CARD"]
    assert state.status is MaterialStatus.E_LICENCE and state.e_licence_number == "DZZZ-0001"
    assert intake.form["applicant.name"] == "王芳"  # only empty fields are prefilled
    assert messages[-1].startswith("申请人身份证件：已按电子证照免提交。")


# -- the strip at the keyboard and under the mouse ---------------------------------------------


def _focusable(widgets):
    return [w for w in widgets if w.isVisible() and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def _in(widget, container) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def test_the_page_strip_is_in_the_tab_order(qtbot, cscreen):
    """Tab reaches the strip's buttons and thumbnails where it stands (below the selected
    row, or just above it when the form could not scroll to keep the row still), and goes on
    to the next material after it."""
    cscreen.start("item", ITEM_CODE)
    ids = cscreen.checklist.shown_ids()
    qtbot.waitUntil(lambda: cscreen.pages.isVisible())
    for selected in (ids[0], ids[1], ids[2]):
        cscreen.checklist.select(selected)
        QApplication.processEvents()
        rows = cscreen.checklist.rows()
        row = cscreen.checklist.row(selected)
        n = rows.index(row)
        if cscreen.pages.y() > row.y():  # below the row
            before, after = row, rows[n + 1] if n + 1 < len(rows) else None
        else:
            before, after = rows[n - 1], row
        last = _focusable(before.focus_widgets())[-1]
        last.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(last, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is _focusable(cscreen.pages.focus_widgets())[0], \
            f"Tab from {before.merged.id} went to {focus!r}"
        if after is not None:
            strip_last = _focusable(cscreen.pages.focus_widgets())[-1]
            strip_last.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.keyClick(strip_last, Qt.Key.Key_Tab)
            assert _in(QApplication.focusWidget(), after)


def test_ctrl_o_anywhere_in_a_row_imports_into_that_material(qtbot, cscreen, pages_spy, png,
                                                             monkeypatch):
    asked = []

    def choose(*_args, **_kw):
        asked.append(cscreen.pages.material_id)
        return [str(png)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    cscreen.start("item", ITEM_CODE)
    ids = cscreen.checklist.shown_ids()
    row = cscreen.checklist.row(ids[1])
    row.set_status(MaterialStatus.RECEIVED)
    for widget in (row.copies, _focusable(row.audit_checks)[0]):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        assert QApplication.focusWidget() is widget or _in(QApplication.focusWidget(), widget)
        with qtbot.waitSignal(cscreen.pages.changed, timeout=20000):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O,
                           Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not cscreen.pages.is_busy())
    assert asked == [ids[1], ids[1]]
    assert len(cscreen.intake().materials[ids[1]].pages) == 1  # the same file twice: one page


def _screen_y(widget) -> int:
    return widget.mapToGlobal(widget.rect().topLeft()).y()


def test_selecting_a_row_does_not_move_it_under_the_pointer(qtbot, cscreen):
    cscreen.start("item", ITEM_CODE)
    ids = cscreen.checklist.shown_ids()
    assert len(ids) >= 3
    qtbot.waitUntil(lambda: cscreen.pages.isVisible())
    assert cscreen.checklist.selected_id() == ids[0]  # the strip is below the first row
    bar = cscreen.scroll.verticalScrollBar()
    for target in (ids[2], ids[0], ids[1], ids[2]):
        row = cscreen.checklist.row(target)
        cscreen.scroll.ensureWidgetVisible(row.title, 0, 0)
        QApplication.processEvents()  # the form laid out as the clerk sees it
        before = _screen_y(row)
        value = bar.value()
        qtbot.mouseClick(row.title, _left())
        QApplication.processEvents()
        assert cscreen.checklist.selected_id() == target
        assert _screen_y(row) == before, f"{target} moved (scroll {value} → {bar.value()})"
    bar.setValue(0)  # at the top: the form cannot scroll back far enough
    cscreen.scroll.resize(cscreen.scroll.width(), 2000)
    QApplication.processEvents()
    for target in (ids[0], ids[2]):
        row = cscreen.checklist.row(target)
        QApplication.processEvents()
        before = _screen_y(row)
        qtbot.mouseClick(row.title, _left())
        QApplication.processEvents()
        assert _screen_y(row) == before, target


def test_a_missing_hot_folder_says_device_not_ready_and_is_not_created(qtbot, mini_ctx, reader,
                                                                      tmp_path, monkeypatch):
    """A configured hot folder that is gone (an unplugged drive): the clerk is told
    设备未就绪：… on the status line and the window; nothing is watched or created."""
    from tests.ui.intake.conftest import show_screen
    from ui.intake.screen import HOT_FOLDER_SETTING, IntakeScreen

    hot = tmp_path / "gone"
    mini_ctx.site.set_setting(HOT_FOLDER_SETTING, str(hot))
    said: list[str] = []
    original = IntakeScreen._hot_folder_error

    def spy(self, text):
        said.append(text)
        original(self, text)

    monkeypatch.setattr(IntakeScreen, "_hot_folder_error", spy)
    screen = show_screen(qtbot, mini_ctx, id_reader=reader)
    assert screen.hot_folder is None and not hot.exists()
    assert said == [f"设备未就绪：热文件夹不存在或不可写：{hot}"]
    assert screen.status.text() == said[0]


def test_the_hot_folder_comes_from_the_devices(qtbot, mini_ctx, reader, tmp_path):
    """The screen asks ``ctx.devices`` for its watcher (a fake subclassing the port here)."""
    from PySide6.QtCore import QObject, Signal

    from bootstrap import QtDevices
    from counter.ports import HotFolderSource
    from tests.ui.intake.conftest import show_screen
    from ui.intake.screen import HOT_FOLDER_SETTING

    class Errors(QObject):
        error = Signal(str)

    class FakeHotFolder(HotFolderSource):
        def __init__(self, folder, target) -> None:
            self.folder, self.target, self.active = folder, target, False
            self._errors = Errors()
            self.error = self._errors.error

        def start(self) -> None:
            self.active = True

        def stop(self) -> None:
            self.active = False

        def is_active(self) -> bool:
            return self.active

    class Devices(QtDevices):
        def hot_folder(self, folder, target, parent=None):
            return FakeHotFolder(folder, target)

    mini_ctx.devices = Devices(mini_ctx)
    mini_ctx.site.set_setting(HOT_FOLDER_SETTING, str(tmp_path))
    screen = show_screen(qtbot, mini_ctx, id_reader=reader)
    assert isinstance(screen.hot_folder, FakeHotFolder) and screen.hot_folder.is_active()
    assert screen.hot_folder.folder == str(tmp_path)
    assert screen.hot_folder.target == screen.pages_target
