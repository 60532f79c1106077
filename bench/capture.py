"""Rows ``normalise`` and ``gui_stall``: capturing pages (材料采集).

``normalise`` (:func:`run_normalise`)
    One 12-megapixel JPEG (4000×3000, a document camera's photo: paper texture, lines of
    print, sensor noise; generated with a fixed seed so it does not compress trivially) is
    normalised again and again by :func:`counter.capture.processing.normalise` in colour, as a
    certificate is. Figures: ``runs``, ``p50_ms``, ``p95_ms``, ``max_ms`` (wall time),
    ``cpu_p95_ms`` (CPU time of the thread: what the work costs regardless of other load),
    ``grey_p95_ms`` (the same photo as a greyscale material), ``grey_cpu_p95_ms``, the CPU
    time of each step of a colour run (median, ``cpu_decode_ms``, ``cpu_convert_ms``,
    ``cpu_resize_ms``, ``cpu_encode_ms``, ``cpu_blank_ms``, ``cpu_hash_ms``: the steps of
    :data:`counter.capture.processing.STAGES`), ``out_px`` (long side of the result),
    ``out_kb``, ``load_avg`` (the machine's 1-minute load when the row started, and
    ``load_avg_end`` when it ended), ``target_p95_ms`` (400, wall time) and ``within_target``.

``gui_stall``
    The longest event-loop stall while 20 such pages are imported through the desktop's
    worker (:class:`ui.capture.pages.MaterialPagesWidget` on an offscreen window): a
    ``QTimer`` ticks every 5 ms on the GUI thread and the largest gap between two ticks is
    recorded, from the moment the files are handed over until the last thumbnail is shown.
    Figures: ``pages``, ``import_s``, ``ticks``, ``max_gap_ms``, ``p99_gap_ms``,
    ``target_max_gap_ms`` (50) and ``within_target``.

``quick`` makes both small (a few runs, 2-megapixel pages): for shape tests only.
"""

from __future__ import annotations

import io
import logging
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench import index_percentile

log = logging.getLogger(__name__)

__all__ = ["run_normalise", "run_gui_stall", "photo_jpeg"]

TARGET_P95_MS = 400.0
TARGET_MAX_GAP_MS = 50.0
TICK_MS = 5
FULL_SIZE = (4000, 3000)
QUICK_SIZE = (1600, 1200)

Progress = Callable[[str], None]


