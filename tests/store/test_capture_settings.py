"""This counter's capture devices (采集设备设置) through the settings service: validation with
every problem listed, the administrator's permission, the audit entry, the round trip, and the
values stored before there was a page (a bare URL, DriverConfig JSON) still read."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from counter.clock import FixedClock
from counter.permissions import PermissionDenied
from counter.services.settings import (DEFAULT_CAMERA_URL, DOCUMENT_CAMERA_KEY, HOT_FOLDER_KEY,
                                       CaptureSettings, CaptureSettingsInvalid,
                                       DocumentCameraSettings, url_problem)
from tests.store.access import ADMIN, CLERK, access_context, audit_rows
from tests.unit.cases.helpers import T0, make_template


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("cases"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0))
    yield c
    c.close()


@pytest.fixture
def admin(cx):
    return cx.users.login(ADMIN[0], ADMIN[2]).actor


def settings(cx):
    return cx.settings


def test_defaults_when_nothing_was_saved(cx):
    saved = settings(cx).capture_settings()
    assert saved == CaptureSettings()
    assert saved.hot_folder == "" and saved.document_camera.enabled
    assert saved.document_camera.url == DEFAULT_CAMERA_URL == "ws://127.0.0.1:12345"


def test_round_trip_with_audit_entry(cx, admin, tmp_path):
    folder = tmp_path / "高拍仪"
    folder.mkdir()
    camera = DocumentCameraSettings(url="wss://cam.local:9443/channel", object_name="dev",
                                    capture_method="takePhoto", image_signal="imageReady",
                                    timeout_ms=12000, main_index=1, secondary_index=0)
    wanted = CaptureSettings(hot_folder=f"  {folder}  ", document_camera=camera)
    settings(cx).save_capture_settings(admin, wanted)
    assert settings(cx).capture_settings() == CaptureSettings(hot_folder=str(folder),
                                                              document_camera=camera)
    assert cx.site.setting(HOT_FOLDER_KEY) == str(folder)  # what the intake screen reads
    entry = audit_rows(cx)[-1]
    assert (entry.action, entry.result, entry.user_id) == ("settings.update", "ok", ADMIN[0])
    detail = json.loads(entry.detail) if isinstance(entry.detail, str) else entry.detail
    assert detail["settings"] == "capture" and detail["hot_folder"] is True
    assert detail["document_camera"] == "wss://cam.local:9443/channel"
    assert str(folder) not in json.dumps(detail, ensure_ascii=False)  # paths are not audited

    off = CaptureSettings(document_camera=replace(camera, enabled=False))
    settings(cx).save_capture_settings(admin, off)
    assert settings(cx).capture_settings() == off
    assert cx.site.setting(HOT_FOLDER_KEY) is None  # no folder: the setting is removed


def test_every_problem_is_listed_and_nothing_changes(cx, admin, tmp_path):
    before = settings(cx).capture_settings()
    n = len(audit_rows(cx))
    bad = CaptureSettings(
        hot_folder=str(tmp_path / "missing"),
        document_camera=DocumentCameraSettings(url="http://127.0.0.1:12345", object_name="",
                                               capture_method="take photo",
                                               image_signal="image-ready", timeout_ms=10,
                                               main_index=3, secondary_index=3))
    with pytest.raises(CaptureSettingsInvalid) as err:
        settings(cx).save_capture_settings(admin, bad)
    exc = err.value
    assert exc.message == "采集设备设置有误，未保存。"
    assert exc.fields == {
        "hot_folder": f"热文件夹不存在或不可写：{tmp_path / 'missing'}",
        "url": "驱动服务地址应以 ws:// 或 wss:// 开头",
        "object_name": "对象名应为字母、数字或下划线，且不以数字开头",
        "capture_method": "拍照方法应为字母、数字或下划线，且不以数字开头",
        "image_signal": "图像信号名应为字母、数字或下划线，不用时留空",
        "timeout_ms": "超时时间应为 1000 至 60000 毫秒",
        "secondary_index": "主、副摄像头编号不能相同",
    }
    assert exc.problems == list(exc.fields.values())
    assert settings(cx).capture_settings() == before
    assert len(audit_rows(cx)) == n


@pytest.mark.parametrize("url, problem", [
    ("ws://127.0.0.1:12345", None),
    ("wss://scanner.hall.local/ws", None),
    ("ws://[::1]:8080", None),
    ("", "请填写高拍仪驱动服务地址"),
    ("127.0.0.1:12345", "驱动服务地址应以 ws:// 或 wss:// 开头"),
    ("ws://", "驱动服务地址的主机名无效"),
    ("ws://host name:1", "驱动服务地址的主机名无效"),
    ("ws://user@127.0.0.1:1", "驱动服务地址的主机名无效"),
    ("ws://127.0.0.1:0", "驱动服务地址的端口应为 1 至 65535"),
    ("ws://127.0.0.1:70000", "驱动服务地址的端口应为 1 至 65535"),
    ("ws://127.0.0.1:", "驱动服务地址的端口应为 1 至 65535"),
])
def test_driver_address(url, problem):
    assert url_problem(url) == problem


def test_relative_and_read_only_hot_folders_are_refused(cx, admin, tmp_path):
    assert settings(cx).check_hot_folder("scans") == "热文件夹应为完整路径：scans"
    assert settings(cx).check_hot_folder("") == "未填写热文件夹。"
    assert settings(cx).check_hot_folder(str(tmp_path)) is None
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    assert settings(cx).check_hot_folder(str(a_file)).startswith("热文件夹不存在或不可写")
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        try:
            assert settings(cx).check_hot_folder(str(locked)) == \
                f"热文件夹不存在或不可写：{locked}"
        finally:
            locked.chmod(0o755)


def test_a_clerk_is_refused_and_it_is_audited(cx, tmp_path):
    clerk = cx.users.login(CLERK[0], CLERK[2]).actor
    with pytest.raises(PermissionDenied, match="无权修改系统设置"):
        settings(cx).save_capture_settings(clerk, CaptureSettings(hot_folder=str(tmp_path)))
    entry = audit_rows(cx)[-1]
    assert (entry.action, entry.result, entry.user_id, entry.role) == \
        ("settings.update", "refused", CLERK[0], "clerk")
    assert cx.site.setting(HOT_FOLDER_KEY) is None


def test_the_permission_is_checked_before_the_values(cx):
    """A clerk's invalid settings are refused for the role, not described to them."""
    clerk = cx.users.login(CLERK[0], CLERK[2]).actor
    bad = CaptureSettings(document_camera=DocumentCameraSettings(url="http://x"))
    with pytest.raises(PermissionDenied):
        settings(cx).save_capture_settings(clerk, bad)


