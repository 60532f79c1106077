"""Benchmarks: the generated catalog, the rows' figures, the runner and ``main.py bench``.

These tests check shapes and correctness only; they never assert timings (the machine is
shared and noisy — the benchmarks themselves measure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from bench import ROWS, Row, format_table, row_names, run_rows, unknown_rows
from bench.gen_catalog import generate_catalog
from bench.search import FIXED_QUERIES, bench_search, keystrokes, percentile, query_mix
from bench.startup import StartupFailed, bare_command, time_phases, time_to_window
from tests.conftest import ROOT

SEARCH_FIGURES = {"items", "options", "packages", "build_s", "build_cpu_s", "queries", "p50_ms",
                  "p95_ms", "max_ms", "cpu_p50_ms", "cpu_p95_ms", "target_p95_ms", "within_target",
                  "load_1m"}
STARTUP_FIGURES = {"app_s", "bare_s", "ratio", "store_open_s", "store_open_ratio", "ready_s",
                   "ready_ratio", "first_s", "first_ready_s", "runs", "load_1m"}


# -- the generated catalog -------------------------------------------------------------------

@pytest.fixture(scope="module")
def small():
    return generate_catalog(items=120, options=720)


def test_generated_catalog_has_the_sizes_asked_for(small):
    assert len(small.items) == 120
    assert sum(len(q.options) for i in small.items for q in i.questions) == 720
    assert len(small.packages) == 2


def test_generated_catalog_full_size_counts():
    catalog = generate_catalog()
    assert len(catalog.items) == 2000
    assert sum(len(q.options) for i in catalog.items for q in i.questions) == 12000
    assert len({i.name for i in catalog.items}) == 2000


def test_generated_catalog_is_consistent(small):
    from stdnum.cn import uscc

    assert all(uscc.is_valid(d.uscc) for d in small.departments)
    assert len({i.code for i in small.items}) == len(small.items)
    assert len({i.name for i in small.items}) == len(small.items)
    for item in small.items:
        assert len(item.code) == 31
        assert item.code.startswith(small.department(item.department).uscc)
        for f in item.fields:
            small.field(f.field)
        qids = {q.id for q in item.questions}
        for m in item.materials:
            small.material(m.material)
            for key in (m.when or {}):
                assert key in qids
        for q in item.questions:
            assert len(q.options) >= 2
            assert len({o.value for o in q.options}) == len(q.options)
    for p in small.packages:
        assert p.name.endswith("一件事")
        assert all(small.has_item(code) for code in p.items)


def test_generated_catalog_is_reproducible():
    a, b = generate_catalog(items=50, options=300), generate_catalog(items=50, options=300)
    assert a == b
    assert generate_catalog(items=50, options=300, seed=1) != a


# -- the search row --------------------------------------------------------------------------

def test_search_row_figures(small):
    figures = bench_search(items=60, options=360, rounds=1, per_kind=3)
    assert set(figures) == SEARCH_FIGURES
    assert (figures["items"], figures["options"]) == (60, 360)
    assert figures["queries"] > 0
    assert 0 <= figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert 0 <= figures["cpu_p50_ms"] <= figures["cpu_p95_ms"]
    assert figures["target_p95_ms"] == 10.0
    assert isinstance(figures["within_target"], bool)
    json.dumps(figures)


def test_query_mix_covers_every_kind_and_finds_what_it_should(small):
    from counter.catalog.search import SearchIndex

    mix = query_mix(small, per_kind=5)
    assert {kind for kind, _ in mix} == {"chinese", "initials", "pinyin", "code", "single", "miss"}
    fixed = {q for _, q in FIXED_QUERIES}
    index = SearchIndex(small)
    for kind, query in mix:
        if query not in fixed:  # drawn from this catalog: must find something
            assert index.search(query), (kind, query)
        if kind == "miss":
            assert index.search(query) == [], query


def test_keystrokes_and_percentile():
    assert keystrokes(["gtg", "个体"]) == ["g", "gt", "gtg", "个", "个体"]
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert percentile([], 95) == 0.0


# -- the startup row (protocol) --------------------------------------------------------------

_REPORTER = ("import os, sys, time; sys.stderr.write('log line\\n'); "
             "sys.stderr.write('window-shown %.4f\\n' % (time.time() - float(os.environ['COUNTER_BENCH_T0'])))")


def test_time_to_window_reads_the_protocol_line():
    seconds = time_to_window([sys.executable, "-c", _REPORTER])
    assert 0 <= seconds < 60


def test_time_to_window_fails_clearly():
    with pytest.raises(StartupFailed, match="退出码 3"):
        time_to_window([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(3)"])
    with pytest.raises(StartupFailed, match="window-shown"):
        time_to_window([sys.executable, "-c", "pass"])


def _phase_reporter(*lines: str) -> list[str]:
    """A child that writes ``lines`` (``name seconds``: ``window-shown 0.2``, ``phase x 0.5``)
    to stderr, with a log line between them."""
    body = "; ".join(f"sys.stderr.write('log line\\n{line}\\n')" for line in lines)
    return [sys.executable, "-c", f"import sys; {body}"]


def test_time_phases_reads_every_phase_line():
    phases = time_phases(_phase_reporter("window-shown 0.2000", "phase store-open 0.9000",
                                         "phase window-ready 1.4000"))
    assert phases == {"window-shown": 0.2, "store-open": 0.9, "window-ready": 1.4}


def test_time_phases_fails_on_a_missing_or_misordered_phase():
    with pytest.raises(StartupFailed, match="window-ready"):
        time_phases(_phase_reporter("window-shown 0.2000", "phase store-open 0.9000"))
    with pytest.raises(StartupFailed, match="顺序"):
        time_phases(_phase_reporter("window-shown 0.2000", "phase store-open 1.9000",
                                    "phase window-ready 1.4000"))


@pytest.mark.slow
def test_bare_window_follows_the_protocol():
    assert time_to_window(bare_command()) > 0


@pytest.mark.slow
def test_startup_row_figures():
    if not (ROOT / "ui" / "app.py").exists():
        pytest.skip("ui/app.py is not there yet")
    from bench.startup import bench_startup

    figures = bench_startup(runs=1)
    assert set(figures) == STARTUP_FIGURES
    assert figures["app_s"] > 0 and figures["bare_s"] > 0 and figures["ratio"] > 0
    # the first window comes before the store, the store before the ready main window
    assert figures["app_s"] <= figures["store_open_s"] <= figures["ready_s"]
    assert figures["ratio"] <= figures["store_open_ratio"] <= figures["ready_ratio"]
    assert figures["first_s"] <= figures["first_ready_s"]


# -- the runner and the command ----------------------------------------------------------------

def test_registry():
    assert row_names()[:2] == ["search", "startup"]
    assert all(callable(row.load()) for row in ROWS)
    assert unknown_rows(["search", "nope"]) == ["nope"]


def boom(*, quick: bool = False, progress=None) -> dict:
    raise RuntimeError("测量失败")


def fine(*, quick: bool = False, progress=None) -> dict:
    progress("working")
    return {"quick": quick, "value": 1.5}


def test_a_failing_row_is_reported_and_the_others_run():
    rows = (Row("boom", __name__, "会失败", entry="boom"), Row("fine", __name__, "正常", entry="fine"))
    lines: list[str] = []
    results = run_rows(None, quick=True, progress=lines.append, rows=rows)
    assert results == {"boom": {"error": "RuntimeError: 测量失败"},
                       "fine": {"quick": True, "value": 1.5}}
    assert "working" in lines
    assert "fine" in format_table(results) and "1.500" in format_table(results)
    assert run_rows(["fine"], rows=rows) == {"fine": {"quick": False, "value": 1.5}}


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"json": False, "only": None, "quick": True, **kw})


def test_command_json_in_process(capsys):
    from cli.bench_cmd import _bench

    assert _bench(_args(json=True, only="search")) == 0
    out, err = capsys.readouterr()
    figures = json.loads(out)
    assert list(figures) == ["search"] and set(figures["search"]) == SEARCH_FIGURES
    assert "[search]" in err


def test_command_table_in_process(capsys):
    from cli.bench_cmd import _bench

    assert _bench(_args(only="search")) == 0
    out, _ = capsys.readouterr()
    assert "p95_ms" in out and "search" in out


def test_command_unknown_row(capsys):
    from cli.bench_cmd import _bench

    assert _bench(_args(only="search,nope")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "nope" in err and "search" in err


@pytest.mark.slow
def test_main_bench_json_subprocess():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "main.py", "bench", "--json", "--only", "search", "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert list(figures) == ["search"]
    assert set(figures["search"]) == SEARCH_FIGURES


@pytest.mark.slow
def test_main_bench_unknown_row_exits_2():
    done = subprocess.run([sys.executable, "main.py", "bench", "--only", "nope"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "nope" in done.stderr
