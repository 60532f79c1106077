"""Site profile and counter settings, as the administrator changes them (站点与系统设置).

The capture devices of this counter (采集设备: hot folder, document-camera driver, the output
folder of the ID-card reader's vendor program) are
typed (:class:`CaptureSettings`), validated here in plain Python and read by the intake screen
through :meth:`DocumentCameraSettings.from_setting`, the one parser of the stored value.

:class:`counter.identity.SiteService` reads the profile for everyone (and writes it for
command-line tools); changes made in the admin pages go through :class:`SettingsService`, which
checks the administrator's permission and writes an audit entry in the same transaction.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from counter import audit
from counter.clock import Clock
from counter.errors import InvalidInput
from counter.identity import SITE_KEY, Actor, SiteProfile, SiteService
from counter.permissions import Permissions
from counter.store.models import SettingRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

#: The idle time after which the screen locks (setting key, default and bounds in minutes).
IDLE_KEY = "idle_lock_minutes"
IDLE_DEFAULT = 10
IDLE_MIN, IDLE_MAX = 1, 60


class SettingsService:
    """Administrator changes to the site profile and the counter settings.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        site: the site service (reads the profile).
        permissions: the permission checks.
    """

    def __init__(self, uow: UowFactory, clock: Clock, site: SiteService,
                 permissions: Permissions) -> None:
        self._uow = uow
        self._clock = clock
        self._site = site
        self._perm = permissions

    def profile(self) -> SiteProfile:
        """The site profile in use (saved or default)."""
        return self._site.get()

    def save_profile(self, actor: Actor, profile: SiteProfile) -> SiteProfile:
        """Save the site profile (administrators); refused with every problem listed."""
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "site.update", at=now)
            problems = profile.problems()
            if problems:
                raise InvalidInput("站点信息有误，未保存。", problems=problems)
            _put(s, SITE_KEY, json.dumps(profile.to_json(), ensure_ascii=False))
            audit.append(s, at=now, actor=actor, action="site.update",
                         detail={"client_id": profile.client_id, "kind": profile.kind})
            u.commit()
        log.info("site profile saved by %s: %s kind=%s", actor.user_id, profile.client_id,
                 profile.kind)
        return profile

    def idle_minutes(self) -> int:
        """Minutes without input before the screen locks (default 10)."""
        with self._uow(read_only=True) as u:
            row = u.session.get(SettingRow, IDLE_KEY)
            text = None if row is None else row.value
        try:
            value = int(text) if text is not None else IDLE_DEFAULT
        except ValueError:
            log.warning("setting %s is not a number; using %d", IDLE_KEY, IDLE_DEFAULT)
            return IDLE_DEFAULT
        return min(max(value, IDLE_MIN), IDLE_MAX)

    def set_idle_minutes(self, actor: Actor, minutes: int) -> int:
        """Change the idle-lock time (administrators), 1 to 60 minutes."""
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "settings.update", at=now)
            if not isinstance(minutes, int) or not IDLE_MIN <= minutes <= IDLE_MAX:
                raise InvalidInput(f"空闲锁屏时间应为 {IDLE_MIN} 至 {IDLE_MAX} 分钟。")
            _put(s, IDLE_KEY, str(minutes))
            audit.append(s, at=now, actor=actor, action="settings.update",
                         detail={IDLE_KEY: minutes})
            u.commit()
        log.info("idle lock set to %d minutes by %s", minutes, actor.user_id)
        return minutes

    def capture_settings(self) -> CaptureSettings:
        """This counter's capture devices as saved (defaults for what was never set)."""
        with self._uow(read_only=True) as u:
            s = u.session
            folder, camera, reader = (s.get(SettingRow, key) for key in (
                HOT_FOLDER_KEY, DOCUMENT_CAMERA_KEY, ID_CARD_FOLDER_KEY))
            folder = "" if folder is None else folder.value
            camera = None if camera is None else camera.value
            reader = "" if reader is None else reader.value
        return CaptureSettings(hot_folder=(folder or "").strip(),
                               document_camera=DocumentCameraSettings.from_setting(camera),
                               id_card_folder=(reader or "").strip())

    def save_capture_settings(self, actor: Actor, settings: CaptureSettings) -> CaptureSettings:
        """Save the capture devices (administrators, ``settings.update``); refused with
        :class:`CaptureSettingsInvalid` listing every problem, and then nothing changes."""
        now = self._clock.now()
        settings = CaptureSettings(hot_folder=(settings.hot_folder or "").strip(),
                                   document_camera=settings.document_camera,
                                   id_card_folder=(settings.id_card_folder or "").strip())
        # the disk is looked at before the transaction: a slow network share must not hold
        # the store's write lock (the problem is reported only after the permission check)
        folder_problem = hot_folder_problem(settings.hot_folder)
        reader_problem = id_card_folder_problem(settings.id_card_folder, settings.hot_folder)
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "settings.update", at=now,
                               detail={"settings": "capture"})
            problems = {"hot_folder": folder_problem} if folder_problem else {}
            problems.update(settings.document_camera.field_problems())
            if reader_problem:
                problems["id_card_folder"] = reader_problem
            if problems:
                raise CaptureSettingsInvalid(problems)
            for key, value in ((HOT_FOLDER_KEY, settings.hot_folder),
                               (ID_CARD_FOLDER_KEY, settings.id_card_folder)):
                if value:
                    _put(s, key, value)
                else:
                    row = s.get(SettingRow, key)
                    if row is not None:
                        s.delete(row)
            camera = settings.document_camera
            _put(s, DOCUMENT_CAMERA_KEY, camera.to_setting())
            # the folders' paths are not recorded: they may hold a Windows user name
            audit.append(s, at=now, actor=actor, action="settings.update",
                         detail={"settings": "capture", "hot_folder": bool(settings.hot_folder),
                                 "document_camera": camera.url,
                                 "document_camera_enabled": camera.enabled,
                                 "id_card_folder": bool(settings.id_card_folder)})
            u.commit()
        log.info("capture settings saved by %s (hot folder %s, document camera %s, "
                 "ID-card reader folder %s)", actor.user_id,
                 "on" if settings.hot_folder else "off",
                 "on" if settings.document_camera.enabled else "off",
                 "on" if settings.id_card_folder else "off")
        return settings

    @staticmethod
    def check_hot_folder(path: str) -> str | None:
        """Why ``path`` cannot be the hot folder (it does not exist, is not writable …), or
        None when it can (the page's 测试 button; reads this computer's disk only)."""
        if not (path or "").strip():
            return "未填写热文件夹。"
        return hot_folder_problem(path)


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


