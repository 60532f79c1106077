"""The pages of one material (材料页面): thumbnails, reorder, rotate, delete, full-size view.

:class:`MaterialPagesWidget` shows the pages captured for one material of the draft as a strip
of thumbnails and takes new pages from every source: the import button, files dragged onto
it, the hot folder, the camera and document-camera drivers (:meth:`add_files`,
:meth:`add_sources`, :meth:`add_images`). Processing and thumbnails run on a
:class:`~ui.capture.worker.CaptureWorker`, never on the GUI thread; the draft itself is only
changed here, on the GUI thread, through :class:`counter.services.capture.CaptureService`.

Keys on the strip:

========================  ==========================================
Ctrl+← / Ctrl+→            move the selected page earlier / later
R / Shift+R                turn clockwise / anticlockwise (旋转)
Del                        remove the page from the material (删除)
Enter, double-click        view full size (查看原图)
Ctrl+O                     import files (导入文件)
========================  ==========================================

Pages can also be dragged into another order. Blank-looking pages (疑似空白页) are marked in
yellow; the clerk decides whether to delete them.

The widget never saves the draft: it emits :attr:`MaterialPagesWidget.changed` after every
change, and the intake screen saves (debounced) and refreshes the checklist, whose page count
and status (已收取) come from the same draft.

An import (or a turn) ends on the worker thread, maybe after the clerk moved on to another
draft. Its pages go to the draft *it was started for*, by id, through
:attr:`MaterialPagesWidget.writer` (the intake screen's: the draft on screen, or the stored
draft in one transaction). When that draft was decided or discarded meanwhile, nothing is
stored and :attr:`MaterialPagesWidget.notStored` says so and where the files are.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Callable, Sequence

from PySide6.QtCore import QBuffer, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import (QAction, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon,
                           QImage, QKeyEvent, QKeySequence, QPainter, QPixmap, QShortcut)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout,
                               QLabel, QListView, QListWidget, QListWidgetItem, QMenu,
                               QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from counter.capture.importers import SourceFile
from counter.errors import CounterError, DeviceNotReady
from counter.identity import Actor
from counter.intake.intake import Intake
from counter.services.capture import AddResult, CaptureService, Prepared
from counter.services.intake import DraftClosed
from ui.capture.webchannel import MAIN_CAMERA, DriverConfig
from ui.capture.worker import THUMB_SIZE, CaptureWorker, thumbnail
from ui.errors import show_error
from ui.guard import fit_to_screen

if TYPE_CHECKING:
    from counter.ports import Devices, DocumentCamera

log = logging.getLogger(__name__)

__all__ = ["MaterialPagesWidget", "PageList", "PageViewer", "FILE_FILTER", "image_to_jpeg",
           "DraftWriter"]

#: ``writer(draft_id, change, again) -> (result, shown)``: applies ``change`` (a function of
#: an :class:`Intake`) to the draft ``draft_id`` — the one on screen (``shown`` True: the
#: widget emits ``changed`` and the screen saves it) or the stored one (saved by the writer).
#: When it cannot store now (a locked screen) it keeps ``again`` to call later and returns
#: ``(None, False)``. Raises a :class:`CounterError` when the draft cannot take the change.
DraftWriter = Callable[[str, Callable[[Intake], Any], Callable[[], None]], tuple[Any, bool]]

#: The file dialog's filter.
FILE_FILTER = "图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)"
PAGE_ROLE = Qt.ItemDataRole.UserRole
_BLANK_COLOUR = QColor("#ffb300")


def logged_in(service: CaptureService) -> Actor:
    """Who reads pages when the widget is given no actor: the logged-in user of the
    service's permission guard (the screens act as ``guard.actor()``).

    Raises:
        CounterError: nobody is logged in (尚未登录).
    """
    guard = service.permissions.guard
    if guard is None:
        raise CounterError("尚未登录，请先登录。")
    return guard.actor()


def image_to_jpeg(image: QImage, quality: int = 95) -> bytes:
    """A ``QImage`` (a camera frame) as JPEG bytes; safe on any thread."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPEG", quality):
        raise ValueError("image could not be encoded")
    data = bytes(buffer.data())
    buffer.close()
    return data


