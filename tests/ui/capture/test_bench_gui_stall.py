"""The ``gui_stall`` bench row in quick mode: its shape, not its speed."""

from __future__ import annotations

from bench.capture import run_gui_stall


def test_gui_stall_quick_figures(qapp):
    figures = run_gui_stall(quick=True)
    assert figures["pages"] == 4
    assert figures["ticks"] > 0 and figures["max_gap_ms"] >= figures["p99_gap_ms"] > 0
    assert figures["target_max_gap_ms"] == 50.0 and isinstance(figures["within_target"], bool)
