"""The pages strip of a material (ui/capture/pages.py) and its worker."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from counter.intake.intake import MaterialStatus
from tests.capture import images
from tests.capture.conftest import blob_count
from ui.capture.pages import MaterialPagesWidget, PageViewer
from ui.capture.worker import CaptureWorker


def make(qtbot, service, intake, material="M-A", **kw) -> MaterialPagesWidget:
    widget = MaterialPagesWidget(service, intake, material, **kw)
    qtbot.addWidget(widget)
    widget.resize(800, 300)
    widget.show()
    return widget


def import_and_wait(qtbot, widget, paths):
    with qtbot.waitSignal(widget.changed, timeout=20000):
        widget.add_files(paths)
    qtbot.waitUntil(lambda: not widget.is_busy())


def test_import_adds_pages_off_the_gui_thread(qtbot, service, intake, page_files):
    widget = make(qtbot, service, intake)
    counts, messages = [], []
    widget.pageCountChanged.connect(counts.append)
    widget.message.connect(messages.append)
    with qtbot.waitSignal(widget.changed, timeout=20000):
        widget.add_files(page_files)
        assert widget.is_busy() and widget.busy_label.isVisibleTo(widget)
        assert intake.materials["M-A"].pages == []  # nothing yet: the worker is on it
    assert widget.page_count() == 4 and counts[-1] == 4
    assert intake.materials["M-A"].status is MaterialStatus.RECEIVED
    assert widget.list.count() == 4
    assert widget.blank_pages() == [intake.materials["M-A"].pages[3]]
    assert "1 页疑似空白" in messages[-1]
    assert "共 4 页" in widget.count_label.text()
    qtbot.waitUntil(lambda: not widget.busy_label.isVisible())
    assert not widget.list.item(0).icon().isNull()


def test_refused_file_shows_error_and_stores_nothing(qtbot, service, intake, blobs, tmp_path,
                                                      message_boxes):
    bad = tmp_path / "合同.docx"
    bad.write_bytes(images.docx_bytes())
    good = tmp_path / "ok.png"
    good.write_bytes(images.encode(images.text_page((200, 280)), "PNG"))
    widget = make(qtbot, service, intake)
    results = []
    with qtbot.waitSignal(widget.failed, timeout=20000):
        widget.add_files([good, bad], on_done=results.append)
    assert results == [False]
    assert message_boxes and "合同.docx" in message_boxes[0][1]
    assert widget.page_count() == 0 and blob_count(blobs) == 0
    assert not widget.is_busy()


def test_keys_move_rotate_delete(qtbot, service, intake, page_files):
    widget = make(qtbot, service, intake)
    import_and_wait(qtbot, widget, page_files[:3])
    a, b, c = widget.pages()
    widget.select_page(0)
    qtbot.keyClick(widget.list, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert widget.pages() == [b, a, c] and widget.selected_page() == a
    qtbot.keyClick(widget.list, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert widget.pages() == [a, b, c]
    with qtbot.waitSignal(widget.changed, timeout=10000):
        qtbot.keyClick(widget.list, Qt.Key.Key_R)
    turned = widget.pages()[0]
    assert turned not in (a, b, c) and widget.selected_page() == turned
    with qtbot.waitSignal(widget.changed, timeout=10000):
        qtbot.keyClick(widget.list, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert widget.pages()[0] not in (turned,)
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert widget.pages() == [b, c] and widget.selected_page() == b
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert widget.page_count() == 0
    assert intake.materials["M-A"].status is MaterialStatus.MISSING


def test_drag_reorder(qtbot, service, intake, page_files):
    widget = make(qtbot, service, intake)
    import_and_wait(qtbot, widget, page_files[:3])
    a, b, c = widget.pages()
    with qtbot.waitSignal(widget.changed):
        widget.list.moveRequested.emit([0], 3)  # first page dropped at the end
    assert widget.pages() == [b, c, a]
    with qtbot.waitSignal(widget.changed):
        widget.list.moveRequested.emit([2], 1)  # last page dropped before the second
    assert widget.pages() == [b, a, c]


def test_internal_drop_asks_for_a_move(qtbot, service, intake, page_files):
    widget = make(qtbot, service, intake)
    import_and_wait(qtbot, widget, page_files[:3])
    widget.select_page(0)
    moves = []
    widget.list.moveRequested.connect(lambda rows, before: moves.append((rows, before)))
    mime = widget.list.mimeData([widget.list.item(0)])
    target = widget.list.visualItemRect(widget.list.item(2)).center()
    event = QDropEvent(QPointF(target.x() + 5, target.y()), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.source = lambda: widget.list  # as when dragged from the strip itself
    widget.list.dropEvent(event)
    assert moves == [([0], 3)]


def test_files_dropped_from_outside(qtbot, service, intake, page_files):
    widget = make(qtbot, service, intake)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in page_files[:2]])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(widget.changed, timeout=20000):
        widget.list.dropEvent(event)
    assert widget.page_count() == 2


def test_pdf_import_with_qtpdf(qtbot, service, intake, tmp_path):
    from tests.ui.capture.pdfs import three_page_pdf

    path = tmp_path / "申请书.pdf"
    path.write_bytes(three_page_pdf())
    widget = make(qtbot, service, intake)
    import_and_wait(qtbot, widget, [path])
    assert widget.page_count() == 3


def test_camera_frames(qtbot, service, intake):
    widget = make(qtbot, service, intake)
    frame = QImage(640, 480, QImage.Format.Format_RGB32)
    frame.fill(Qt.GlobalColor.white)
    frame.setPixel(10, 10, 0)
    with qtbot.waitSignal(widget.changed, timeout=20000):
        widget.add_images([frame])
    assert widget.page_count() == 1


def test_shared_worker_and_switching_material(qtbot, service, intake, page_files):
    """An import started for one material lands there even if the widget moved on."""
    worker = CaptureWorker()
    widget = make(qtbot, service, intake, worker=worker)
    with qtbot.waitSignal(widget.changed, timeout=20000):
        widget.add_files(page_files[:2])
        widget.set_material(intake, "M-B")
    qtbot.waitUntil(lambda: not widget.is_busy())
    assert len(intake.materials["M-A"].pages) == 2
    assert intake.materials["M-B"].pages == [] and widget.page_count() == 0
    import_and_wait(qtbot, widget, page_files[2:3])
    assert len(intake.materials["M-B"].pages) == 1
    worker.wait()


def test_resumed_draft_shows_thumbnails(qtbot, service, intake, page_files):
    service.add_pages(intake, "M-A", page_files)
    widget = make(qtbot, service, intake)
    assert widget.list.count() == 4
    qtbot.waitUntil(lambda: len(widget.blank_pages()) == 1, timeout=10000)
    assert "疑似空白" in widget.list.item(3).text()


def test_paper_only(qtbot, service, intake):
    widget = make(qtbot, service, intake, material="M-B")
    with qtbot.waitSignal(widget.changed):
        widget.paper_only.setChecked(True)
    assert intake.materials["M-B"].status is MaterialStatus.RECEIVED
    widget.paper_only.setChecked(False)
    assert intake.materials["M-B"].status is MaterialStatus.MISSING


def test_viewer_pages_and_zoom(qtbot, service, intake, page_files):
    service.add_pages(intake, "M-A", page_files[:2])
    viewer = PageViewer(service, intake.materials["M-A"].pages, 0)
    qtbot.addWidget(viewer)
    viewer.show()
    assert "第 1 页 / 共 2 页" in viewer.caption.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.index == 1
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # stays on the last page
    assert viewer.index == 1
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.zoom is not None
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert viewer.zoom is None and not viewer.image.pixmap().isNull()


def test_enter_opens_viewer(qtbot, service, intake, page_files, monkeypatch):
    service.add_pages(intake, "M-A", page_files[:1])
    widget = make(qtbot, service, intake)
    shown = []
    monkeypatch.setattr(PageViewer, "exec", lambda self: shown.append(self.index) or 0)
    widget.select_page(0)
    qtbot.keyClick(widget.list, Qt.Key.Key_Return)
    assert shown == [0]
    QApplication.processEvents()


def test_worker_results_come_back_on_the_gui_thread(qtbot):
    import threading

    worker = CaptureWorker()
    seen = []
    with qtbot.waitSignal(worker.busyChanged, check_params_cb=lambda busy: not busy):
        worker.submit(lambda progress: threading.get_ident(),
                      on_done=lambda ident: seen.append((ident, threading.get_ident())))
    (job_thread, callback_thread), = seen
    assert job_thread != callback_thread == threading.get_ident()


def test_worker_errors_and_deleted_worker(qtbot):
    worker = CaptureWorker()
    errors = []
    with qtbot.waitSignal(worker.busyChanged, check_params_cb=lambda busy: not busy):
        worker.submit(lambda progress: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)
    import time

    done = []
    gone = CaptureWorker()
    gone.submit(lambda progress: time.sleep(0.05), on_done=done.append)
    gone.deleteLater()  # the job still runs; its result is dropped, nothing crashes
    qtbot.wait(200)
    assert done == []


def test_viewer_opens_fitted_to_its_window(qtbot, service, intake, tmp_path):
    """A page taller than the window is shown whole at once: no scroll bar, the picture as
    large as the window allows, and the window itself within the screen."""
    tall = tmp_path / "tall.jpg"
    tall.write_bytes(images.encode(images.text_page((1240, 1754), seed=3, lines=20)))
    service.add_pages(intake, "M-A", [tall])
    viewer = PageViewer(service, intake.materials["M-A"].pages, 0)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    area = QApplication.primaryScreen().availableGeometry()
    assert viewer.frameGeometry().height() <= area.height()
    shown = viewer.image.pixmap().size()
    viewport = viewer.scroll.viewport().size()
    assert shown.width() <= viewport.width() and shown.height() <= viewport.height()
    assert not viewer.scroll.verticalScrollBar().isVisible()
    assert not viewer.scroll.horizontalScrollBar().isVisible()
    # fitted, not merely small: it fills the viewport in one direction
    assert shown.height() >= viewport.height() - 8 or shown.width() >= viewport.width() - 8
