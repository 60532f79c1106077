"""Benchmarks (性能基准): a small registry of rows and a runner.

A *row* is one module of this package with a function ``run(*, quick=False, progress=…)``
that measures one thing and returns a flat dict of figures (numbers, or short strings).
``python main.py bench`` runs them all, or those named with ``--only``; see
``docs/benchmarks.md``.

To add a row: write ``bench/<name>.py`` with a ``run`` function and add a :class:`Row` to
:data:`ROWS`. Rows are imported only when they run, so a row's heavy imports (Qt, the
store) cost nothing to the others.

Progress goes through the ``progress`` callback (the CLI prints it on stderr); a row never
prints on stdout, which carries the result (``--json`` makes it exactly one JSON object).
"""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

log = logging.getLogger(__name__)

__all__ = ["Row", "ROWS", "row_names", "unknown_rows", "run_rows", "format_table"]

Figures = dict[str, Any]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Row:
    """One benchmark row.

    Attributes:
        name: the name on the command line and in the JSON output.
        module: the dotted name of the module that measures it (``bench.search``).
        title: one line saying what is measured (Chinese, for the progress lines).
        entry: the function of that module, called as ``entry(quick=…, progress=…)``.
    """

    name: str
    module: str
    title: str
    entry: str = "run"

    def load(self) -> Callable[..., Figures]:
        """The row's function (imports the row's module)."""
        return getattr(importlib.import_module(self.module), self.entry)


#: Every row, in the order they run and print.
ROWS: tuple[Row, ...] = (
    Row("search", "bench.search", "事项检索：逐键输入时每次查询的耗时（生成的大目录）"),
    Row("startup", "bench.startup", "启动耗时：进程启动到首个窗口（目标 ≤ 空白 PySide6 窗口的 2 倍）、数据存储打开、主窗口就绪"),
    Row("accept", "bench.accept", "受理：库中已有 100 万件时受理服务调用的 p95 耗时（目标 ≤ 50 毫秒）"),
    Row("lookup", "bench.accept", "按办件编号打开办件的 p95 耗时（100 万件，目标 ≤ 2 毫秒）",
        entry="run_lookup"),
    Row("db_bytes_per_case", "bench.accept", "办件库文件大小 / 办件数（批量写入后，未 VACUUM）",
        entry="run_db_bytes"),
    Row("receipt", "bench.receipt", "受理通知书生成：p95 耗时，与同一字体的一页 reportlab PDF 之比（目标 ≤ 3）"),
    Row("sync", "bench.sync", "同步：1 万条事件与 2000 个 200 KB 附件发往本机模拟平台，吞吐与裸 httpx 循环之比（目标 ≥ 0.7）及峰值内存（≤ 300 MB）"),
    Row("normalise", "bench.capture", "页面规范化：一张 1200 万像素 JPEG 的 p95 耗时（目标 ≤ 400 毫秒）",
        entry="run_normalise"),
    Row("gui_stall", "bench.capture", "导入 20 页时界面事件循环的最长卡顿（5 毫秒定时器，目标 ≤ 50 毫秒）",
        entry="run_gui_stall"),
    Row("gui_stall_decide", "bench.decide", "经键盘受理并打印 20 件时界面事件循环的最长卡顿（目标 ≤ 16 毫秒）"),
)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` by nearest rank (as latency reports use): the
    smallest value with at least ``pct`` % of the values at or below it; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def index_percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` as the value at the rounded index
    ``pct/100 × (n − 1)`` (the event-loop stall rows ``gui_stall`` and ``gui_stall_decide``
    report their gaps this way); 0.0 for none."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def row_names() -> list[str]:
    return [r.name for r in ROWS]


def unknown_rows(names: list[str]) -> list[str]:
    """The names that are not rows."""
    known = set(row_names())
    return [n for n in names if n not in known]


def run_rows(names: list[str] | None = None, *, quick: bool = False,
             progress: Progress | None = None, rows: Sequence[Row] = ROWS) -> dict[str, Figures]:
    """Run the rows named (default all) and return their figures by row name.

    A row that raises gets ``{"error": "<message>"}`` instead of figures; the other rows
    still run. ``quick`` asks rows for small sizes (tests, smoke runs): the figures then say
    little about performance. ``rows`` is the registry (tests pass their own).
    """
    progress = progress or (lambda message: None)
    wanted = set(names) if names else None
    results: dict[str, Figures] = {}
    for row in rows:
        if wanted is not None and row.name not in wanted:
            continue
        progress(f"[{row.name}] {row.title}")
        started = time.perf_counter()
        try:
            figures = dict(row.load()(quick=quick, progress=progress))
        except Exception as e:  # noqa: BLE001 - a failed row is reported, the others run
            log.exception("bench row %s failed", row.name)
            figures = {"error": f"{type(e).__name__}: {e}"}
        progress(f"[{row.name}] 完成，用时 {time.perf_counter() - started:.1f} 秒")
        results[row.name] = figures
    return results


def format_table(results: dict[str, Figures]) -> str:
    """The figures as a plain text table: one line per figure, grouped by row."""
    lines = [f"{'row':<10} {'figure':<16} value", "-" * 40]
    for name, figures in results.items():
        first = True
        for key, value in figures.items():
            lines.append(f"{name if first else '':<10} {key:<16} {_fmt(value)}")
            first = False
        if not figures:
            lines.append(f"{name:<10} (no figures)")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return str(value)
