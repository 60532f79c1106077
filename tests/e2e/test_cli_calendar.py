"""``python main.py calendar …``: an administrator publishes a year and looks at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def test_show_a_builtin_year(data_dir):
    r = run("calendar", "show", "2026", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "2026 年节假日安排（来源：国务院办公厅通知（内置））" in r.stdout
    assert "2026-10-01 周四 国庆节" in r.stdout
    holidays, make_up = r.stdout.split("调休上班：")
    assert "2026-02-17 周二 春节" in holidays and "2026-09-25 周五 中秋节" in holidays
    assert "2026-09-20 周日 国庆节" in make_up and "2026-10-10 周六 国庆节" in make_up


def test_an_unknown_year_says_the_calendar_is_not_updated(data_dir):
    r = run("calendar", "show", "2027", data_dir=data_dir)
    assert r.returncode == 1
    assert "节假日日历未更新" in r.stderr and r.stdout == ""


def test_publish_a_year_then_show_it(data_dir, tmp_path):
    doc = tmp_path / "2027.json"
    doc.write_text(json.dumps({"year": 2027, "overrides": [
        {"date": "2027-01-01", "workday": False, "name": "元旦"},
        {"date": "2027-02-06", "workday": True, "name": "春节"},
    ]}, ensure_ascii=False), encoding="utf-8")
    r = run("calendar", "import", str(doc), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "已导入 2027 年节假日安排（管理员导入）：放假 1 天，调休上班 1 天。" in r.stdout

    r = run("calendar", "show", "2027", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "来源：管理员导入" in r.stdout
    assert "2027-01-01 周五 元旦" in r.stdout and "2027-02-06 周六 春节" in r.stdout


def test_an_invalid_file_changes_nothing(data_dir, tmp_path):
    doc = tmp_path / "2028.json"
    doc.write_text(json.dumps({"year": 2028, "overrides": [
        {"date": "2029-01-01", "workday": "no"}]}), encoding="utf-8")
    r = run("calendar", "import", str(doc), data_dir=data_dir)
    assert r.returncode == 1
    assert "导入失败，日历未改动" in r.stderr
    assert "overrides[0].date：不在 2028 年内" in r.stderr
    assert "overrides[0].workday" in r.stderr

    r = run("calendar", "import", str(tmp_path / "missing.json"), data_dir=data_dir)
    assert r.returncode == 1 and "找不到文件" in r.stderr

    r = run("calendar", "show", "2028", data_dir=data_dir)
    assert r.returncode == 1 and "节假日日历未更新" in r.stderr
