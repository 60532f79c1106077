"""Row ``gui_stall_decide``: the window stays fluid while the clerk decides and prints (受理不卡顿).

A real :class:`ui.main_window.MainWindow` (offscreen when no display is set) on a fresh
training store with the PDF renderer wired as ``main.py`` does and a clerk logged in. Twenty
drafts (sample catalog items filled by :class:`counter.cases.demo.FormFiller`, every material
received) are made first; then, for each, the draft is opened on the intake screen and the
clerk's keys are sent: ``Ctrl+Enter`` (受理: the accept with its receipt render), ``Enter`` in
the result dialog (打印受理通知书 on this counter's printer), ``Enter`` again (next applicant).
The printer is a PDF-file ``QPrinter`` (no dialog, no driver); the pages are rasterised and
painted on it as for a real printer (the shortcut that writes a PDF printer's bytes directly is
bypassed, so the painting costs what it costs on paper).

Meanwhile a ``QTimer`` ticks every :data:`TICK_MS` on the GUI thread (the probe of the
``gui_stall`` row): a gap between two ticks is how long the event loop could not run.

Figures: ``accepts``, ``printed``, ``total_s``, ``per_accept_ms`` (keys to printed, mean),
``ticks``, ``max_gap_ms`` (the longest stall), ``p50_gap_ms``, ``p95_gap_ms``, ``p99_gap_ms``,
``target_max_gap_ms`` (16: one frame at 60 Hz) and ``within_target``. ``quick``: 3 accepts.
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench import index_percentile

log = logging.getLogger(__name__)

__all__ = ["run"]

TARGET_MAX_GAP_MS = 16.0
TICK_MS = 5
ACCEPTS = 20
TIMEOUT_S = 30.0

Progress = Callable[[str], None]


def run(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """The ``gui_stall_decide`` row (needs Qt; offscreen when no display is set)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    progress = progress or (lambda _m: None)
    app = QApplication.instance() or QApplication([])
    count = 3 if quick else ACCEPTS
    with tempfile.TemporaryDirectory(prefix="counter-bench-decide-") as tmp:
        return _measure(app, Path(tmp), count, progress)


def _context(root: Path):
    """A training store with the decisions' renderer, a clerk logged in and enforcing."""
    from bootstrap import open_context
    from counter.security import fast_hasher

    ctx = open_context(root / "data", hasher=fast_hasher())  # the decisions' PDF renderer
    ctx.site.make_training()
    users = ctx.users
    users.create_first_admin("b0001", "基准甲", "Bench#Desk2026")
    session = users.login("b0001", "Bench#Desk2026")
    users.set_roles(session.actor, "b0001", ["admin", "clerk"])
    users.login("b0001", "Bench#Desk2026")
    ctx.permissions.guard.enforce(True)
    return ctx


def _drafts(ctx, count: int) -> list:
    """``count`` drafts of sample items that can be accepted (filled, materials received)."""
    import random
    from datetime import date

    from counter.cases.demo import DemoPeople, FormFiller, choose_applicant_kind, receive_all

    rng = random.Random(13)
    filler = FormFiller(DemoPeople(rng, date.today()))
    actor = ctx.permissions.guard.actor()
    items = [i.code for i in ctx.catalog.active().items]
    drafts = []
    for n in range(count):
        intake = ctx.intake.start("item", items[n % len(items)], actor)
        spec = ctx.intake.spec(intake)
        intake.applicant_kind = choose_applicant_kind(spec, rng)
        filler.fill(intake, spec)
        receive_all(intake, spec)
        ctx.intake.save(intake, actor)
        drafts.append(intake)
    return drafts


def _pdf_printer(folder: Path, jobs: list[Path]):
    """Every print goes to a new PDF-file QPrinter, painted page by page like paper."""
    from PySide6.QtPrintSupport import QPrinter

    from printing import printer

    def open_printer(_name):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = folder / f"job{len(jobs):02d}.pdf"
        p.setOutputFileName(str(path))
        jobs.append(path)
        return p

    def print_pdf(p, pdf: bytes, *, title: str = "") -> int:
        printer.prepare(p, pdf, title=title)
        return printer.paint_pdf(p, pdf)

    saved = printer.open_printer, printer.print_pdf
    printer.open_printer, printer.print_pdf = open_printer, print_pdf
    return lambda: (setattr(printer, "open_printer", saved[0]),
                    setattr(printer, "print_pdf", saved[1]))