# -- capture devices (采集设备) ---------------------------------------------------------------

#: The site setting naming this counter's hot folder (热文件夹): a folder path; unset or empty:
#: no folder is watched.
HOT_FOLDER_KEY = "capture.hot_folder"
#: The site setting describing this counter's document-camera driver (高拍仪驱动服务): a
#: WebSocket URL, or a JSON object of :class:`DocumentCameraSettings` fields (the field names of
#: ``ui.capture.webchannel.DriverConfig``, plus ``enabled``). Unset: the defaults.
DOCUMENT_CAMERA_KEY = "capture.document_camera"
#: The site setting naming the folder where this counter's ID-card reader program writes each
#: card it reads (``wz.txt`` and ``zp.bmp``: :class:`counter.idcard_folder.FolderIdCardReader`);
#: unset or empty: no reader is configured and 读身份证 (F2) says so (未配置身份证阅读器).
ID_CARD_FOLDER_KEY = "idcard.folder"
DEFAULT_CAMERA_URL = "ws://127.0.0.1:12345"
TIMEOUT_MIN_MS, TIMEOUT_MAX_MS = 1000, 60000
CAMERA_INDEX_MAX = 9

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*")


@dataclass(frozen=True)
class DocumentCameraSettings:
    """This counter's document-camera driver (高拍仪驱动服务设置).

    The fields mirror ``ui.capture.webchannel.DriverConfig`` (which the desktop builds from
    :meth:`driver_fields`).

    Attributes:
        enabled: whether the intake screen offers the 高拍仪 button.
        url: the driver's WebSocket address, ``ws://`` or ``wss://``.
        object_name: the published object that controls the camera.
        capture_method: the method that takes a picture (called with the camera index).
        image_signal: the signal that delivers the picture, or empty when the method returns it.
        timeout_ms: how long to wait for the connection and each answer.
        main_index: the driver's index of the main (document) camera.
        secondary_index: the driver's index of the secondary (face) camera.
    """

    enabled: bool = True
    url: str = DEFAULT_CAMERA_URL
    object_name: str = "camera"
    capture_method: str = "captureImage"
    image_signal: str = ""
    timeout_ms: int = 8000
    main_index: int = 0
    secondary_index: int = 1

    def field_problems(self) -> dict[str, str]:
        """Every invalid value by field name, as short Chinese lines (empty when valid)."""
        out: dict[str, str] = {}
        problem = url_problem(self.url)
        if problem:
            out["url"] = problem
        for key, label in (("object_name", "对象名"), ("capture_method", "拍照方法")):
            if not _NAME.fullmatch(getattr(self, key) or ""):
                out[key] = f"{label}应为字母、数字或下划线，且不以数字开头"
        if self.image_signal and not _NAME.fullmatch(self.image_signal):
            out["image_signal"] = "图像信号名应为字母、数字或下划线，不用时留空"
        if not _is_int(self.timeout_ms) or not TIMEOUT_MIN_MS <= self.timeout_ms <= TIMEOUT_MAX_MS:
            out["timeout_ms"] = (f"超时时间应为 {TIMEOUT_MIN_MS} 至 {TIMEOUT_MAX_MS} 毫秒")
        for key, label in (("main_index", "主摄像头"), ("secondary_index", "副摄像头")):
            value = getattr(self, key)
            if not _is_int(value) or not 0 <= value <= CAMERA_INDEX_MAX:
                out[key] = f"{label}编号应为 0 至 {CAMERA_INDEX_MAX}"
        if "main_index" not in out and "secondary_index" not in out \
                and self.main_index == self.secondary_index:
            out["secondary_index"] = "主、副摄像头编号不能相同"
        return out

    def driver_fields(self) -> dict[str, Any]:
        """The keyword arguments of ``ui.capture.webchannel.DriverConfig``."""
        return {"url": self.url, "object_name": self.object_name,
                "capture_method": self.capture_method,
                "image_signal": self.image_signal or None, "timeout_ms": self.timeout_ms,
                "main_index": self.main_index, "secondary_index": self.secondary_index}

    def to_setting(self) -> str:
        """The stored value: a JSON object of the driver fields (``enabled`` only when off)."""
        data: dict[str, Any] = self.driver_fields()
        if not self.enabled:
            data["enabled"] = False
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_setting(cls, value: str | None) -> "DocumentCameraSettings":
        """Read a stored value: unset or empty (the defaults), a bare WebSocket URL, or a JSON
        object of fields (unknown keys such as ``camera_names`` are ignored; a value of the
        wrong type keeps its default). Anything else gives the defaults, with a warning."""
        text = (value or "").strip()
        if not text:
            return cls()
        if not text.startswith("{"):
            return cls(url=text)
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            log.warning("setting %s ignored: not a URL or a JSON object", DOCUMENT_CAMERA_KEY)
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name not in data:
                continue
            value, default = data[name], getattr(defaults, name)
            if name == "image_signal" and value is None:
                value = ""
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = _is_int(value)
            else:
                ok = isinstance(value, str)
            if ok:
                values[name] = value.strip() if isinstance(value, str) else value
            else:
                log.warning("setting %s: field %s of the wrong type ignored",
                            DOCUMENT_CAMERA_KEY, name)
        return cls(**values)