@pytest.mark.parametrize("stored, expected", [
    (None, DocumentCameraSettings()),
    ("", DocumentCameraSettings()),
    ("ws://192.168.1.20:12345", DocumentCameraSettings(url="ws://192.168.1.20:12345")),
    # a JSON object of DriverConfig fields, as documented before the page existed
    ('{"url": "ws://127.0.0.1:12345", "image_signal": "imageCaptured"}',
     DocumentCameraSettings(image_signal="imageCaptured")),
    ('{"url": "ws://127.0.0.1:9000", "object_name": "dev", "capture_method": "shot", '
     '"image_signal": null, "timeout_ms": 3000, "camera_names": ["主", "副"]}',
     DocumentCameraSettings(url="ws://127.0.0.1:9000", object_name="dev",
                            capture_method="shot", timeout_ms=3000)),
    # values of the wrong type keep their default; something unreadable gives the defaults
    ('{"url": "ws://127.0.0.1:9000", "timeout_ms": "8s", "enabled": "no"}',
     DocumentCameraSettings(url="ws://127.0.0.1:9000")),
    ('{"url": ', DocumentCameraSettings()),
])
def test_values_stored_before_the_page_still_read(cx, stored, expected):
    if stored is not None:
        cx.site.set_setting(DOCUMENT_CAMERA_KEY, stored)
    assert settings(cx).capture_settings().document_camera == expected


def test_the_stored_value_is_driver_config_json(cx, admin):
    """What is saved is a JSON object of DriverConfig's own fields (``enabled`` only when
    off), so ``DriverConfig(**fields)`` reads it."""
    camera = DocumentCameraSettings(url="ws://127.0.0.1:9000", image_signal="imageCaptured")
    settings(cx).save_capture_settings(admin, CaptureSettings(document_camera=camera))
    stored = json.loads(cx.site.setting(DOCUMENT_CAMERA_KEY))
    assert stored == {"url": "ws://127.0.0.1:9000", "object_name": "camera",
                      "capture_method": "captureImage", "image_signal": "imageCaptured",
                      "timeout_ms": 8000, "main_index": 0, "secondary_index": 1}
    assert DocumentCameraSettings.from_setting(json.dumps(stored)) == camera


# -- the ID-card reader's folder (身份证阅读器, issue 11) --------------------------------------

def test_id_card_reader_folder_round_trip_with_audit_entry(cx, admin, tmp_path):
    from counter.services.settings import ID_CARD_FOLDER_KEY

    folder = tmp_path / "读卡"
    folder.mkdir()
    settings(cx).save_capture_settings(admin, CaptureSettings(id_card_folder=f" {folder} "))
    assert settings(cx).capture_settings().id_card_folder == str(folder)
    assert cx.site.setting(ID_CARD_FOLDER_KEY) == str(folder)  # what the desk reads
    detail = audit_rows(cx)[-1].detail
    detail = json.loads(detail) if isinstance(detail, str) else detail
    assert detail["id_card_folder"] is True
    assert str(folder) not in json.dumps(detail, ensure_ascii=False)

    settings(cx).save_capture_settings(admin, CaptureSettings())
    assert cx.site.setting(ID_CARD_FOLDER_KEY) is None  # cleared: no reader configured


def test_id_card_reader_folder_is_checked(cx, admin, tmp_path):
    with pytest.raises(CaptureSettingsInvalid) as err:
        settings(cx).save_capture_settings(admin, CaptureSettings(id_card_folder="读卡"))
    assert err.value.fields == {"id_card_folder": "身份证阅读器文件夹应为完整路径：读卡"}
    missing = tmp_path / "missing"
    with pytest.raises(CaptureSettingsInvalid) as err:
        settings(cx).save_capture_settings(admin, CaptureSettings(id_card_folder=str(missing)))
    assert err.value.fields == {"id_card_folder": f"身份证阅读器文件夹不存在或不可写：{missing}"}
    # the hot folder would import the card's photo as a scanned page
    with pytest.raises(CaptureSettingsInvalid) as err:
        settings(cx).save_capture_settings(admin, CaptureSettings(
            hot_folder=str(tmp_path), id_card_folder=str(tmp_path) + os.sep))
    assert err.value.fields == {"id_card_folder": "身份证阅读器文件夹不能与热文件夹相同"}
    assert settings(cx).capture_settings() == CaptureSettings()
