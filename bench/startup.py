"""Row ``startup``: time from process start to the main window shown, against bare PySide6.

Both programs are started the same way — ``subprocess`` with ``QT_QPA_PLATFORM=offscreen``
and the same interpreter — and report when their window is shown:

* the application: ``python main.py --data-dir <tmp> --quit-after 0``;
* the baseline: ``python bench/bare_window.py`` (a ``QApplication`` and a ``QMainWindow``).

Protocol (what ``ui/app.py`` implements): the parent puts ``time.time()`` in the environment
variable ``COUNTER_BENCH_T0`` immediately before starting the child; once the main window has
been shown and the event loop has turned once, the child writes the line
``window-shown <time.time() - T0, seconds>`` to stderr; ``--quit-after 0`` then quits with
status 0. The figure therefore includes interpreter start, imports, opening the store and
building the window — what a clerk waits for — and is comparable between the two programs.

The first start on a fresh data directory (which creates the database and imports the sample
catalog) runs once, untimed for the median, and is reported as ``first_s``. Then warm starts
of the two programs alternate ``runs`` times each; the medians are ``app_s`` and ``bare_s`` and
``ratio`` is ``app_s / bare_s``.
"""

from __future__ import annotations

import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = "COUNTER_BENCH_T0"
SHOWN = re.compile(r"^window-shown\s+(\d+(?:\.\d+)?)\s*$", re.MULTILINE)
RUNS, QUICK_RUNS = 5, 1
TIMEOUT_S = 120.0


class StartupFailed(RuntimeError):
    """A program did not report its window (crashed, timed out, or ignored the protocol)."""


def run(*, quick: bool = False, progress: Callable[[str], None] | None = None) -> dict:
    """The row as ``python main.py bench`` runs it (``quick``: one run each)."""
    return bench_startup(runs=QUICK_RUNS if quick else RUNS, progress=progress)


def app_command(data_dir: Path) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--quit-after", "0"]


def bare_command() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "bare_window.py")]


def bench_startup(runs: int = RUNS, *, progress: Callable[[str], None] | None = None) -> dict:
    """Start the application and the baseline ``runs`` times each, alternating; medians."""
    progress = progress or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        progress("首次启动（新数据目录，导入示例目录；不计入中位数）")
        first = time_to_window(app_command(data_dir))
        app, bare = [], []
        for n in range(runs):
            bare.append(time_to_window(bare_command()))
            app.append(time_to_window(app_command(data_dir)))
            progress(f"第 {n + 1}/{runs} 次：应用 {app[-1]:.3f} 秒，空白窗口 {bare[-1]:.3f} 秒")
    app_s, bare_s = statistics.median(app), statistics.median(bare)
    return {
        "app_s": round(app_s, 4),
        "bare_s": round(bare_s, 4),
        "ratio": round(app_s / bare_s, 3) if bare_s > 0 else None,
        "first_s": round(first, 4),
        "runs": runs,
    }


def time_to_window(command: list[str], *, timeout: float = TIMEOUT_S) -> float:
    """Start ``command`` per the protocol and return the seconds it reports.

    Raises:
        StartupFailed: the program exited non-zero, timed out, or wrote no ``window-shown`` line.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[BENCH_ENV] = repr(time.time())
    try:
        done = subprocess.run(command, env=env, cwd=str(ROOT), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise StartupFailed(f"{_name(command)} 在 {timeout:.0f} 秒内未退出") from e
    found = SHOWN.findall(done.stderr)
    if done.returncode != 0 or not found:
        tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        why = f"退出码 {done.returncode}" if done.returncode != 0 else "未输出 window-shown 行"
        raise StartupFailed(f"{_name(command)} 启动失败（{why}）：\n{tail}")
    if done.stdout.strip():
        log.warning("%s wrote to stdout: %r", _name(command), done.stdout[:200])
    return float(found[0])


def _name(command: list[str]) -> str:
    return " ".join(Path(c).name if os.sep in c else c for c in command[1:3])
