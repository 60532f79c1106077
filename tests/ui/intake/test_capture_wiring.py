"""The page strip in the intake screen's checklist (issue 5, "At the window")."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

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
    spy = PagesSpy(mini_ctx.services["intake"])
    mini_ctx.services["intake"] = spy
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
