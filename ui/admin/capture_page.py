"""The capture devices page (采集设备设置): this counter's hot folder, document camera and the
output folder of its ID-card reader program (身份证阅读器: without one, 读身份证 says
未配置身份证阅读器; a training store uses training cards instead).

The values are read and saved through :class:`counter.services.settings.SettingsService`
(``capture_settings`` / ``save_capture_settings``), which validates them, checks the
administrator's permission and audits the change; every problem is shown next to its field.
测试 says whether the hot folder exists and is writable; 测试连接 opens the document-camera
driver briefly (:meth:`ui.capture.webchannel.WebChannelCamera.probe`, signals only — the GUI
never waits on the network). After a save the main window hands the new values to the intake
screen (:meth:`ui.intake.screen.IntakeScreen.reload_capture_settings`).
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from counter.services.settings import (CAMERA_INDEX_MAX, TIMEOUT_MAX_MS, TIMEOUT_MIN_MS,
                                       CaptureSettings, CaptureSettingsInvalid,
                                       DocumentCameraSettings)
from ui import ops
from ui.login import ERROR_STYLE, error_text, make_error_label
from ui.screen import Screen

log = logging.getLogger(__name__)

OK_STYLE = "color: #2e7d32;"


class CapturePage(Screen):
    """采集设备设置.

    Args:
        settings: the settings service (:class:`counter.services.settings.SettingsService`).
        actor: who acts (an administrator; see :func:`ui.admin.acting_as`).
        parent: the parent widget.
        devices: the devices at the counter (``ctx.devices``, :class:`counter.ports.Devices`):
            测试连接 opens the document camera's driver through them; None: 测试连接 says
            本窗口未配置高拍仪.

    Attributes:
        hot_folder, browse_button, folder_test_button, folder_result: the hot folder.
        id_card_folder, id_card_browse_button: the ID-card reader program's output folder.
        camera_enabled, url, object_name, capture_method, image_signal, timeout_ms,
        main_index, secondary_index, connect_button, connect_result: the document camera.
        save_button, status_label, error_label: saving.
        field_errors: field name → the red line under that field.
        camera: the driver connection of a running 测试连接, else None.

    Signals:
        saved(object): the settings were saved (the new :class:`CaptureSettings`).
        probe_finished(bool): a 测试连接 ended (connected or not).
    """

    screen_id = "admin.capture"
    saved = Signal(object)
    probe_finished = Signal(bool)

    def __init__(self, settings, actor: Callable[[], Actor],
                 parent: QWidget | None = None, *, devices=None) -> None:
        super().__init__(parent)
        self._settings, self._actor = settings, actor
        self._devices = devices
        self._saved: CaptureSettings | None = None
        self.camera = None
        self.field_errors: dict[str, QLabel] = {}

        # -- hot folder ------------------------------------------------------------------
        self.hot_folder = QLineEdit(self)
        self.hot_folder.setObjectName("hotFolder")
        self.hot_folder.setPlaceholderText(self.tr("留空则不使用热文件夹"))
        self.browse_button = QPushButton(self.tr("浏览(&B)…"), self)
        self.browse_button.setObjectName("browse")
        self.browse_button.clicked.connect(self.browse)
        self.folder_test_button = QPushButton(self.tr("测试(&T)"), self)
        self.folder_test_button.setObjectName("testFolder")
        self.folder_test_button.clicked.connect(self.test_folder)
        self.folder_result = self._result_label("folderResult")
        self.hot_folder.textChanged.connect(self.folder_result.hide)  # a result of another path
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.hot_folder, 1)
        folder_row.addWidget(self.browse_button)
        folder_row.addWidget(self.folder_test_button)

        folder_box = QGroupBox(self.tr("热文件夹"), self)
        folder_form = QFormLayout(folder_box)
        self._add_row(folder_form, self.tr("热文件夹(&R)："), folder_row, self.hot_folder,
                      "hot_folder")
        folder_form.addRow("", self.folder_result)
        folder_hint = QLabel(self.tr("高拍仪或扫描仪把每次拍摄保存到这个文件夹，新文件成为所选材料的"
                                     "页面，导入后移入其中的 processed 子文件夹。"), folder_box)
        folder_hint.setWordWrap(True)
        folder_form.addRow(folder_hint)

        # -- ID-card reader ----------------------------------------------------------------
        self.id_card_folder = QLineEdit(self)
        self.id_card_folder.setObjectName("idCardFolder")
        self.id_card_folder.setPlaceholderText(self.tr("留空则本窗口未配置身份证阅读器"))
        self.id_card_browse_button = QPushButton(self.tr("浏览(&L)…"), self)
        self.id_card_browse_button.setObjectName("browseIdCard")
        self.id_card_browse_button.clicked.connect(self.browse_id_card)
        reader_row = QHBoxLayout()
        reader_row.setContentsMargins(0, 0, 0, 0)
        reader_row.addWidget(self.id_card_folder, 1)
        reader_row.addWidget(self.id_card_browse_button)
        reader_box = QGroupBox(self.tr("身份证阅读器"), self)
        reader_form = QFormLayout(reader_box)
        self._add_row(reader_form, self.tr("输出文件夹(&W)："), reader_row, self.id_card_folder,
                      "id_card_folder")
        reader_hint = QLabel(self.tr("阅读器厂家的读卡程序每读一张身份证，就把 wz.txt 和 zp.bmp 写到"
                                     "这个文件夹；按 F2 读身份证时从这里取出（取出后删除）。"
                                     "不能与热文件夹相同。"), reader_box)
        reader_hint.setWordWrap(True)
        reader_form.addRow(reader_hint)

        # -- document camera ---------------------------------------------------------------
        self.camera_enabled = QCheckBox(self.tr("启用高拍仪驱动服务(&K)"), self)
        self.camera_enabled.setObjectName("cameraEnabled")
        self.camera_enabled.toggled.connect(self._enable_camera_fields)

        def line(name: str, max_length: int, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setMaxLength(max_length)
            edit.setPlaceholderText(placeholder)
            return edit

        def spin(name: str, low: int, high: int, suffix: str = "", step: int = 1) -> QSpinBox:
            box = QSpinBox(self)
            box.setObjectName(name)
            box.setRange(low, high)
            box.setSingleStep(step)
            box.setSuffix(suffix)
            box.setMaximumWidth(box.fontMetrics().horizontalAdvance("0" * 12) + 40)
            return box

        self.url = line("url", 256, "ws://127.0.0.1:12345")
        self.object_name = line("objectName", 64, "camera")
        self.capture_method = line("captureMethod", 64, "captureImage")
        self.image_signal = line("imageSignal", 64, self.tr("拍照方法直接返回图像时留空"))
        self.timeout_ms = spin("timeoutMs", TIMEOUT_MIN_MS, TIMEOUT_MAX_MS, self.tr(" 毫秒"), 500)
        self.main_index = spin("mainIndex", 0, CAMERA_INDEX_MAX)
        self.secondary_index = spin("secondaryIndex", 0, CAMERA_INDEX_MAX)
        self.connect_button = QPushButton(self.tr("测试连接(&C)"), self)
        self.connect_button.setObjectName("testConnection")
        self.connect_button.clicked.connect(self.test_connection)
        self.connect_result = self._result_label("connectResult")
        for changed in (self.url.textChanged, self.object_name.textChanged,
                        self.capture_method.textChanged):
            changed.connect(self.connect_result.hide)  # a result of other settings

        camera_box = QGroupBox(self.tr("高拍仪驱动服务"), self)
        camera_form = QFormLayout(camera_box)
        camera_form.addRow(self.camera_enabled)
        self._add_row(camera_form, self.tr("服务地址(&U)："), self.url, self.url, "url")
        self._add_row(camera_form, self.tr("对象名(&O)："), self.object_name, self.object_name,
                      "object_name")
        self._add_row(camera_form, self.tr("拍照方法(&M)："), self.capture_method,
                      self.capture_method, "capture_method")
        self._add_row(camera_form, self.tr("图像信号(&G)："), self.image_signal,
                      self.image_signal, "image_signal")
        self._add_row(camera_form, self.tr("超时时间(&I)："), self.timeout_ms, self.timeout_ms,
                      "timeout_ms")
        self._add_row(camera_form, self.tr("主摄像头编号(&P)："), self.main_index,
                      self.main_index, "main_index")
        self._add_row(camera_form, self.tr("副摄像头编号(&D)："), self.secondary_index,
                      self.secondary_index, "secondary_index")
        connect_row = QHBoxLayout()
        connect_row.addWidget(self.connect_button)
        connect_row.addWidget(self.connect_result, 1)
        connect_row.addStretch()
        camera_form.addRow("", connect_row)
        camera_hint = QLabel(self.tr("方正、良田等高拍仪的驱动程序通常在本机 ws://127.0.0.1:12345 "
                                     "提供服务；对象名、方法名和摄像头编号见厂家的接口说明。"),
                             camera_box)
        camera_hint.setWordWrap(True)
        camera_form.addRow(camera_hint)

        # -- saving ----------------------------------------------------------------------------
        note = QLabel(self.tr("保存后，本窗口的受理界面立即使用新的热文件夹、身份证阅读器和高拍仪设置。"),
                      self)
        note.setObjectName("applyNote")
        note.setWordWrap(True)
        self.error_label = make_error_label(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(folder_box)
        layout.addWidget(reader_box)
        layout.addWidget(camera_box)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addLayout(save_row)
        layout.addStretch(1)

        order = [self.hot_folder, self.browse_button, self.folder_test_button,
                 self.id_card_folder, self.id_card_browse_button, self.camera_enabled, self.url, self.object_name, self.capture_method,
                 self.image_signal, self.timeout_ms, self.main_index, self.secondary_index,
                 self.connect_button, self.save_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def _result_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _add_row(self, form: QFormLayout, text: str, field, buddy: QWidget, key: str) -> None:
        """A labelled row with its mnemonic on ``buddy`` and a red line under it for ``key``."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(field, QWidget):
            column.addWidget(field)
        else:
            column.addLayout(field)
        error = QLabel(box)
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        box.setFocusProxy(buddy)
        self.field_errors[key] = error
        form.addRow(label, box)

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("采集设备设置")

    def activate(self) -> None:
        self.load()
        self.hot_folder.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._end_probe()
        super().hideEvent(event)

    # -- data ------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the saved settings."""
        saved = self._settings.capture_settings()
        self._saved = saved
        cam = saved.document_camera
        self.hot_folder.setText(saved.hot_folder)
        self.id_card_folder.setText(saved.id_card_folder)
        self.camera_enabled.setChecked(cam.enabled)
        self._enable_camera_fields(cam.enabled)
        for edit, value in ((self.url, cam.url), (self.object_name, cam.object_name),
                            (self.capture_method, cam.capture_method),
                            (self.image_signal, cam.image_signal)):
            edit.setText(value)
        for box, value in ((self.timeout_ms, cam.timeout_ms), (self.main_index, cam.main_index),
                           (self.secondary_index, cam.secondary_index)):
            box.setValue(value)
        self._clear_errors()
        self.status_label.clear()
        for label in (self.folder_result, self.connect_result):
            label.hide()

    def values(self) -> CaptureSettings:
        """The settings as the fields show them."""
        camera = DocumentCameraSettings(
            enabled=self.camera_enabled.isChecked(), url=self.url.text().strip(),
            object_name=self.object_name.text().strip(),
            capture_method=self.capture_method.text().strip(),
            image_signal=self.image_signal.text().strip(), timeout_ms=self.timeout_ms.value(),
            main_index=self.main_index.value(), secondary_index=self.secondary_index.value())
        return CaptureSettings(hot_folder=self.hot_folder.text().strip(),
                               document_camera=camera,
                               id_card_folder=self.id_card_folder.text().strip())

    def save(self) -> bool:
        """保存 (Ctrl+S): written on the runner's worker (key ``save``: a second press while
        it is written does nothing); refusals shown next to their fields, nothing saved then;
        ``saved`` emitted once stored. Returns whether the save started."""
        self._clear_errors()
        self.status_label.clear()
        values = self.values()
        try:
            actor = self._actor()
        except CounterError as exc:
            self._refused(exc)
            return False
        return ops.run(self, lambda: self._settings.save_capture_settings(actor, values),
                       success=self._stored, failure=self._refused, key="save",
                       triggers=(self.save_button,), label=self.tr("正在保存…"))

    def _stored(self, saved: CaptureSettings) -> None:
        self._saved = saved
        self.status_label.setText(self.tr("已保存，受理界面已使用新设置。"))
        self.saved.emit(saved)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, CaptureSettingsInvalid):
            self._show_field_errors(exc.fields)
            self.error_label.setText(exc.message)
            self.error_label.show()
        elif isinstance(exc, CounterError):
            self.error_label.setText(error_text(exc))
            self.error_label.show()
        else:  # not a refusal: shown with an incident id
            from ui.errors import show_error

            show_error(self, exc)

    def _clear_errors(self) -> None:
        self.error_label.hide()
        for label in self.field_errors.values():
            label.clear()
            label.hide()

    def _show_field_errors(self, fields: dict[str, str]) -> None:
        first = None
        for key, text in fields.items():
            label = self.field_errors.get(key)
            if label is None:
                continue
            label.setText(text)
            label.show()
            if first is None:
                first = label.parentWidget()
        if first is not None and first.isEnabled():
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _enable_camera_fields(self, enabled: bool) -> None:
        for widget in (self.url, self.object_name, self.capture_method, self.image_signal,
                       self.timeout_ms, self.main_index, self.secondary_index,
                       self.connect_button):
            widget.setEnabled(enabled)

    # -- hot folder ------------------------------------------------------------------------

    def browse(self) -> str:
        """浏览…: choose the folder (directories only)."""
        path = QFileDialog.getExistingDirectory(self, self.tr("选择热文件夹"),
                                                self.hot_folder.text().strip(),
                                                QFileDialog.Option.ShowDirsOnly)
        if path:
            self.hot_folder.setText(path)
            self.field_errors["hot_folder"].hide()
        return path

    def browse_id_card(self) -> str:
        """浏览…: choose the ID-card reader program's output folder (directories only)."""
        path = QFileDialog.getExistingDirectory(self, self.tr("选择身份证阅读器输出文件夹"),
                                                self.id_card_folder.text().strip(),
                                                QFileDialog.Option.ShowDirsOnly)
        if path:
            self.id_card_folder.setText(path)
            self.field_errors["id_card_folder"].hide()
        return path

    def test_folder(self) -> bool:
        """测试: whether the folder exists and files can be created in it."""
        problem = self._settings.check_hot_folder(self.hot_folder.text())
        self._show_result(self.folder_result, problem or self.tr("热文件夹存在且可写。"),
                          ok=problem is None)
        return problem is None

    # -- document camera -------------------------------------------------------------------

    def test_connection(self) -> None:
        """测试连接: connect to the driver as the fields say, without taking a picture; the
        answer comes later (:attr:`probe_finished`)."""
        from ui.capture.webchannel import DriverConfig

        self._end_probe()
        camera = self.values().document_camera
        problems = camera.field_problems()
        if problems:
            self._clear_errors()
            self._show_field_errors(problems)
            self._show_result(self.connect_result, self.tr("请先改正上面标出的设置。"), ok=False)
            self.probe_finished.emit(False)
            return
        if self._devices is None:
            self._show_result(self.connect_result, self.tr("本窗口未配置高拍仪。"), ok=False)
            self.probe_finished.emit(False)
            return
        self.camera = self._devices.document_camera(DriverConfig(**camera.driver_fields()), self)
        self.camera.probed.connect(self._probed)
        self.camera.failed.connect(self._probe_failed)
        self.connect_button.setEnabled(False)
        self._show_result(self.connect_result, self.tr("正在连接 {url} …").format(url=camera.url),
                          ok=True, plain=True)
        self.camera.probe()

    def _probed(self) -> None:
        self._end_probe()
        self._show_result(self.connect_result, self.tr("已连接，驱动服务提供所设的对象和拍照方法。"),
                          ok=True)
        self.probe_finished.emit(True)

    def _probe_failed(self, text: str) -> None:
        self._end_probe()
        self._show_result(self.connect_result, text, ok=False)
        self.probe_finished.emit(False)

    def _end_probe(self) -> None:
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.blockSignals(True)
            camera.close()
            camera.deleteLater()
        self.connect_button.setEnabled(self.camera_enabled.isChecked())

    def _show_result(self, label: QLabel, text: str, *, ok: bool, plain: bool = False) -> None:
        label.setText(text)
        label.setStyleSheet("" if plain else OK_STYLE if ok else ERROR_STYLE)
        label.show()
