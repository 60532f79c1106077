"""Imports that finish after the clerk moved on (issue 5, data loss): the pages are stored
with the draft the import was started for — read back from the store — whether the clerk
parked it (暂存), opened another draft, put it away for another user (切换用户) or closed the
window; a draft decided meanwhile takes nothing and the clerk is told where the files are.

The worker is held deterministically: the capture service's ``prepare`` (the slow half, on the
worker thread) waits for a gate the test opens once the clerk has moved on.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.intake.intake import MaterialStatus
from counter.services.capture import CaptureService
from tests.capture import images
from tests.ui.conftest import ITEM_CODE, TAX_CODE, me
from tests.ui.intake.conftest import show_screen

WAIT_MS = 30000


class GatedCapture(CaptureService):
    """The real capture service whose imports wait at a gate (on the worker thread).

    Attributes:
        gate: set it to let the imports run.
        started: set once an import is waiting at the gate.
        turning: set once a turn (rotation) is waiting at the gate.
    """

    def __init__(self, blobs, clock) -> None:
        super().__init__(blobs, clock)
        self.gate = threading.Event()
        self.started = threading.Event()
        self.turning = threading.Event()

    def prepare(self, sources, **kwargs):
        self.started.set()
        self._wait()
        return super().prepare(sources, **kwargs)

    def turn(self, page, degrees=90, **kwargs):
        self.turning.set()
        self._wait()
        return super().turn(page, degrees, **kwargs)

    def _wait(self) -> None:
        if not self.gate.wait(WAIT_MS / 1000):  # a safety net, not an assertion on time
            raise RuntimeError("the test never opened the gate")


@pytest.fixture
def gated(mini_ctx):
    capture = GatedCapture(mini_ctx.blobs, mini_ctx.clock)
    mini_ctx.capture = capture
    yield capture
    capture.gate.set()  # never leave a pool thread waiting


@pytest.fixture
def page_files(tmp_path):
    """Three generated page images (distinct pages), in the order they are imported."""
    folder = tmp_path / "scans"
    folder.mkdir()
    out = []
    for n in range(3):
        path = folder / f"page{n + 1}.jpg"
        path.write_bytes(images.encode(images.text_page((420, 600), seed=10 + n, lines=6)))
        out.append(path)
    return out


def digests(ctx, paths, colour: bool) -> list[str]:
    """The pages the files become, in order (processing is deterministic)."""
    return CaptureService(ctx.blobs, ctx.clock).process(paths, colour=colour).digests


def stored(ctx, intake_id: str):
    """A fresh read of the draft from the store."""
    return ctx.intake.load(intake_id, me(ctx))


def start_import(screen, gated, paths) -> tuple[str, list[str]]:
    """Import ``paths`` into the selected material; returns it once the worker holds the job."""
    material = screen.checklist.selected_id()
    expected = digests(screen._ctx, paths, screen.pages.colour)
    screen.pages.add_files(paths)
    assert gated.started.wait(WAIT_MS / 1000)
    return material, expected


def finish(qtbot, screen, gated) -> None:
    gated.gate.set()
    qtbot.waitUntil(lambda: not screen.imports_running(), timeout=WAIT_MS)


def test_pages_of_an_import_finishing_after_park_are_stored_with_the_draft(
        qtbot, mini_ctx, gated, page_files):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, expected = start_import(screen, gated, page_files)

    with qtbot.waitSignal(screen.parked):
        qtbot.mouseClick(screen.park_button, Qt.MouseButton.LeftButton)  # 暂存
    assert screen.intake() is None
    assert stored(mini_ctx, intake.id).materials[material].pages == []
    finish(qtbot, screen, gated)

    draft = stored(mini_ctx, intake.id)
    assert len(expected) == 3 and draft.materials[material].pages == expected
    assert draft.materials[material].status is MaterialStatus.RECEIVED
    assert "已保存到原受理草稿" in screen.status.text()


def test_pages_go_to_their_draft_when_another_draft_is_opened(qtbot, mini_ctx, gated,
                                                             page_files):
    screen = show_screen(qtbot, mini_ctx)
    first = screen.start("item", ITEM_CODE)  # never saved before the import
    material, expected = start_import(screen, gated, page_files)

    second = screen.start("item", TAX_CODE)
    assert screen.intake() is second
    finish(qtbot, screen, gated)

    assert stored(mini_ctx, first.id).materials[material].pages == expected
    assert all(not state.pages for state in second.materials.values())
    screen.receive_all()  # the draft on screen is saved again: it takes nothing of the first
    assert all(not s.pages for s in stored(mini_ctx, second.id).materials.values())
    assert stored(mini_ctx, first.id).materials[material].pages == expected

    # resumed from a list read before the import finished: the stored pages are shown, and a
    # save of the resumed draft keeps them
    screen.open(first)
    assert screen.intake().materials[material].pages == expected
    screen.receive_all()
    assert stored(mini_ctx, first.id).materials[material].pages == expected
    assert screen.checklist.selected_id() == material
    assert screen.pages.pages() == expected


def test_pages_are_stored_when_the_window_is_put_away_for_another_user(qtbot, mini_ctx,
                                                                       gated, page_files):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)  # never saved before the import
    material, expected = start_import(screen, gated, page_files)

    screen.reset()  # 切换用户: the desk puts the intake away for the next user
    assert screen.intake() is None
    finish(qtbot, screen, gated)

    draft = stored(mini_ctx, intake.id)
    assert draft.materials[material].pages == expected
    assert draft.materials[material].status is MaterialStatus.RECEIVED


def test_pages_finished_while_the_screen_is_locked_are_stored_after_unlocking(
        qtbot, mini_ctx, gated, page_files):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, expected = start_import(screen, gated, page_files)
    screen.reset()  # put away; then the screen locks before the import ends
    guard = mini_ctx.permissions.guard
    guard.lock()
    finish(qtbot, screen, gated)
    assert "解锁后将自动保存" in screen.status.text()

    guard.unlock()
    assert stored(mini_ctx, intake.id).materials[material].pages == []  # held until now
    qtbot.waitUntil(lambda: stored(mini_ctx, intake.id).materials[material].pages == expected,
                    timeout=WAIT_MS)


def test_pages_finished_on_screen_while_locked_are_saved_when_put_away(
        qtbot, mini_ctx, gated, page_files):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, expected = start_import(screen, gated, page_files)
    guard = mini_ctx.permissions.guard
    guard.lock()  # the idle lock: the intake stays on screen under the lock
    finish(qtbot, screen, gated)
    assert intake.materials[material].pages == expected  # on screen, not yet saved

    guard.unlock()  # 切换用户: the next user is in, the desk puts the intake away
    screen.reset()
    assert stored(mini_ctx, intake.id).materials[material].pages == expected


def test_no_decision_while_pages_are_still_being_processed(qtbot, mini_ctx, gated,
                                                            page_files, message_boxes):
    """受理 pressed while a scan is still processed: refused with a message (the case would
    lack those pages); once the pages are in, the same key accepts with them."""
    from tests.ui.intake.test_decisions import fill_item

    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, expected = start_import(screen, gated, page_files)
    fill_item(qtbot, screen)
    screen.receive_all()
    cases_before = mini_ctx.cases.count()
    decided: list = []
    screen.decided.connect(lambda *args: decided.append(args))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert decided == [] and screen.intake() is intake and not message_boxes
    assert "仍在处理中" in screen.status.text()
    assert mini_ctx.cases.count() == cases_before

    finish(qtbot, screen, gated)
    with qtbot.waitSignal(screen.decided, timeout=WAIT_MS) as done:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    action, case_no = done.args
    assert action == "accept", message_boxes
    case = mini_ctx.cases.get(case_no, me(mini_ctx))
    assert [list(e.pages) for e in case.materials if e.material == material] == [expected]


def test_an_import_finishing_after_the_decision_stores_nothing_and_says_so(
        qtbot, mini_ctx, gated, page_files, message_boxes):
    """Parked and then decided elsewhere (e.g. approved from the queue) while the scan still
    runs: the screen refuses a decision of its own meanwhile, but not another's."""
    from tests.ui.intake.test_decisions import fill_item

    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, _expected = start_import(screen, gated, page_files)
    fill_item(qtbot, screen)
    screen.receive_all()
    with qtbot.waitSignal(screen.parked):
        qtbot.mouseClick(screen.park_button, Qt.MouseButton.LeftButton)  # 暂存
    result = mini_ctx.cases.accept(stored(mini_ctx, intake.id), me(mini_ctx))
    case_no = result.case.case_no
    before = stored(mini_ctx, intake.id).to_json()

    with qtbot.waitSignal(screen.pages.notStored, timeout=WAIT_MS) as lost:
        gated.gate.set()
    qtbot.waitUntil(lambda: not screen.imports_running(), timeout=WAIT_MS)

    text = lost.args[0]
    assert "受理决定之后" in text and case_no in text and "未保存" in text
    assert str(page_files[0].parent) in text and page_files[0].name in text
    assert screen.status.text() == text
    box = screen.not_stored_box
    assert box is not None and box.isVisible() and box.text() == text
    assert not box.isModal()
    box.close()
    assert stored(mini_ctx, intake.id).to_json() == before  # nothing partial
    case = mini_ctx.cases.get(case_no, me(mini_ctx))
    assert [e.pages for e in case.materials if e.material == material] == [()] \
        or [list(e.pages) for e in case.materials if e.material == material] == [[]]
    assert all(p.exists() for p in page_files)  # the files stay where they were


