"""The ``sync`` benchmark row runs end to end at a tiny size and reports its figures (shape only:
the machine is shared, timings are never asserted)."""

from __future__ import annotations

import pytest

FIGURES = {"events", "pages", "page_kb", "bare_s", "worker_s", "ratio", "events_per_s", "mb_per_s",
           "worker_c4_s", "ratio_c4", "peak_rss_mb", "bare_rss_mb", "target_ratio",
           "target_rss_mb", "within_target", "store_cached", "load_1m"}


@pytest.mark.slow
def test_sync_row_shape(tmp_path):
    from bench import row_names
    from bench.sync import bench_sync, prepared_store

    assert "sync" in row_names()
    messages = []
    figures = bench_sync(8, 4, 4, progress=messages.append, cache_root=tmp_path)
    assert set(figures) == FIGURES
    assert figures["events"] == 32 and figures["pages"] == 4
    assert figures["ratio"] > 0 and figures["peak_rss_mb"] > 0
    assert any("worker_c4" in m for m in messages)
    assert figures["store_cached"] is False
    _store, built = prepared_store(8, 4, 4, tmp_path, messages.append)
    assert built is False  # kept for the next run
