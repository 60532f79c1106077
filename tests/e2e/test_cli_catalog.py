"""``python main.py catalog validate|import|export`` as an administrator runs it (real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_login import ADMIN, accounts, login_env
from tests.conftest import ROOT, SAMPLE_CATALOG

pytestmark = pytest.mark.slow


def run(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def admin(tmp_path: Path) -> dict:
    """The environment of a command run by the administrator of the store ``tmp_path/data``."""
    accounts(tmp_path / "data")
    return login_env(tmp_path / "login", ADMIN)


def catalog_file(tmp_path: Path, version: str, mutate=None) -> Path:
    doc = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    doc["catalog_version"] = version
    if mutate:
        mutate(doc)
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def broken(doc: dict) -> None:
    doc["departments"][0]["uscc"] = "11140802MB19372090"
    doc["items"][2]["materials"][0]["material"] = "M-NO-SUCH"
    doc["items"][3]["promised_limit"] = {"value": 99, "unit": "WD"}


# -- validate ---------------------------------------------------------------------------------


def test_validate_accepts_the_sample():
    result = run("catalog", "validate", SAMPLE_CATALOG)

    assert result.returncode == 0, result.stderr
    assert "目录文件有效" in result.stdout
    assert "2026.11.01" in result.stdout


def test_validate_lists_every_problem_on_stderr(tmp_path):
    path = catalog_file(tmp_path, "2026.12.01", broken)

    result = run("catalog", "validate", path)

    assert result.returncode == 1
    assert result.stdout == ""
    assert "目录文件无效" in result.stderr and path.name in result.stderr
    assert "共 3 处" in result.stderr
    assert "- departments[0].uscc: " in result.stderr
    assert '- items[2].materials[0].material: 引用的材料 "M-NO-SUCH" 不存在' in result.stderr
    assert "- items[3].promised_limit: " in result.stderr


def test_validate_refuses_a_huge_file_quickly(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)

    result = run("catalog", "validate", huge)

    assert result.returncode == 1
    assert "huge.json" in result.stderr and "过大" in result.stderr


def test_validate_names_a_missing_file(tmp_path):
    result = run("catalog", "validate", tmp_path / "missing.json")

    assert result.returncode == 1
    assert "missing.json" in result.stderr


# -- import and export ------------------------------------------------------------------------


def test_import_then_export_round_trip(tmp_path):
    data = tmp_path / "data"
    env = admin(tmp_path)
    newer = catalog_file(tmp_path, "2026.12.01")
    older = catalog_file(tmp_path, "2026.10.15")
    out = tmp_path / "exported.json"

    first = run("catalog", "import", "--data-dir", data, newer, env=env)
    second = run("catalog", "import", "--data-dir", data, older, env=env)
    exported = run("catalog", "export", "--data-dir", data, out)

    assert first.returncode == 0, first.stderr
    assert "已导入并启用目录版本 2026.12.01" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "未启用" in second.stdout
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes() == newer.read_bytes()


def test_export_of_a_given_version(tmp_path):
    data = tmp_path / "data"
    env = admin(tmp_path)
    older = catalog_file(tmp_path, "2026.10.15")
    out = tmp_path / "old.json"
    assert run("catalog", "import", "--data-dir", data, older, env=env).returncode == 0
    assert run("catalog", "import", "--data-dir", data, catalog_file(tmp_path, "2026.12.01"), env=env).returncode == 0

    result = run("catalog", "export", "--data-dir", data, "--version", "2026.10.15", out)

    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == older.read_bytes()


def test_data_dir_before_the_command_is_honoured(tmp_path):
    data = tmp_path / "data"
    env = admin(tmp_path)
    newer = catalog_file(tmp_path, "2026.12.01")

    result = run("--data-dir", data, "catalog", "import", newer, env=env)

    assert result.returncode == 0, result.stderr
    assert "已导入并启用目录版本 2026.12.01" in result.stdout


def test_invalid_import_leaves_the_store_unchanged(tmp_path):
    data = tmp_path / "data"
    env = admin(tmp_path)
    good = catalog_file(tmp_path, "2026.12.01")
    bad = catalog_file(tmp_path, "2027.01.01", broken)
    out = tmp_path / "exported.json"
    assert run("catalog", "import", "--data-dir", data, good, env=env).returncode == 0

    result = run("catalog", "import", "--data-dir", data, bad, env=env)

    assert result.returncode == 1
    assert "导入失败，当前目录未改动" in result.stderr
    assert "items[2].materials[0].material" in result.stderr
    assert run("catalog", "export", "--data-dir", data, out).returncode == 0
    assert out.read_bytes() == good.read_bytes()


def test_export_from_an_empty_store_fails(tmp_path):
    out = tmp_path / "exported.json"

    result = run("catalog", "export", "--data-dir", tmp_path / "data", out)

    assert result.returncode == 1
    assert "没有可导出的目录版本" in result.stderr
    assert not out.exists()