def test_closing_the_window_waits_for_running_imports(qtbot, mini_ctx, gated, page_files):
    from tests.ui.intake.test_wiring import wired_window

    window = wired_window(qtbot, mini_ctx)
    window.desk.start_intake("item", ITEM_CODE)
    screen = window.desk.intake_screen
    intake = screen.intake()
    material, expected = start_import(screen, gated, page_files)

    assert not window.close()  # refused while the import runs
    assert window.isVisible()
    assert QApplication.overrideCursor() is not None
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.WaitCursor
    gated.gate.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)

    assert QApplication.overrideCursor() is None
    draft = stored(mini_ctx, intake.id)
    assert draft.materials[material].pages == expected


def test_a_hot_folder_file_finishing_after_the_decision_goes_to_failed(
        qtbot, mini_ctx, gated, page_files, message_boxes, tmp_path):
    from tests.ui.intake.test_decisions import fill_item
    from ui.intake.screen import HOT_FOLDER_SETTING

    hot = tmp_path / "hot"
    hot.mkdir()  # a configured folder that is missing is not created (设备未就绪)
    mini_ctx.site.set_setting(HOT_FOLDER_SETTING, str(hot))
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    fill_item(qtbot, screen)
    screen.receive_all()
    page_files[0].replace(hot / "扫描0001.jpg")
    qtbot.waitUntil(gated.started.is_set, timeout=WAIT_MS)  # picked up, held at the gate
    screen.accept()  # refused while the page is processed
    assert screen.intake() is intake and "仍在处理中" in screen.status.text()
    screen.park()  # then decided elsewhere (e.g. approved from the queue)
    case_no = mini_ctx.cases.accept(stored(mini_ctx, intake.id),
                                                me(mini_ctx)).case.case_no
    before = stored(mini_ctx, intake.id).to_json()

    with qtbot.waitSignal(screen.hot_folder.refused, timeout=WAIT_MS):
        gated.gate.set()
    text = screen.status.text()
    assert case_no in text and "failed" in text and "扫描0001.jpg" in text
    assert (hot / "failed" / "扫描0001.jpg").exists()
    assert not (hot / "processed" / "扫描0001.jpg").exists()
    assert stored(mini_ctx, intake.id).to_json() == before
    screen.not_stored_box.close()


