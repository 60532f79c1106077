"""The ``gui_stall_decide`` bench row in quick mode: its shape, not its speed."""

from __future__ import annotations

from bench import ROWS
from bench.decide import run


def test_row_is_registered():
    rows = {r.name: (r.module, r.entry) for r in ROWS}
    assert rows["gui_stall_decide"] == ("bench.decide", "run")


def test_quick_figures(qapp):
    figures = run(quick=True)
    assert figures["accepts"] == 3 and figures["printed"] == 3 and figures["errors"] == 0
    assert figures["ticks"] > 0
    assert figures["max_gap_ms"] >= figures["p99_gap_ms"] >= figures["p50_gap_ms"] > 0
    assert figures["per_accept_ms"] > 0 and figures["worst_phase"] in ("accept", "dialog",
                                                                        "print", "next")
    assert figures["target_max_gap_ms"] == 16.0 and isinstance(figures["within_target"], bool)
