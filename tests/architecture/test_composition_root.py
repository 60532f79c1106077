"""One composition root (``bootstrap.py``): no other module of the application constructs a
service, the unit of work, an engine, a platform client, a credit checker or a simulated
device; the root refuses an incomplete or invalid configuration with a message per problem;
``import bootstrap`` stays cheap."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parents[2]

#: The application's packages (not tests/, not bootstrap.py). ``sync/simulator`` is the
#: platform simulator, a program of its own (the platform's side, ``platform-sim``): it builds
#: its own things and is left out.
PACKAGES = ("counter", "ui", "cli", "sync", "printing")
EXCLUDED = ("sync/simulator/",)

#: Exact names of constructors that only the root may call.
ROOT_ONLY = {"UowFactory", "make_engine", "PlatformClient", "SimulatedIdCardReader",
             "FolderIdCardReader", "KeyringSealKeys", "KeyringSecrets", "QtPdfRasteriser",
             "BlobStore", "WebChannelCamera", "CameraCaptureWidget", "HotFolderWatcher",
             "HotFolder", "TolerancePrinter"}

#: Known constructions, each with its reason. The tolerance service's default checker is the
#: null object (every lookup "未配置省级平台，无法核查信用") for a service built without a
#: checker (unit tests); the root always passes one.
ALLOWED = {("counter/services/tolerance.py", "OfflineCreditChecker")}


def _root_only(name: str) -> bool:
    return (name in ROOT_ONLY or name.endswith("CreditChecker")
            or (name.endswith("Service") and name[:1].isupper()))


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _modules():
    for package in PACKAGES:
        for path in sorted((TOP / package).rglob("*.py")):
            rel = path.relative_to(TOP).as_posix()
            if not rel.startswith(EXCLUDED):
                yield rel, path


def constructions(source: str, name: str = "<string>") -> list[str]:
    """``name:line Class`` for each call of a root-only constructor in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Call):
            called = _called_name(node)
            if called and _root_only(called):
                found.append(f"{name}:{node.lineno} {called}")
    return found


def test_no_module_outside_the_root_constructs_services_or_adapters():
    offenders = []
    for rel, path in _modules():
        offenders.extend(c for c in constructions(path.read_text("utf-8"), rel)
                         if (rel, c.rsplit(" ", 1)[1]) not in ALLOWED)
    assert offenders == [], ("construct these in bootstrap.py (the composition root) and hand "
                             "them down through the AppContext:\n" + "\n".join(offenders))


@pytest.mark.parametrize("source", [
    "ctx.capture = CaptureService(ctx.blobs, ctx.clock)",
    "from counter.store.uow import UowFactory\nu = UowFactory(engine)",
    "engine = db.make_engine(url)",
    "client = PlatformClient(url, cid, secret)",
    "checker = sync.credit.PlatformCreditChecker(factory)",
    "reader = SimulatedIdCardReader()",
    "self.camera = WebChannelCamera(DriverConfig(**fields), self)",
    "w = HotFolderWatcher(HotFolder(path), target, self)",
    "self._printer = TolerancePrinter(self._ctx)",
    "camera = CameraCaptureWidget(dialog)",
])
def test_the_scan_sees_each_kind_of_construction(source):
    assert constructions(source)


def test_the_scan_leaves_the_rest_alone():
    assert constructions("ctx.cases.accept(intake, actor)\nservice = ctx.tolerance\n"
                         "x = SyncStatus(1)\ny = services.get('x')") == []


# -- the configuration ---------------------------------------------------------------------------

def test_a_valid_configuration(tmp_path):
    from bootstrap import MachineConfig, load_config

    config = load_config(tmp_path / "data", environ={})
    assert config == MachineConfig(data_dir=tmp_path / "data", db_url=None, load_sample=True)
    assert config.store_url.endswith("/data/counter.sqlite3")
    pg = load_config(tmp_path, environ={"COUNTER_DB_URL": "postgresql+psycopg://c@hall/counter"})
    assert pg.db_url == pg.store_url == "postgresql+psycopg://c@hall/counter"