def test_camera_pictures_for_a_discarded_draft_are_not_stored_and_the_clerk_is_told(
        qtbot, mini_ctx, gated):
    from PySide6.QtGui import QColor, QImage

    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    frame = QImage(640, 480, QImage.Format.Format_RGB32)
    frame.fill(QColor("white"))
    screen.pages.add_images([frame])
    assert gated.started.wait(WAIT_MS / 1000)
    screen.park()
    mini_ctx.intake.discard(intake.id, me(mini_ctx))
    with qtbot.waitSignal(screen.pages.notStored, timeout=WAIT_MS) as lost:
        gated.gate.set()
    assert "已放弃" in lost.args[0] and "重新拍摄" in lost.args[0]
    assert all(not s.pages for s in stored(mini_ctx, intake.id).materials.values())
    screen.not_stored_box.close()


def test_a_page_turned_after_park_is_turned_in_its_draft(qtbot, mini_ctx, gated, page_files):
    screen = show_screen(qtbot, mini_ctx)
    intake = screen.start("item", ITEM_CODE)
    material, expected = start_import(screen, gated, page_files)
    finish(qtbot, screen, gated)
    assert stored(mini_ctx, intake.id).materials[material].pages == expected

    gated.gate.clear()
    screen.pages.select_page(1)
    assert screen.pages.selected_page() == expected[1]
    screen.pages.rotate_selected(90)
    assert gated.turning.wait(WAIT_MS / 1000)
    screen.park()
    finish(qtbot, screen, gated)

    pages = stored(mini_ctx, intake.id).materials[material].pages
    assert len(pages) == 3 and pages[0] == expected[0] and pages[2] == expected[2]
    assert pages[1] != expected[1]  # the turned page took the place of the second
