"""``python main.py calendar …``: an administrator publishes a year and looks at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_login import ADMIN, accounts, login_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The command; ``calendar import`` as the store's administrator (it needs a login)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if args[:2] == ("calendar", "import"):
        accounts(data_dir)
        env = login_env(data_dir.parent / "login", ADMIN, base=env)
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


def test_a_year_beyond_2099_says_the_calendar_is_not_updated(data_dir):
    r = run("calendar", "show", "2100", data_dir=data_dir)
    assert r.returncode == 1
    assert "节假日日历未更新" in r.stderr and r.stdout == ""


def test_a_year_not_published_yet_is_shown_provisionally(data_dir):
    r = run("calendar", "show", "2027", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "来源：预计（按《全国年节及纪念日放假办法》推算，未含调休）" in r.stdout
    assert "2027-02-06 周六 春节" in r.stdout and "2027-10-04 周一 国庆节（补假）" in r.stdout
    assert "调休上班：0 天" in r.stdout


def _doc(tmp_path, overrides, name="2027.json"):
    doc = tmp_path / name
    doc.write_text(json.dumps({"year": 2027, "overrides": overrides}, ensure_ascii=False),
                   encoding="utf-8")
    return doc


def test_publish_a_year_then_show_it(data_dir, tmp_path):
    from tests.store.test_calendar_service import YEAR_2027

    r = run("calendar", "import", str(_doc(tmp_path, YEAR_2027["overrides"])), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "已导入 2027 年节假日安排（管理员导入）：放假 29 天，调休上班 5 天。" in r.stdout

    r = run("calendar", "show", "2027", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "来源：管理员导入" in r.stdout and "预计" not in r.stdout
    assert "2027-01-01 周五 元旦" in r.stdout and "2027-02-20 周六 春节" in r.stdout


def test_an_implausible_year_is_refused_with_what_is_wrong(data_dir, tmp_path):
    doc = _doc(tmp_path, [{"date": "2027-01-01", "workday": False, "name": "元旦"},
                          {"date": "2027-02-08", "workday": True, "name": "春节"}])
    r = run("calendar", "import", str(doc), data_dir=data_dir)
    assert r.returncode == 1
    assert "导入失败，日历未改动" in r.stderr and "2027 年节假日安排不合常理" in r.stderr
    assert "2027-02-08（星期一）：调休上班日应为周六或周日" in r.stderr
    for festival in ("春节（2月6日）", "清明节（4月5日）", "劳动节（5月1日）", "端午节（6月9日）",
                     "中秋节（9月15日）", "国庆节（10月1日）"):
        assert f"缺少{festival}的放假安排" in r.stderr
    assert "元旦" not in r.stderr.replace("日历未改动", "")
    r = run("calendar", "show", "2027", data_dir=data_dir)
    assert r.returncode == 0 and "来源：预计" in r.stdout  # nothing stored


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
    assert r.returncode == 0 and "来源：预计" in r.stdout  # nothing stored
