"""Row ``startup``: time from process start to the first window, and to the ready main window,
against bare PySide6.

Both programs are started the same way — ``subprocess`` with ``QT_QPA_PLATFORM=offscreen``
and the same interpreter — and report when their window is shown:

* the application: ``python main.py --data-dir <tmp> --quit-after 0``;
* the baseline: ``python bench/bare_window.py`` (a ``QApplication`` and a ``QMainWindow``).

Protocol (what ``ui/app.py`` implements): the parent puts ``time.time()`` in the environment
variable ``COUNTER_BENCH_T0`` immediately before starting the child; once its FIRST window has
been shown and the event loop has turned once, the child writes the line
``window-shown <time.time() - T0, seconds>`` to stderr. The application's first window is its
start frame (:class:`ui.startup.StartFrame`: the title, 正在打开数据存储…, the data directory —
the clerk cannot work in it yet); it then writes ``phase store-open <s>`` when the store is
open and ``phase window-ready <s>`` when the main window has been built, shown and the event
loop has turned once; ``--quit-after 0`` then quits with status 0. The baseline writes only
``window-shown``.

Warm means what it means for an installed program: the data directory exists and Python's
bytecode cache is filled. The development environment sets ``PYTHONDONTWRITEBYTECODE`` (every
start would compile the project's modules again, some 0.3 s that no installed or bundled
program pays); the row therefore gives both children a private bytecode cache
(``PYTHONPYCACHEPREFIX`` in its temporary directory, ``PYTHONDONTWRITEBYTECODE`` removed).
The first start on a fresh data directory (which creates the database, imports the sample
catalog and fills the cache) runs once, untimed for the medians, and is reported as
``first_s`` (first window) and ``first_ready_s``; the bare program's first start is untimed
too. Then warm starts of the two programs alternate ``runs`` times each; the
medians are ``app_s`` (first window), ``store_open_s``, ``ready_s`` and ``bare_s``; each has its
ratio to ``bare_s`` (``ratio`` is the first window's: the issue's target ≤ 2.0, goal 1.5).
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
PHASE = re.compile(r"^phase\s+([a-z-]+)\s+(\d+(?:\.\d+)?)\s*$", re.MULTILINE)
#: The phases of the application after its first window, in order (ui/app.py).
PHASES = ("store-open", "window-ready")
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
        cache = Path(tmp) / "pycache"
        progress("首次启动（新数据目录，导入示例目录，字节码缓存为空；不计入中位数）")
        first = app_phases(data_dir, pycache=cache)
        time_to_window(bare_command(), pycache=cache)
        app: list[dict[str, float]] = []
        bare: list[float] = []
        for n in range(runs):
            bare.append(time_to_window(bare_command(), pycache=cache))
            app.append(app_phases(data_dir, pycache=cache))
            progress(f"第 {n + 1}/{runs} 次：应用首个窗口 {app[-1]['window-shown']:.3f} 秒、"
                     f"数据存储 {app[-1]['store-open']:.3f} 秒、主窗口就绪 "
                     f"{app[-1]['window-ready']:.3f} 秒，空白窗口 {bare[-1]:.3f} 秒")
    bare_s = statistics.median(bare)

    def median(phase: str) -> float:
        return statistics.median(run[phase] for run in app)

    def ratio(seconds: float) -> float | None:
        return round(seconds / bare_s, 3) if bare_s > 0 else None

    app_s, store_s, ready_s = median("window-shown"), median("store-open"), median("window-ready")
    return {
        "app_s": round(app_s, 4),
        "bare_s": round(bare_s, 4),
        "ratio": ratio(app_s),
        "store_open_s": round(store_s, 4),
        "store_open_ratio": ratio(store_s),
        "ready_s": round(ready_s, 4),
        "ready_ratio": ratio(ready_s),
        "first_s": round(first["window-shown"], 4),
        "first_ready_s": round(first["window-ready"], 4),
        "runs": runs,
        "load_1m": load_average(),
    }


def app_phases(data_dir: Path, *, timeout: float = TIMEOUT_S,
               pycache: Path | None = None) -> dict[str, float]:
    """Start the application on ``data_dir`` once (see :func:`time_phases`)."""
    return time_phases(app_command(data_dir), timeout=timeout, pycache=pycache)


def time_phases(command: list[str], *, timeout: float = TIMEOUT_S,
                pycache: Path | None = None) -> dict[str, float]:
    """Start ``command`` per the protocol once: the seconds of ``window-shown`` and of each of
    :data:`PHASES`, by name (``pycache``: see :func:`time_to_window`).

    Raises:
        StartupFailed: it failed (see :func:`time_to_window`), a phase line is missing, or the
            phases are not in their order.
    """
    stderr = _start(command, timeout=timeout, pycache=pycache)
    phases = {"window-shown": float(SHOWN.findall(stderr)[0])}
    for name, seconds in PHASE.findall(stderr):
        phases.setdefault(name, float(seconds))
    missing = [name for name in PHASES if name not in phases]
    if missing:
        raise StartupFailed(f"{_name(command)} 未输出 phase 行：{', '.join(missing)}")
    times = [phases[name] for name in ("window-shown", *PHASES)]
    if times != sorted(times):
        raise StartupFailed(f"{_name(command)} 的阶段顺序不对：{phases}")
    return phases


def time_to_window(command: list[str], *, timeout: float = TIMEOUT_S,
                   pycache: Path | None = None) -> float:
    """Start ``command`` per the protocol and return the seconds it reports for its first
    window (``window-shown``).

    Args:
        command: the program.
        timeout: seconds before it counts as failed.
        pycache: the bytecode cache of the child (``PYTHONPYCACHEPREFIX``, written even where
            the environment says ``PYTHONDONTWRITEBYTECODE``); None: the environment's.

    Raises:
        StartupFailed: the program exited non-zero, timed out, or wrote no ``window-shown`` line.
    """
    return float(SHOWN.findall(_start(command, timeout=timeout, pycache=pycache))[0])


def _start(command: list[str], *, timeout: float, pycache: Path | None = None) -> str:
    """Run ``command`` per the protocol; its stderr (it has a ``window-shown`` line)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
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
    return done.stderr


def load_average() -> float | None:
    """The one-minute load average (context for noise), where the system has one."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _name(command: list[str]) -> str:
    return " ".join(Path(c).name if os.sep in c else c for c in command[1:3])