def photo_jpeg(size: tuple[int, int] = FULL_SIZE, *, seed: int = 5) -> bytes:
    """A document camera's photo of a printed page: paper, lines of print, a seal, noise."""
    from PIL import Image, ImageChops, ImageDraw

    rnd = random.Random(seed)
    w, h = size
    paper = Image.linear_gradient("L").resize(size).point(lambda v: 205 + v * 0.15)
    image = Image.merge("RGB", (paper, paper.point(lambda v: v - 3), paper.point(lambda v: v - 12)))
    draw = ImageDraw.Draw(image)
    line_h = max(8, h // 60)
    for row in range(h // 12, h - h // 12, line_h):
        x = w // 12
        while x < w - w // 12:
            word = rnd.randrange(line_h, line_h * 4)
            draw.rectangle((x, row, x + word, row + line_h * 2 // 3),
                           fill=(rnd.randrange(20, 70),) * 3)
            x += word + line_h // 2
    draw.ellipse((w * 0.62, h * 0.6, w * 0.82, h * 0.6 + w * 0.2), outline=(190, 30, 30),
                 width=max(3, w // 150))
    noise = Image.effect_noise(size, 8).convert("RGB")
    image = ImageChops.add(image, noise, 1.0, -128)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _load_average() -> float | str:
    """The machine's 1-minute load average when the row starts (context for the timings:
    on a busy two-core machine wall times grow, CPU times do not); ``n/a`` where unknown."""
    import os

    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return "n/a"


def run_normalise(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """The ``normalise`` row."""
    from counter.capture.processing import STAGES, normalise

    progress = progress or (lambda _m: None)
    size = QUICK_SIZE if quick else FULL_SIZE
    runs = 3 if quick else 20
    progress(f"生成 {size[0]}×{size[1]} 测试照片")
    data = photo_jpeg(size)
    normalise(data)  # warm up (plugin imports, first allocations)
    times, cpu, grey, grey_cpu = [], [], [], []
    steps: dict[str, list[float]] = {step: [] for step in STAGES}
    page = None
    load = _load_average()
    for n in range(runs):
        stages: dict[str, float] = {}
        started, started_cpu = time.perf_counter(), time.thread_time()
        page = normalise(data, colour=True, name="bench.jpg", stages=stages)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        for step in STAGES:
            steps[step].append(stages.get(step, 0.0) * 1000)
        started, started_cpu = time.perf_counter(), time.thread_time()
        normalise(data, colour=False, name="bench.jpg")
        grey.append((time.perf_counter() - started) * 1000)
        grey_cpu.append((time.thread_time() - started_cpu) * 1000)
        if (n + 1) % 5 == 0:
            progress(f"已处理 {n + 1}/{runs}")
    p95 = index_percentile(times, 95)
    figures = {"megapixels": round(size[0] * size[1] / 1e6, 1), "in_kb": len(data) // 1024,
               "runs": runs, "p50_ms": statistics.median(times), "p95_ms": p95,
               "max_ms": max(times), "cpu_p50_ms": statistics.median(cpu),
               "cpu_p95_ms": index_percentile(cpu, 95)}
    figures.update({f"cpu_{step}_ms": statistics.median(steps[step]) for step in STAGES})
    figures.update({"grey_p95_ms": index_percentile(grey, 95),
                    "grey_cpu_p95_ms": index_percentile(grey_cpu, 95),
                    "out_px": max(page.width, page.height),
                    "out_kb": len(page.jpeg_bytes) // 1024, "load_avg": load,
                    "load_avg_end": _load_average(), "target_p95_ms": TARGET_P95_MS,
                    "within_target": p95 <= TARGET_P95_MS})
    return figures


def run_gui_stall(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """The ``gui_stall`` row (needs Qt; runs offscreen when no display is set)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from counter.clock import SystemClock
    from counter.intake.intake import Intake, MaterialState
    from counter.services.capture import CaptureService
    from counter.store.blobs import BlobStore
    from ui.capture.pages import MaterialPagesWidget

    progress = progress or (lambda _m: None)
    app = QApplication.instance() or QApplication([])
    pages = 4 if quick else 20
    size = QUICK_SIZE if quick else FULL_SIZE
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        root = Path(tmp)
        progress(f"生成 {pages} 张 {size[0]}×{size[1]} 测试照片")
        files = []
        for n in range(pages):
            path = root / f"IMG_{n + 1:04d}.jpg"
            path.write_bytes(photo_jpeg(size, seed=100 + n))
            files.append(path)
        clock = SystemClock()
        now = clock.now()
        intake = Intake(id="bench", kind="item", key="bench", catalog_version="bench",
                        answers={}, form={}, materials={"M": MaterialState("M")},
                        created_at=now, updated_at=now)
        service = CaptureService(BlobStore(root / "blobs"), clock)
        widget = MaterialPagesWidget(service, intake, "M")
        widget.resize(1000, 400)
        widget.show()
        app.processEvents()

        gaps: list[float] = []
        elapsed = QElapsedTimer()
        last = [0]

        def tick() -> None:
            now_ns = elapsed.nsecsElapsed()
            gaps.append((now_ns - last[0]) / 1e6)
            last[0] = now_ns

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        loop = QEventLoop()
        done = {"n": 0}

        def one_done(ok: bool) -> None:
            done["n"] += 1
            if done["n"] == pages:
                # let the last thumbnails and the re-render happen while still measuring
                QTimer.singleShot(100, loop.quit)

        progress(f"经后台线程导入 {pages} 页，同时测量界面卡顿")
        elapsed.start()
        timer.start()
        started = time.perf_counter()
        for path in files:  # one job per file, as the hot folder hands them over
            widget.add_files([path], on_done=one_done)
        QTimer.singleShot(300_000, loop.quit)  # never hang a bench run
        loop.exec()
        import_s = time.perf_counter() - started
        timer.stop()
        count = widget.page_count()
        widget.close()
        widget.deleteLater()
        app.processEvents()
    max_gap = max(gaps) if gaps else 0.0
    return {"pages": count, "import_s": import_s, "ticks": len(gaps), "max_gap_ms": max_gap,
            "p99_gap_ms": index_percentile(gaps, 99), "target_max_gap_ms": TARGET_MAX_GAP_MS,
            "within_target": max_gap <= TARGET_MAX_GAP_MS and count == pages}
