"""The capture devices page (采集设备设置) through the real settings service (pytest-qt):
fill, save, reload; refusals next to their fields with nothing saved; the folder test; the
connection test against the fake document-camera driver; a clerk is refused."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QHostAddress, QTcpServer
from PySide6.QtWidgets import QFileDialog

from counter.clock import FixedClock
from counter.services.settings import (DOCUMENT_CAMERA_KEY, HOT_FOLDER_KEY, CaptureSettings,
                                       DocumentCameraSettings)
from bootstrap import QtDevices
from tests.helpers.ops import wait_idle
from tests.store.access import ADMIN, CLERK, access_context, audit_rows
from tests.ui.capture.fake_driver import FakeDriver
from tests.ui.conftest import commit_text
from tests.unit.cases.helpers import T0, make_template
from ui.admin import acting_as
from ui.admin.capture_page import CapturePage


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), devices=QtDevices)
    c.users.login(ADMIN[0], ADMIN[2])
    yield c
    c.close()


def saved(qtbot, page) -> bool:
    """保存 on the page, waited for (it is written on the runner's worker): whether it was
    saved (the page says so; a refusal shows its errors instead)."""
    page.save()
    wait_idle(qtbot)
    return page.status_label.text().startswith("已保存")


def make_page(qtbot, cx) -> CapturePage:
    p = CapturePage(cx.settings, acting_as(cx.permissions.guard, "admin"), devices=cx.devices)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.activate()
    return p


@pytest.fixture
def page(qtbot, cx):
    return make_page(qtbot, cx)


@pytest.fixture
def driver(qtbot):
    d = FakeDriver()
    yield d
    d.close()


def shown_errors(page) -> dict[str, str]:
    return {k: label.text() for k, label in page.field_errors.items() if label.isVisibleTo(page)}


def test_defaults_are_shown(page):
    assert page.hot_folder.text() == ""
    assert page.camera_enabled.isChecked()
    assert page.url.text() == "ws://127.0.0.1:12345"
    assert (page.object_name.text(), page.capture_method.text(), page.image_signal.text()) == \
        ("camera", "captureImage", "")
    assert (page.timeout_ms.value(), page.main_index.value(), page.secondary_index.value()) == \
        (8000, 0, 1)
    assert page.hot_folder.hasFocus()
    assert "立即使用" in page.findChild(type(page.status_label), "applyNote").text()


def test_fill_save_with_ctrl_s_and_reload(qtbot, page, cx, tmp_path):
    folder = tmp_path / "高拍仪"
    folder.mkdir()
    page.hot_folder.setFocus()
    commit_text(page.hot_folder, str(folder))
    page.url.setText("ws://192.168.10.5:9000")
    page.object_name.setText("dev")
    page.capture_method.setText("takePicture")
    page.image_signal.setText("imageCaptured")
    page.timeout_ms.setValue(5000)
    page.main_index.setValue(1)
    page.secondary_index.setValue(0)
    page.url.setFocus()
    with qtbot.waitSignal(page.saved, timeout=2000) as saved:
        qtbot.keyClick(page.url, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wanted = CaptureSettings(hot_folder=str(folder), document_camera=DocumentCameraSettings(
        url="ws://192.168.10.5:9000", object_name="dev", capture_method="takePicture",
        image_signal="imageCaptured", timeout_ms=5000, main_index=1, secondary_index=0))
    assert saved.args == [wanted]
    assert page.status_label.text().startswith("已保存")
    assert cx.settings.capture_settings() == wanted
    entry = audit_rows(cx)[-1]
    assert (entry.action, entry.result, entry.user_id) == ("settings.update", "ok", ADMIN[0])

    again = make_page(qtbot, cx)
    assert again.values() == wanted
    assert again.hot_folder.text() == str(folder)
    assert again.url.text() == "ws://192.168.10.5:9000"


def test_switching_the_camera_off(qtbot, page, cx):
    page.camera_enabled.setChecked(False)
    assert not page.url.isEnabled() and not page.connect_button.isEnabled()
    assert saved(qtbot, page)
    assert json.loads(cx.site.setting(DOCUMENT_CAMERA_KEY))["enabled"] is False
    page.load()
    assert not page.camera_enabled.isChecked() and not page.url.isEnabled()


def test_invalid_values_are_shown_next_to_their_fields_and_nothing_is_saved(qtbot, page, cx,
                                                                           tmp_path):
    before = len(audit_rows(cx))
    page.hot_folder.setText(str(tmp_path / "nowhere"))
    page.url.setText("http://127.0.0.1:12345")
    page.capture_method.setText("take picture")
    page.secondary_index.setValue(0)
    with qtbot.assertNotEmitted(page.saved):
        page.save_button.click()
        wait_idle(qtbot)
    assert not page.status_label.text()
    assert shown_errors(page) == {
        "hot_folder": f"热文件夹不存在或不可写：{tmp_path / 'nowhere'}",
        "url": "驱动服务地址应以 ws:// 或 wss:// 开头",
        "capture_method": "拍照方法应为字母、数字或下划线，且不以数字开头",
        "secondary_index": "主、副摄像头编号不能相同",
    }
    assert page.error_label.text() == "采集设备设置有误，未保存。"
    assert page.hot_folder.hasFocus()  # the first field with a problem
    assert cx.site.setting(HOT_FOLDER_KEY) is None and cx.site.setting(DOCUMENT_CAMERA_KEY) is None
    assert len(audit_rows(cx)) == before

    page.url.setText("ws://127.0.0.1:port")
    page.hot_folder.clear()
    page.capture_method.setText("captureImage")
    page.secondary_index.setValue(1)
    assert not saved(qtbot, page)
    assert shown_errors(page) == {"url": "驱动服务地址的端口应为 1 至 65535"}
    page.url.setText("ws://127.0.0.1:12345")
    assert saved(qtbot, page)
    assert shown_errors(page) == {} and not page.error_label.isVisibleTo(page)


def test_folder_test_and_browse(qtbot, page, tmp_path, monkeypatch):
    page.hot_folder.setText("scans")
    page.folder_test_button.click()
    assert page.folder_result.text() == "热文件夹应为完整路径：scans"
    asked = []

    def choose(parent, title, start, options):
        asked.append((title, options))
        return str(tmp_path)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    page.browse_button.click()
    assert asked == [("选择热文件夹", QFileDialog.Option.ShowDirsOnly)]
    assert page.hot_folder.text() == str(tmp_path)
    page.folder_test_button.click()
    assert page.folder_result.text() == "热文件夹存在且可写。"
    page.hot_folder.setText(str(tmp_path / "gone"))
    page.folder_test_button.click()
    assert page.folder_result.text() == f"热文件夹不存在或不可写：{tmp_path / 'gone'}"


def test_connection_test_against_the_driver(qtbot, page, driver):
    page.url.setText(driver.url)
    with qtbot.waitSignal(page.probe_finished, timeout=5000) as done:
        page.connect_button.click()
        assert not page.connect_button.isEnabled()  # the answer comes later
    assert done.args == [True]
    assert page.connect_result.text() == "已连接，驱动服务提供所设的对象和拍照方法。"
    assert page.connect_button.isEnabled() and page.camera is None
    assert driver.camera.calls == []  # no picture was taken

    page.object_name.setText("scanner")
    with qtbot.waitSignal(page.probe_finished, timeout=5000) as done:
        page.connect_button.click()
    assert done.args == [False]
    assert "没有提供对象“scanner”" in page.connect_result.text()


def test_connection_test_without_a_driver(qtbot, page):
    server = QTcpServer()  # take a free port, then free it: nothing listens there
    assert server.listen(QHostAddress.SpecialAddress.LocalHost, 0)
    port = server.serverPort()
    server.close()
    page.url.setText(f"ws://127.0.0.1:{port}")
    with qtbot.waitSignal(page.probe_finished, timeout=10000) as done:
        page.connect_button.click()
    assert done.args == [False]
    assert page.connect_result.text().startswith(f"高拍仪驱动服务（ws://127.0.0.1:{port}）")
    assert "高拍仪驱动程序已启动" in page.connect_result.text()


def test_connection_test_checks_the_address_first(qtbot, page):
    page.url.setText("ftp://127.0.0.1")
    with qtbot.waitSignal(page.probe_finished, timeout=1000) as done:
        page.connect_button.click()
    assert done.args == [False] and page.camera is None
    assert shown_errors(page) == {"url": "驱动服务地址应以 ws:// 或 wss:// 开头"}


def test_a_clerk_is_refused_and_nothing_changes(qtbot, cx, tmp_path):
    cx.users.login(CLERK[0], CLERK[2])
    page = make_page(qtbot, cx)
    page.hot_folder.setText(str(tmp_path))
    assert not saved(qtbot, page)
    assert page.error_label.text() == "当前角色（综窗人员）无权修改系统设置。"
    assert cx.site.setting(HOT_FOLDER_KEY) is None
    assert (audit_rows(cx)[-1].action, audit_rows(cx)[-1].result) == ("settings.update",
                                                                      "refused")


def test_keyboard_order_and_mnemonics(qtbot, page):
    order = [page.hot_folder, page.browse_button, page.folder_test_button, page.id_card_folder,
             page.id_card_browse_button, page.camera_enabled,
             page.url, page.object_name, page.capture_method, page.image_signal,
             page.timeout_ms, page.main_index, page.secondary_index, page.connect_button,
             page.save_button]
    widget = order[0]
    for expected in order[1:]:
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isEnabled() \
                or widget.focusProxy() is not None:
            widget = widget.nextInFocusChain()
        if widget.parentWidget() in (page.timeout_ms, page.main_index, page.secondary_index):
            widget = widget.parentWidget()  # a spin box's line edit
        assert widget is expected
    labels = {label.buddy(): label.text() for label in page.findChildren(type(page.status_label))
              if label.buddy() is not None}
    assert labels[page.hot_folder] == "热文件夹(&R)："
    assert labels[page.url] == "服务地址(&U)："
    mnemonics = [text.split("(&")[1][0] for text in labels.values()]
    mnemonics += [w.text().split("(&")[1][0] for w in (page.browse_button,
                                                       page.folder_test_button,
                                                       page.id_card_browse_button,
                                                       page.camera_enabled,
                                                       page.connect_button)]
    assert len(mnemonics) == len(set(mnemonics))  # no letter twice
    assert not set(mnemonics) & set("FEVSH")  # nor one of the menu bar's


# -- what the intake screen makes of the settings ------------------------------------------------


def test_the_intake_screen_uses_the_saved_driver(qtbot, mini_ctx):
    from tests.ui.conftest import ITEM_CODE
    from tests.ui.intake.conftest import show_screen
    from ui.capture.webchannel import DriverConfig

    screen = show_screen(qtbot, mini_ctx)
    screen.start("item", ITEM_CODE)
    assert screen.pages.driver_config == DriverConfig()
    assert screen.pages.document_camera_button.isEnabled()

    admin = acting_as(mini_ctx.permissions.guard, "admin")()
    camera = DocumentCameraSettings(enabled=False, url="ws://127.0.0.1:9000", main_index=2,
                                    secondary_index=3)
    mini_ctx.settings.save_capture_settings(admin,
                                                        CaptureSettings(document_camera=camera))
    screen.reload_capture_settings()
    assert screen.pages.driver_config == DriverConfig(url="ws://127.0.0.1:9000", main_index=2,
                                                      secondary_index=3)
    assert screen.pages.driver_config.device_index(0) == 2  # the main camera, as the driver counts
    button = screen.pages.document_camera_button
    assert not button.isEnabled() and button.toolTip() == "管理员已停用本窗口的高拍仪"


def test_a_value_stored_before_the_page_reaches_the_strip(qtbot, mini_ctx):
    from tests.ui.conftest import ITEM_CODE
    from tests.ui.intake.conftest import show_screen
    from ui.capture.webchannel import DriverConfig

    mini_ctx.site.set_setting(DOCUMENT_CAMERA_KEY, json.dumps(
        {"url": "ws://127.0.0.1:9001", "image_signal": "imageCaptured",
         "camera_names": ["主", "副"]}))
    screen = show_screen(qtbot, mini_ctx)
    screen.start("item", ITEM_CODE)
    assert screen.pages.driver_config == DriverConfig(url="ws://127.0.0.1:9001",
                                                      image_signal="imageCaptured")
    assert screen.pages.document_camera_button.isEnabled()


def test_a_test_result_goes_when_the_path_or_address_is_changed(qtbot, page, tmp_path):
    """测试 said the old folder was fine: typing another path must not leave that on screen."""
    page.hot_folder.setText(str(tmp_path))
    assert page.test_folder()
    assert page.folder_result.isVisibleTo(page)
    page.hot_folder.setText(str(tmp_path / "missing"))
    assert not page.folder_result.isVisibleTo(page)
    page._show_result(page.connect_result, "已连接", ok=True)
    page.url.setText("ws://127.0.0.1:23456")
    assert not page.connect_result.isVisibleTo(page)