def test_an_invalid_configuration_is_refused_with_a_message_per_problem(tmp_path):
    from bootstrap import load_config
    from counter.errors import ConfigError, CounterError

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(ConfigError) as caught:
        load_config(not_a_folder, environ={"COUNTER_DB_URL": "mysql://root:s3cret@db/counter"})
    error = caught.value
    assert isinstance(error, CounterError)
    assert error.problems == [f"数据目录不是文件夹：{not_a_folder}",
                              "环境变量 COUNTER_DB_URL无效：应以 sqlite:/// 或 postgresql:// 开头"]
    text = str(error)
    assert text.startswith("本机配置有误")
    assert all(p in text for p in error.problems)
    assert "s3cret" not in text  # the database password is never repeated


def test_an_incomplete_configuration_is_refused(tmp_path):
    from bootstrap import load_config
    from counter.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "data", environ={},
                    db_url="sqlite:///" + (tmp_path / "nowhere" / "x.sqlite3").as_posix())
    assert caught.value.problems == [f"数据库地址中的文件夹不存在：{tmp_path / 'nowhere'}"]
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "data", environ={"COUNTER_DB_URL": "sqlite://"})
    assert caught.value.problems == ["环境变量 COUNTER_DB_URL无效：SQLite 数据库须为文件（sqlite:///路径）"]


def test_a_data_dir_that_cannot_be_created_is_refused(tmp_path, monkeypatch):
    """The parent folder is not writable (as a folder of another user is; faked through
    ``os.access`` so that the test also holds when it runs as root, which may write anywhere)."""
    import bootstrap
    from counter.errors import ConfigError

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(bootstrap.os, "access",
                        lambda path, mode: False if Path(path) == locked else real_access(path, mode))
    with pytest.raises(ConfigError) as caught:
        bootstrap.load_config(locked / "data", environ={})
    assert caught.value.problems == [f"无法创建数据目录：{locked / 'data'}（{locked} 不可写）"]


