"""Start-up: the real program in a subprocess (benchmark protocol), and a store that cannot open."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui import app as ui_app

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, t0: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if t0:
        env[ui_app.BENCH_ENV] = repr(time.time())
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=timeout)


@pytest.mark.slow
def test_window_shown_line_and_quit_after(tmp_path):
    result = run_main("--data-dir", str(tmp_path / "data"), "--quit-after", "0")
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, stderr
    assert result.stdout == b""
    lines = [line for line in stderr.splitlines() if line.startswith("window-shown ")]
    assert len(lines) == 1, stderr
    seconds = lines[0].split()[1]
    assert len(seconds.split(".")[1]) == 4 and 0 < float(seconds) < 60


@pytest.mark.slow
def test_english_starts_too(tmp_path):
    result = run_main("--data-dir", str(tmp_path / "data"), "--lang", "en", "--quit-after", "0",
                      t0=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"window-shown" not in result.stderr and result.stdout == b""


def test_store_that_cannot_be_opened_says_so_and_fails(qtbot, tmp_path, message_boxes):
    not_a_dir = tmp_path / "occupied"
    not_a_dir.write_text("a file where the data directory should be", encoding="utf-8")
    status = ui_app.run_gui(not_a_dir, "zh", None)
    assert status != 0
    title, text, informative = message_boxes[0]
    assert text == "无法打开数据存储，程序不能启动。"
    assert str(not_a_dir) in informative and "事件编号" in informative


def test_an_invalid_machine_configuration_names_every_problem(qtbot, tmp_path, message_boxes,
                                                               monkeypatch):
    """Issue 13: the root checks the configuration first and the clerk reads each problem."""
    not_a_dir = tmp_path / "occupied"
    not_a_dir.write_text("a file where the data directory should be", encoding="utf-8")
    monkeypatch.setenv("COUNTER_DB_URL", "mysql://counter:pw@hall/counter")
    status = ui_app.run_gui(not_a_dir, "zh", None)
    assert status != 0
    _title, text, informative = message_boxes[0]
    assert text == "无法打开数据存储，程序不能启动。"
    assert "本机配置有误" in informative
    assert f"数据目录不是文件夹：{not_a_dir}" in informative
    assert "环境变量 COUNTER_DB_URL无效" in informative
    assert "pw@" not in informative