@dataclass(frozen=True)
class CaptureSettings:
    """This counter's capture devices (采集设备设置): the hot folder and the document camera.

    Attributes:
        hot_folder: the folder the 高拍仪 or scanner saves into; empty: none is watched.
        document_camera: the document-camera driver.
        id_card_folder: the folder the ID-card reader's vendor program writes each card into
            (身份证阅读器输出文件夹); empty: no reader is configured.
    """

    hot_folder: str = ""
    document_camera: DocumentCameraSettings = field(default_factory=DocumentCameraSettings)
    id_card_folder: str = ""

    def field_problems(self) -> dict[str, str]:
        """Every invalid value by field (``hot_folder``, the document camera's field names,
        ``id_card_folder``); the folders are checked on this computer's disk."""
        out: dict[str, str] = {}
        if self.hot_folder.strip():
            problem = hot_folder_problem(self.hot_folder)
            if problem:
                out["hot_folder"] = problem
        out.update(self.document_camera.field_problems())
        problem = id_card_folder_problem(self.id_card_folder, self.hot_folder)
        if problem:
            out["id_card_folder"] = problem
        return out

    def problems(self) -> list[str]:
        """:meth:`field_problems` as a list."""
        return list(self.field_problems().values())


class CaptureSettingsInvalid(InvalidInput):
    """The capture settings were refused (采集设备设置有误); nothing was saved.

    Attributes:
        fields: field name → problem (``hot_folder``, ``url``, ``object_name`` …), for showing
            each problem next to its field.
    """

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("采集设备设置有误，未保存。", problems=list(fields.values()))
        self.fields = dict(fields)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable document-camera driver address, or None."""
    url = (url or "").strip()
    if not url:
        return "请填写高拍仪驱动服务地址"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "驱动服务地址的端口应为 1 至 65535"
    if parts.scheme.lower() not in ("ws", "wss"):
        return "驱动服务地址应以 ws:// 或 wss:// 开头"
    host = parts.hostname or ""
    if any(c.isspace() for c in url) or parts.username is not None or not (
            _HOST.fullmatch(host) or _is_ipv6(host)):
        return "驱动服务地址的主机名无效"
    if port is not None and not 1 <= port <= 65535 or parts.netloc.endswith(":"):
        return "驱动服务地址的端口应为 1 至 65535"
    return None


def _writable_folder_problem(path: str, what: str) -> str | None:
    """Why ``path`` is not a full path to an existing folder where files can be created, or
    None; ``what`` names the folder in the message (热文件夹, 身份证阅读器文件夹)."""
    if not os.path.isabs(path):
        return f"{what}应为完整路径：{path}"
    if not os.path.isdir(path):
        return f"{what}不存在或不可写：{path}"
    try:
        with tempfile.TemporaryFile(dir=path, prefix=".counter-check-"):
            pass
    except OSError:
        return f"{what}不存在或不可写：{path}"
    return None


def hot_folder_problem(path: str) -> str | None:
    """Why ``path`` cannot be this counter's hot folder, or None: it must be a full path to a
    folder that exists and where files can be created (captures are moved to ``processed/``)."""
    path = (path or "").strip()
    return _writable_folder_problem(path, "热文件夹") if path else None


def id_card_folder_problem(path: str, hot_folder: str = "") -> str | None:
    """Why ``path`` cannot be the ID-card reader's output folder, or None (also for empty: no
    reader). Like the hot folder it must be a full path to a folder where files can be created
    and removed (each card's files are deleted once read); it must not be the hot folder, whose
    watcher would take the card's photo for a scanned page."""
    path = (path or "").strip()
    if not path:
        return None
    problem = _writable_folder_problem(path, "身份证阅读器文件夹")
    if problem:
        return problem
    hot = (hot_folder or "").strip()
    if hot and os.path.normcase(os.path.realpath(hot)) == os.path.normcase(os.path.realpath(path)):
        return "身份证阅读器文件夹不能与热文件夹相同"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False
