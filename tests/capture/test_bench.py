"""The ``normalise`` bench row in quick mode: its shape, not its speed."""

from __future__ import annotations

from bench import ROWS
from bench.capture import photo_jpeg, run_normalise


def test_rows_are_registered():
    rows = {r.name: (r.module, r.entry) for r in ROWS}
    assert rows["normalise"] == ("bench.capture", "run_normalise")
    assert rows["gui_stall"] == ("bench.capture", "run_gui_stall")


def test_normalise_quick_figures():
    lines = []
    figures = run_normalise(quick=True, progress=lines.append)
    assert figures["runs"] == 3 and figures["out_px"] == 1600
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["target_p95_ms"] == 400.0 and isinstance(figures["within_target"], bool)
    assert lines


def test_normalise_reports_cpu_per_step_and_load():
    from counter.capture.processing import STAGES

    figures = run_normalise(quick=True)
    for step in STAGES:
        assert figures[f"cpu_{step}_ms"] >= 0
    assert figures["cpu_p50_ms"] <= figures["cpu_p95_ms"]
    assert figures["grey_cpu_p95_ms"] > 0
    assert "load_avg" in figures and "load_avg_end" in figures


def test_photo_is_not_trivially_compressible():
    assert len(photo_jpeg((800, 600))) > 800 * 600 // 10