def test_the_cli_says_every_problem(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    env = {**os.environ, "COUNTER_DB_URL": "oracle://db"}
    run = subprocess.run([sys.executable, str(TOP / "main.py"), "--data-dir", str(not_a_folder),
                          "sync", "status"], capture_output=True, text=True, env=env,
                         cwd=TOP, timeout=120)
    assert run.returncode == 1
    assert "本机配置有误" in run.stderr
    assert "数据目录不是文件夹" in run.stderr and "COUNTER_DB_URL无效" in run.stderr


# -- the build -------------------------------------------------------------------------------------

def test_importing_the_root_imports_nothing_heavy():
    code = ("import sys, bootstrap; heavy = [m for m in ('sqlalchemy', 'alembic', 'reportlab', "
            "'pypinyin', 'PySide6', 'httpx', 'keyring') if m in sys.modules]; print(heavy)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TOP,
                         timeout=60)
    assert run.stdout.strip() == "[]", run.stderr


def test_build_wires_every_service_and_adapter(tmp_path):
    from bootstrap import PlatformConnection, build, load_config
    from counter.clock import FixedClock
    from counter.documents import DeferredRenderer
    from counter.ports import SecretStore
    from tests.unit.cases.helpers import T0

    ctx = build(load_config(tmp_path / "d", environ={}, load_sample=False), clock=FixedClock(T0))
    try:
        for name in ("permissions", "calendar", "catalog", "site", "capture", "intake",
                     "documents", "cases", "sync", "users", "settings", "audit", "tolerance",
                     "secrets", "platform", "credit", "sync_worker", "id_card_reader"):
            assert getattr(ctx, name) is not None, name
        assert not hasattr(ctx, "services")
        assert isinstance(ctx.renderer, DeferredRenderer)  # printing's, loaded on first use
        assert isinstance(ctx.secrets, SecretStore) and isinstance(ctx.platform, PlatformConnection)
        assert ctx.tolerance.credit is ctx.credit
        assert ctx.users.guard is ctx.permissions.guard
        # tools without the GUI: no PDF rasteriser, no seal keys (as before the root)
        assert ctx.pdf is None and ctx.capture.pdf is None
        assert ctx.seal_keys is None and ctx.audit.keys is None
        assert ctx.id_card_reader() is None  # nothing configured, not a training store
    finally:
        ctx.close()


def test_fakes_that_subclass_the_ports_go_in(tmp_path):
    from bootstrap import build, load_config
    from counter.credit import CreditResult
    from counter.idcard import IdCardReader
    from counter.ports import CreditChecker, PdfRasteriser, SealKeys

    class Credit(CreditChecker):
        def check(self, id_type, subject_id):
            return CreditResult.unchecked("假")

    class Pdf(PdfRasteriser):
        def rasterise(self, data, *, dpi, max_side, max_pages):
            return iter(())

    class Keys(SealKeys):
        pass

    class Reader(IdCardReader):
        def read(self):
            return None

    credit, pdf, keys, reader = Credit(), Pdf(), Keys(), Reader()
    ctx = build(load_config(tmp_path / "d", environ={}, load_sample=False), renderer=None,
                credit=credit, pdf=pdf, seal_keys=keys, id_card_reader=lambda: reader)
    try:
        assert ctx.tolerance.credit is credit and ctx.capture.pdf is pdf
        assert ctx.audit.keys is keys and ctx.id_card_reader() is reader
        assert ctx.renderer is None and ctx.cases._renderer is None
    finally:
        ctx.close()


def test_the_desktop_gets_the_qt_adapters_loaded_late(tmp_path):
    """``gui=True``: the keyring seal keys and the QtPdf rasteriser — QtPdf imported at the
    first PDF, not by the build (start-up)."""
    code = (
        "import sys; from bootstrap import build, load_config\n"
        f"ctx = build(load_config({str(tmp_path / 'd')!r}, environ={{}}, load_sample=False),"
        " gui=True)\n"
        "from sync.seal_keys import KeyringSealKeys\n"
        "assert isinstance(ctx.audit.keys, KeyringSealKeys) and ctx.seal_keys is ctx.audit.keys\n"
        "assert ctx.capture.pdf is ctx.pdf is not None\n"
        "print('PySide6.QtPdf' in sys.modules, 'reportlab' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TOP,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]


def test_the_desktop_gets_its_devices_without_loading_them(tmp_path):
    """``gui=True``: ``ctx.devices`` is the Qt devices (:class:`bootstrap.QtDevices`, the
    :class:`counter.ports.Devices` port); QtMultimedia and QtWebSockets are imported at the
    first use of a camera, not by the build (start-up)."""
    code = (
        "import sys; from bootstrap import QtDevices, build, load_config\n"
        "from counter.ports import Devices\n"
        f"ctx = build(load_config({str(tmp_path / 'd')!r}, environ={{}}, load_sample=False),"
        " gui=True)\n"
        "assert isinstance(ctx.devices, QtDevices) and Devices in type(ctx.devices).__mro__\n"
        "print(*(m in sys.modules for m in ('PySide6.QtMultimedia', 'PySide6.QtWebSockets',"
        " 'ui.capture.webchannel', 'ui.tolerance.documents')))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TOP,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False", "False", "False"]


def test_devices_are_none_without_the_gui_and_fakes_subclass_the_port(tmp_path):
    from bootstrap import build, load_config
    from counter.ports import Devices

    class FakeDevices(Devices):
        def __init__(self, ctx=None) -> None:
            self.ctx = ctx

    config = load_config(tmp_path / "d", environ={}, load_sample=False)
    for devices, check in ((None, lambda d, c: d is None),
                           (FakeDevices(), lambda d, c: isinstance(d, FakeDevices) and d.ctx is None),
                           (FakeDevices, lambda d, c: isinstance(d, FakeDevices) and d.ctx is c)):
        ctx = build(config, renderer=None, devices=devices)
        try:
            assert check(ctx.devices, ctx)
        finally:
            ctx.close()