class PageList(QListWidget):
    """The thumbnail strip: icon mode, drag to reorder, drop files onto it.

    Signals:
        filesDropped(list): local file paths dropped from outside.
        moveRequested(list, int): rows dragged, and the row they were dropped before.
    """

    filesDropped = Signal(list)
    moveRequested = Signal(list, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageList")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setGridSize(QSize(THUMB_SIZE + 24, THUMB_SIZE + 52))
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.setMinimumHeight(THUMB_SIZE + 68)

    # -- drag and drop ---------------------------------------------------------------------

    @staticmethod
    def _local_files(event) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.source() is self or self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if event.source() is self or self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        if event.source() is self:
            rows = sorted(i.row() for i in self.selectedIndexes())
            target = self.indexAt(event.position().toPoint())
            before = target.row() if target.isValid() else self.count()
            if target.isValid() and self.visualItemRect(self.item(before)).center().x() \
                    < event.position().x():
                before += 1  # dropped on the right half: after that page
            # the widget re-renders from the draft: Qt must not move or remove anything
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
            if rows:
                self.moveRequested.emit(rows, before)
            return
        files = self._local_files(event)
        if files:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.filesDropped.emit(files)
        else:
            event.ignore()


class MaterialPagesWidget(QWidget):
    """The pages of one material of a draft (材料页面).

    Args:
        capture_service: :class:`counter.services.capture.CaptureService`.
        intake: the draft; its ``materials[material_id].pages`` is what is shown.
        material_id: the material.
        parent: the parent widget.
        colour: capture in colour (True) or greyscale (default: colour; see
            :func:`counter.services.capture.colour_for`).
        worker: the :class:`CaptureWorker` to run on (share one among all materials of a
            screen, so pages are processed in the order they arrive); by default one of its
            own.
        show_paper_only: show the "纸质材料，未扫描" check box.

    Signals:
        changed(): the draft changed (pages added, moved, turned or removed, paper-only
            ticked): save it and refresh the checklist.
        pageCountChanged(int): the material's page count.
        message(str): a line for the status bar (e.g. ``已添加 3 页…``).
        busyChanged(bool): imports are running (True) or all done (False).
        failed(object): an import or edit failed (the exception); it was also shown with
            :func:`ui.errors.show_error`.
        notStored(str): an import or turn ended after its draft was decided or discarded:
            nothing was stored; the text says so and where the files are.

    Attributes:
        writer: a :data:`DraftWriter` (the intake screen sets its own); None: jobs change the
            intake object they were started with (a scratch draft of a dialog).
    """

    changed = Signal()
    pageCountChanged = Signal(int)
    message = Signal(str)
    busyChanged = Signal(bool)
    failed = Signal(object)
    notStored = Signal(str)

    def __init__(self, capture_service: CaptureService, intake: Intake, material_id: str,
                 parent: QWidget | None = None, *, colour: bool = True,
                 worker: CaptureWorker | None = None, show_paper_only: bool = True,
                 actor: Callable[[], Actor] | None = None,
                 devices: "Devices | None" = None) -> None:
        super().__init__(parent)
        self.setObjectName("materialPages")
        self._service = capture_service
        #: the devices at the counter (``ctx.devices``): the cameras; None: 拍照 and 高拍仪
        #: are disabled (a strip without the GUI's devices)
        self.devices = devices
        #: who reads and turns the pages (default: the logged-in user, see :func:`logged_in`)
        self._actor = actor or (lambda: logged_in(capture_service))
        self._intake = intake
        self._material_id = material_id
        self.colour = colour
        self._worker = worker or CaptureWorker(self)
        self._pending = 0  # this widget's jobs not yet delivered
        self._thumbs: dict[str, QPixmap] = {}
        self._blank: set[str] = set()
        self._looking: set[str] = set()  # thumbnails being made
        #: the document camera's driver (高拍仪); the intake screen sets the counter's own
        self.driver_config = DriverConfig()
        self._document_camera: DocumentCamera | None = None
        self.writer: DraftWriter | None = None
        self._build(show_paper_only)
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _build(self, show_paper_only: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        tools = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入文件…"), self)
        self.import_button.setToolTip(self.tr("导入图片或 PDF（Ctrl+O），也可将文件拖到此处"))
        self.import_button.clicked.connect(self.choose_files)
        self.left_button = QPushButton(self.tr("左转"), self)
        self.left_button.setToolTip(self.tr("逆时针旋转所选页面（Shift+R）"))
        self.left_button.clicked.connect(lambda: self.rotate_selected(270))
        self.right_button = QPushButton(self.tr("右转"), self)
        self.right_button.setToolTip(self.tr("顺时针旋转所选页面（R）"))
        self.right_button.clicked.connect(lambda: self.rotate_selected(90))
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.setToolTip(self.tr("从本材料中删除所选页面（Del）"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.camera_button = QPushButton(self.tr("拍照"), self)
        self.camera_button.clicked.connect(self.open_camera)
        if self.devices is not None:
            has_camera, why = self.devices.camera_status()
        else:
            has_camera, why = False, self.tr("本窗口未配置摄像头")
        self.camera_button.setEnabled(has_camera)
        self.camera_button.setToolTip(self.tr("用摄像头拍摄本材料的页面（空格或回车拍照）")
                                      if has_camera else why)
        self.document_camera_button = QPushButton(self.tr("高拍仪"), self)
        self.document_camera_button.setEnabled(self.devices is not None)
        self.document_camera_button.setToolTip(
            self.tr("用高拍仪主摄像头拍摄一页") if self.devices is not None
            else self.tr("本窗口未配置高拍仪"))
        self.document_camera_button.clicked.connect(self.capture_document_camera)
        self.paper_only = QCheckBox(self.tr("纸质材料，未扫描"), self)
        self.paper_only.setVisible(show_paper_only)
        self.paper_only.toggled.connect(self._paper_only_toggled)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("pageCount")
        self.busy_label = QLabel(self.tr("正在处理…"), self)
        self.busy_label.setVisible(False)
        for w in (self.import_button, self.camera_button, self.document_camera_button,
                  self.left_button, self.right_button, self.delete_button,
                  self.paper_only):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.busy_label)
        tools.addWidget(self.count_label)
        layout.addLayout(tools)
        self.list = PageList(self)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list.filesDropped.connect(self.add_files)
        self.list.moveRequested.connect(self._move_rows)
        self.list.itemDoubleClicked.connect(lambda _item: self.view_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.installEventFilter(self)
        layout.addWidget(self.list, 1)
        self._import_shortcut: QShortcut | None = None
        self.set_import_scope(self)
        self._worker.busyChanged.connect(lambda _b: self._update_busy())

    # -- public API ------------------------------------------------------------------------

    @property
    def intake(self) -> Intake:
        return self._intake

    @property
    def material_id(self) -> str:
        return self._material_id

    @property
    def worker(self) -> CaptureWorker:
        return self._worker

    def set_material(self, intake: Intake, material_id: str, *, colour: bool | None = None) -> None:
        """Show another material (or the same material of another draft). Imports still
        running go to the material they were started for."""
        self._intake = intake
        self._material_id = material_id
        if colour is not None:
            self.colour = colour
        self.refresh()

    def set_import_scope(self, scope: QWidget) -> None:
        """Where ``Ctrl+O`` (导入文件) works: anywhere inside ``scope`` (default: the strip
        itself; a dialog that holds the strip passes itself). One shortcut only, so that
        Qt never finds two for the same key."""
        if self._import_shortcut is not None:
            self._import_shortcut.setEnabled(False)
            self._import_shortcut.deleteLater()
        shortcut = QShortcut(QKeySequence("Ctrl+O"), scope)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.choose_files)
        self._import_shortcut = shortcut

    def focus_widgets(self) -> list[QWidget]:
        """The strip's tab stops, in the order shown (disabled and hidden ones are skipped by
        Qt): the buttons, then the thumbnails."""
        return [self.import_button, self.camera_button, self.document_camera_button,
                self.left_button, self.right_button, self.delete_button, self.paper_only,
                self.list]

    def pages(self) -> list[str]:
        """The material's pages (sha256), in order."""
        state = self._intake.materials.get(self._material_id)
        return list(state.pages) if state else []

    def page_count(self) -> int:
        return len(self.pages())

    def blank_pages(self) -> list[str]:
        """Pages shown as blank-looking (疑似空白页)."""
        return [p for p in self.pages() if p in self._blank]

    def is_busy(self) -> bool:
        """True while an import of this widget is being processed."""
        return self._pending > 0

    def selected_page(self) -> str | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        return item.data(PAGE_ROLE)

    def select_page(self, index: int) -> None:
        if 0 <= index < self.list.count():
            self.list.setCurrentRow(index)

    def choose_files(self) -> None:
        """Ask for files to import (导入文件)."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("导入材料页面"), "",
                                                self.tr(FILE_FILTER))
        if paths:
            self.add_files(paths)

    def open_camera(self) -> QDialog:
        """拍照: a small dialog with the camera's live preview; each still becomes a page."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("拍照"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        camera = self.devices.camera_widget(dialog)
        camera.captured.connect(lambda image: self.add_images([image]))
        camera.message.connect(self.message)
        QVBoxLayout(dialog).addWidget(camera)
        for key in ("Return", "Enter"):  # Space (and F9) are the widget's own
            QShortcut(QKeySequence(key), dialog).activated.connect(camera.capture)
        dialog.show()
        return dialog

    def capture_document_camera(self, camera: int = MAIN_CAMERA) -> None:
        """高拍仪: take a picture with the document camera's driver (``driver_config``).

        A driver that cannot be reached or fails is shown as 设备未就绪：<原因>
        (:class:`counter.errors.DeviceNotReady`) and emits :attr:`failed`."""
        if self.devices is None:
            return
        if self._document_camera is None or self._document_camera.config != self.driver_config:
            if self._document_camera is not None:
                self._document_camera.blockSignals(True)  # no message for the old driver
                self._document_camera.close()
                self._document_camera.deleteLater()
            self._document_camera = self.devices.document_camera(self.driver_config, self)
            self._document_camera.captured.connect(lambda src: self.add_sources([src]))
            self._document_camera.failed.connect(
                lambda text: self._fail(DeviceNotReady(text), None))
        self.message.emit(self.tr("正在用高拍仪拍摄…"))
        self._document_camera.capture(camera)

    def add_files(self, paths: Sequence[str | os.PathLike[str]],
                  on_done: Callable[[bool], None] | None = None, *,
                  where: str | None = None) -> int:
        """Import files (all pages of every file, or nothing when one is refused).

        ``where``: where the files are when their pages cannot be stored (default: the
        folder and names given)."""
        paths = [os.fspath(p) for p in paths]
        if where is None:
            where = self._files_left(paths)
        return self.add_sources(paths, on_done=on_done, where=where)

    def add_images(self, images: Sequence[QImage], name: str = "拍摄",
                   on_done: Callable[[bool], None] | None = None) -> int:
        """Import camera frames (encoded as JPEG on the worker thread)."""
        frames = [QImage(img) for img in images]

        def sources() -> list[SourceFile]:
            return [SourceFile(f"{name}{n + 1 if len(frames) > 1 else ''}.jpg", image_to_jpeg(f))
                    for n, f in enumerate(frames)]

        return self.add_sources(sources, on_done=on_done)

    def add_sources(self, sources: Sequence | Callable[[], Sequence],
                    on_done: Callable[[bool], None] | None = None, *,
                    where: str | None = None) -> int:
        """Import :class:`~counter.capture.importers.SourceFile` objects or paths, in the
        background, into the material shown now.

        Args:
            sources: the files, or a function returning them (called on the worker thread:
                for work such as encoding a camera frame or decoding base64).
            on_done: called on the GUI thread with True when the pages were added, False when
                the import was refused (after the error was shown) or its draft was decided
                or discarded meanwhile.
            where: one sentence saying where the files are, for the message when the pages
                cannot be stored (default: photos must be taken again).

        The pages go to the material and draft shown *now*, even when the clerk has moved on
        by the time they are ready (:attr:`writer`).

        Returns:
            The worker's job id.
        """
        intake, material_id, colour = self._intake, self._material_id, self.colour
        draft_id = intake.id
        service = self._service
        if where is None:
            where = self.tr("拍摄的页面未保存，需要时请重新拍摄。")

        def job(progress):
            items = sources() if callable(sources) else sources
            prepared = service.prepare(items, colour=colour, progress=progress)
            thumbs = {p.sha256: thumbnail(p.jpeg_bytes) for p in prepared.pages}
            return prepared, thumbs

        def done(result: tuple[Prepared, dict[str, QImage]]) -> None:
            self._job_ended()
            prepared, thumbs = result
            self._store_thumbs(thumbs)
            self._blank.update(p.sha256 for p in prepared.pages if p.blank)
            store(prepared)

        def store(prepared: Prepared) -> None:  # again later when the writer cannot yet
            try:
                added, shown = self._write(draft_id, intake,
                                           lambda d: service.attach(d, material_id, prepared),
                                           lambda: store(prepared))
            except CounterError as exc:
                self._not_stored(exc, self.tr("导入的 {n} 页").format(n=len(prepared.pages)),
                                 where, on_done)
                return
            except Exception as exc:  # noqa: BLE001 - shown to the clerk
                self._fail(exc, on_done)
                return
            if added is None:
                return  # kept by the writer until it can be stored
            self._after_add(draft_id, material_id, added, shown)
            if on_done is not None:
                on_done(True)

        def error(exc: BaseException) -> None:
            self._job_ended()
            self._fail(exc, on_done)

        self._pending += 1
        self._update_busy()
        return self._worker.submit(job, on_done=done, on_error=error)

    def rotate_selected(self, degrees: int = 90) -> None:
        """Turn the selected page clockwise by ``degrees`` (R: 90, Shift+R: 270), on the
        worker thread (a page is decoded and encoded again)."""
        page = self.selected_page()
        if page is None:
            return
        intake, material_id, service = self._intake, self._material_id, self._service
        draft_id = intake.id
        actor = self._actor

        def job(_progress):
            turned = service.turn(page, degrees, actor=actor())
            return turned, thumbnail(turned.jpeg_bytes)

        def done(result) -> None:
            self._job_ended()
            turned, thumb = result
            self._store_thumbs({turned.sha256: thumb})
            if page in self._blank:
                self._blank.add(turned.sha256)
            store(turned.sha256)

        def store(new_page: str) -> None:
            try:
                _, shown = self._write(
                    draft_id, intake,
                    lambda d: service.replace(d, material_id, page, new_page),
                    lambda: store(new_page))
            except DraftClosed as exc:
                self._not_stored(exc, self.tr("旋转后的页面"), "", None)
                return
            except Exception as exc:  # noqa: BLE001 - shown to the clerk
                self._fail(exc, None)
                return
            if not shown:
                return  # stored with its draft, or kept by the writer until it can be
            if self._shows(draft_id, material_id):
                self._changed(select=new_page)
            else:
                self.changed.emit()

        def error(exc: BaseException) -> None:
            self._job_ended()
            self._fail(exc, None)

        self._pending += 1
        self._update_busy()
        self._worker.submit(job, on_done=done, on_error=error)

    def delete_selected(self) -> None:
        """Remove the selected page from the material (Del)."""
        page = self.selected_page()
        if page is None:
            return
        row = self.list.currentRow()
        try:
            self._service.delete(self._intake, self._material_id, page)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            self._fail(exc, None)
            return
        self.message.emit(self.tr("已删除第 {n} 页。").format(n=row + 1))
        self._changed(select_row=min(row, self.page_count() - 1))

    def move_selected(self, offset: int) -> None:
        """Move the selected page ``offset`` places (Ctrl+← −1, Ctrl+→ +1)."""
        page = self.selected_page()
        if page is None:
            return
        before = self.list.currentRow()
        if self._service.move(self._intake, self._material_id, page, offset) != before:
            self._changed(select=page)

    def view_selected(self) -> None:
        """Show the selected page full size (查看原图)."""
        page = self.selected_page()
        if page is None:
            return
        viewer = PageViewer(self._service, self.pages(), self.pages().index(page), self,
                            actor=self._actor)
        viewer.exec()

    def refresh(self) -> None:
        """Show the material as the draft has it now (after a change made elsewhere)."""
        state = self._intake.materials.get(self._material_id)
        self.paper_only.blockSignals(True)
        self.paper_only.setChecked(bool(state and state.paper_only))
        self.paper_only.blockSignals(False)
        self._render()
        self._load_missing_thumbs()

    # -- keys, menu ------------------------------------------------------------------------

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.list and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            return self._key(event)
        return super().eventFilter(obj, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = mods & Qt.KeyboardModifier.ControlModifier
        shift = mods & Qt.KeyboardModifier.ShiftModifier
        if ctrl and key == Qt.Key.Key_Left:
            self.move_selected(-1)
        elif ctrl and key == Qt.Key.Key_Right:
            self.move_selected(1)
        elif key == Qt.Key.Key_R and not ctrl:
            self.rotate_selected(270 if shift else 90)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not ctrl:
            self.delete_selected()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
            self.view_selected()
        else:
            return False
        return True

    def _context_menu(self, pos) -> None:
        if self.list.itemAt(pos) is None:
            return
        menu = QMenu(self)
        for text, slot in ((self.tr("查看原图"), self.view_selected),
                           (self.tr("右转 (R)"), lambda: self.rotate_selected(90)),
                           (self.tr("左转 (Shift+R)"), lambda: self.rotate_selected(270)),
                           (self.tr("前移 (Ctrl+←)"), lambda: self.move_selected(-1)),
                           (self.tr("后移 (Ctrl+→)"), lambda: self.move_selected(1)),
                           (self.tr("删除 (Del)"), self.delete_selected)):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # -- internals -------------------------------------------------------------------------

    def _move_rows(self, rows: list[int], before: int) -> None:
        pages = self.pages()
        moving = [pages[r] for r in rows if 0 <= r < len(pages)]
        if not moving:
            return
        rest = [p for p in pages if p not in moving]
        insert_at = before - sum(1 for r in rows if r < before)
        order = rest[:insert_at] + moving + rest[insert_at:]
        if order != pages:
            self._service.reorder(self._intake, self._material_id, order)
            self._changed(select=moving[0])

    def _paper_only_toggled(self, on: bool) -> None:
        try:
            self._service.set_paper_only(self._intake, self._material_id, on)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            self._fail(exc, None)
            return
        self._changed()

    def _write(self, draft_id: str, intake: Intake, change: Callable[[Intake], Any],
               again: Callable[[], None]) -> tuple[Any, bool]:
        """Apply ``change`` to the draft a job was started for (see :attr:`writer`)."""
        if self.writer is not None:
            return self.writer(draft_id, change, again)
        return change(intake), intake is self._intake

    def _shows(self, draft_id: str, material_id: str) -> bool:
        """True when the strip shows this material of this draft."""
        return self._intake.id == draft_id and self._material_id == material_id

    def _after_add(self, draft_id: str, material_id: str, added: AddResult,
                   shown: bool) -> None:
        if not shown:
            if self.writer is not None:  # stored with its draft, which is not on screen
                self.message.emit(self.tr("导入完成，已保存到原受理草稿（不在当前屏幕）：")
                                  + added.summary())
            elif added.added:
                self.changed.emit()  # another draft changed: still save it
            return
        self.message.emit(added.summary())
        if self._shows(draft_id, material_id):
            self._changed(select=added.added[-1] if added.added else None)
        elif added.added:
            self.changed.emit()  # another material of the draft on screen: save it

    def _not_stored(self, exc: CounterError, what: str, where: str,
                    on_done: Callable[[bool], None] | None) -> None:
        """The draft a job was started for cannot take its result: say so, store nothing."""
        if isinstance(exc, DraftClosed) and exc.status == "decided":
            text = self.tr("{what}在受理决定之后才处理完，未保存：该申请已办结"
                           "（办件编号 {case_no}）。").format(what=what, case_no=exc.case_no)
        elif isinstance(exc, DraftClosed):
            text = self.tr("{what}处理完时该受理草稿已放弃，未保存。").format(what=what)
        else:
            text = self.tr("{what}未保存：{reason}").format(what=what, reason=exc.message)
        text += where
        log.info("a finished job was not stored: %s", type(exc).__name__)
        self.notStored.emit(text)
        if on_done is not None:
            on_done(False)

    def _files_left(self, paths: Sequence[str]) -> str:
        """Where imported files are (they stay in their place: nothing is moved)."""
        if not paths:
            return ""
        folders = {os.path.dirname(os.path.abspath(p)) for p in paths}
        names = "、".join(os.path.basename(p) for p in paths[:5]) + ("等" if len(paths) > 5
                                                                   else "")
        if len(folders) == 1:
            return self.tr("原文件仍在“{folder}”中：{names}。").format(
                folder=folders.pop(), names=names)
        return self.tr("原文件仍在原处：{names}。").format(names=names)

    def _fail(self, exc: BaseException, on_done: Callable[[bool], None] | None) -> None:
        self.failed.emit(exc)
        show_error(self, exc)
        if on_done is not None:
            on_done(False)

    def _changed(self, *, select: str | None = None, select_row: int | None = None) -> None:
        self._render(select=select, select_row=select_row)
        self._load_missing_thumbs()
        self.changed.emit()
        self.pageCountChanged.emit(self.page_count())

    def _job_ended(self) -> None:
        self._pending -= 1
        self._update_busy()

    def _update_busy(self) -> None:
        busy = self.is_busy()
        if busy != self.busy_label.isVisible():
            self.busy_label.setVisible(busy)
            self.busyChanged.emit(busy)

    def _update_buttons(self) -> None:
        has = self.selected_page() is not None
        for b in (self.left_button, self.right_button, self.delete_button):
            b.setEnabled(has)

    def _render(self, *, select: str | None = None, select_row: int | None = None) -> None:
        if select is None and select_row is None:
            select = self.selected_page()
        pages = self.pages()
        self.list.blockSignals(True)
        self.list.clear()
        for n, page in enumerate(pages, start=1):
            blank = page in self._blank
            text = self.tr("第 {n} 页").format(n=n) + (" " + self.tr("疑似空白") if blank else "")
            item = QListWidgetItem(self._icon(page), text)
            item.setData(PAGE_ROLE, page)
            item.setToolTip(text)
            if blank:
                item.setForeground(QColor("#b26a00"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = pages.index(select) if select in pages else select_row
        if row is not None and 0 <= row < len(pages):
            self.list.setCurrentRow(row)
        blank_n = sum(1 for p in pages if p in self._blank)
        text = self.tr("共 {n} 页").format(n=len(pages))
        if blank_n:
            text += self.tr("，{n} 页疑似空白").format(n=blank_n)
        self.count_label.setText(text)
        self._update_buttons()

    def _icon(self, page: str) -> QIcon:
        pixmap = self._thumbs.get(page)
        if pixmap is None:
            pixmap = QPixmap(THUMB_SIZE * 3 // 4, THUMB_SIZE)
            pixmap.fill(QColor("#eeeeee"))
        elif page in self._blank:
            pixmap = QPixmap(pixmap)
            painter = QPainter(pixmap)
            painter.setPen(_BLANK_COLOUR)
            painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
            painter.drawRect(1, 1, pixmap.width() - 3, pixmap.height() - 3)
            painter.end()
        return QIcon(pixmap)

    def _store_thumbs(self, thumbs: dict[str, QImage]) -> None:
        for page, image in thumbs.items():
            if not image.isNull():
                self._thumbs[page] = QPixmap.fromImage(image)

    def _load_missing_thumbs(self) -> None:
        """Make thumbnails of pages shown without one (a resumed draft, a turned page)."""
        missing = [p for p in self.pages() if p not in self._thumbs and p not in self._looking]
        if not missing:
            return
        self._looking.update(missing)
        service, actor = self._service, self._actor

        def job(_progress):
            out = {}
            who = actor()
            for page in missing:
                try:
                    data = service.page_bytes(page, actor=who)
                except CounterError:  # refused (recorded once), e.g. the screen is locked
                    break
                except Exception:  # noqa: BLE001 - a lost blob shows as a grey page
                    continue
                out[page] = (thumbnail(data), service.is_blank(page, actor=who))
            return out

        def done(result: dict) -> None:
            self._looking.difference_update(missing)
            self._store_thumbs({p: img for p, (img, _blank) in result.items()})
            self._blank.update(p for p, (_img, blank) in result.items() if blank)
            self._render()

        def error(exc: BaseException) -> None:
            self._looking.difference_update(missing)
            log.warning("thumbnails failed: %s", type(exc).__name__)

        self._worker.submit(job, on_done=done, on_error=error)


class PageViewer(QDialog):
    """One page at full size (查看原图), with the other pages of the material a key away.

    Keys: ←/→ (or PgUp/PgDn) previous/next page, + / − zoom, 0 fit to the window, Esc close.
    """

    def __init__(self, capture_service: CaptureService, pages: Sequence[str], index: int,
                 parent: QWidget | None = None, *,
                 actor: Callable[[], Actor] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("查看原图"))
        self._service = capture_service
        self._actor = actor or (lambda: logged_in(capture_service))
        self._pages = list(pages)
        self.index = index
        self.zoom: float | None = None  # None: fit to the window
        self._pixmap = QPixmap()
        layout = QVBoxLayout(self)
        self.scroll = QScrollArea(self)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image = QLabel(self.scroll)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(False)
        layout.addWidget(self.scroll, 1)
        self.caption = QLabel(self)
        layout.addWidget(self.caption)
        fit_to_screen(self, QSize(900, 1000))  # a page is tall: as tall as the screen allows
        self.show_page(index)

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self._pages):
            return
        self.index = index
        self._pixmap = QPixmap()
        try:
            data = self._service.page_bytes(self._pages[index], actor=self._actor())
        except CounterError as exc:
            show_error(self, exc)
            return
        self._pixmap.loadFromData(data, "JPEG")
        self.caption.setText(self.tr("第 {n} 页 / 共 {total} 页　{w}×{h} 像素").format(
            n=index + 1, total=len(self._pages), w=self._pixmap.width(),
            h=self._pixmap.height()))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._pixmap.isNull():
            return
        if self.zoom is None:
            area = self.scroll.viewport().size() - QSize(4, 4)
            shown = self._pixmap.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
        else:
            shown = self._pixmap.scaled(self._pixmap.size() * self.zoom,
                                        Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(shown)
        self.image.resize(shown.size())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.zoom is None:
            self._apply_zoom()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Open fitted to the window: the layout has given the viewport its size by now."""
        super().showEvent(event)
        self.layout().activate()
        if self.zoom is None:
            self._apply_zoom()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.show_page(self.index + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.show_page(self.index - 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom = min(4.0, (self.zoom or self._fit_factor()) * 1.25)
            self._apply_zoom()
        elif key == Qt.Key.Key_Minus:
            self.zoom = max(0.1, (self.zoom or self._fit_factor()) / 1.25)
            self._apply_zoom()
        elif key == Qt.Key.Key_0:
            self.zoom = None
            self._apply_zoom()
        else:
            super().keyPressEvent(event)

    def _fit_factor(self) -> float:
        if self._pixmap.isNull():
            return 1.0
        area = self.scroll.viewport().size()
        return min(area.width() / self._pixmap.width(), area.height() / self._pixmap.height())