def _measure(app, root: Path, count: int, progress: Progress) -> dict:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui import ops
    from ui.main_window import MainWindow

    progress("建立练习库并登录")
    ctx = _context(root)
    drafts = _drafts(ctx, count)
    jobs: list[Path] = []
    (root / "prints").mkdir()
    restore = _pdf_printer(root / "prints", jobs)
    errors: list[str] = []
    saved_exec = QMessageBox.exec

    def no_box(box) -> int:  # an error box would wait for a person: record it instead
        errors.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    QMessageBox.exec = no_box
    window = MainWindow(ctx, actor=ctx.permissions.guard.actor)
    try:
        window.resize(1366, 768)
        window.show()
        window.activateWindow()
        app.processEvents()
        window.desk.documents.warm_up()  # as the program does once the window is shown
        window.desk.documents._warm.join(60)
        screen = window.desk.intake_screen

        gaps: list[float] = []
        elapsed = QElapsedTimer()
        last = [0]

        phase = ["start"]
        worst: dict[str, float] = {}

        def tick() -> None:
            now_ns = elapsed.nsecsElapsed()
            gap = (now_ns - last[0]) / 1e6
            gaps.append(gap)
            last[0] = now_ns
            worst[phase[0]] = max(worst.get(phase[0], 0.0), gap)

        def wait(predicate, timeout_s: float = TIMEOUT_S) -> None:
            # Sleeps between events like the program's own event loop (``exec``). Not
            # ``processEvents(flags, 5)``: with a time limit Qt drops WaitForMoreEvents, and
            # the GUI thread spun, taking a core and the interpreter lock from the worker.
            # The probe's timer (every TICK_MS; a single shot when it is stopped) wakes it.
            deadline = time.perf_counter() + timeout_s
            while not predicate():
                if time.perf_counter() > deadline:
                    raise TimeoutError("gui_stall_decide: the desk did not answer in time")
                if not probe.isActive():
                    QTimer.singleShot(TICK_MS, lambda: None)
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

        def key(target, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
            QTest.keyClick(QApplication.focusWidget() or target, k, modifier)

        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(TICK_MS)
        probe.timeout.connect(tick)
        per_accept: list[float] = []
        printed = 0
        progress(f"经键盘受理并打印 {count} 件，同时测量界面卡顿")
        elapsed.start()
        probe.start()
        started = time.perf_counter()
        for n, intake in enumerate(drafts):
            # opening the draft (building its form) is not part of the decision: not measured
            probe.stop()
            window.desk.resume(intake)
            app.processEvents()
            window.activateWindow()
            wait(lambda: QApplication.activeWindow() is window, 5)
            if not screen.isAncestorOf(QApplication.focusWidget()):
                screen.activate()  # the focus where the clerk types (the first open field)
            app.processEvents()
            last[0] = elapsed.nsecsElapsed()
            probe.start()
            one = time.perf_counter()
            decided: list[str] = []
            screen.decided.connect(lambda _a, no: decided.append(no))
            phase[0] = "accept"
            key(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 受理
            wait(lambda: decided or (errors and ops.default_runner().is_idle()))
            screen.decided.disconnect()
            if not decided:
                raise RuntimeError(f"gui_stall_decide: accept refused: {errors[-1]}")
            dialog = screen.actions.dialog
            phase[0] = "dialog"
            wait(dialog.isVisible)
            phase[0] = "print"
            key(dialog, Qt.Key.Key_Return)  # 打印受理通知书
            wait(lambda: dialog.print_status.isVisible())
            if "已打印" in dialog.print_status.text():
                printed += 1
            per_accept.append((time.perf_counter() - one) * 1000)
            phase[0] = "next"
            key(dialog, Qt.Key.Key_Return)  # 完成，接待下一位
            wait(lambda: not dialog.isVisible())
            if (n + 1) % 5 == 0:
                progress(f"已受理并打印 {n + 1}/{count}")
        total_s = time.perf_counter() - started
        wait(ops.default_runner().is_idle)
        probe.stop()
    finally:
        QMessageBox.exec = saved_exec
        restore()
        window.close()
        window.deleteLater()
        app.processEvents()
        ctx.close()
    max_gap = max(gaps) if gaps else 0.0
    return {"accepts": count, "printed": printed, "errors": len(errors), "total_s": total_s,
            "per_accept_ms": statistics.mean(per_accept) if per_accept else 0.0,
            "ticks": len(gaps), "max_gap_ms": max_gap, "p50_gap_ms": index_percentile(gaps, 50),
            "p95_gap_ms": index_percentile(gaps, 95), "p99_gap_ms": index_percentile(gaps, 99),
            "worst_phase": max(worst, key=worst.get) if worst else "",
            **{f"max_{name}_ms": gap for name, gap in worst.items()},
            "target_max_gap_ms": TARGET_MAX_GAP_MS,
            "within_target": max_gap <= TARGET_MAX_GAP_MS and printed == count}
