"""Rows ``accept``, ``lookup``, ``db_bytes_per_case``: figures' shape and the prepared store's
correctness, with small stores (the timings themselves are never asserted)."""

from __future__ import annotations

import json

import pytest

import bench.accept as rows
from bench import ROWS
from counter.cases.numbering import case_no_problem
from tests.unit.cases.helpers import DESK


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-cache")


def test_rows_are_registered():
    entries = {r.name: (r.module, r.entry) for r in ROWS}
    assert entries["accept"] == ("bench.accept", "run")
    assert entries["lookup"] == ("bench.accept", "run_lookup")
    assert entries["db_bytes_per_case"] == ("bench.accept", "run_db_bytes")


@pytest.mark.slow
def test_figures_and_a_reused_store(cache):
    lines: list[str] = []
    accept = rows.bench_accept(300, 4, cache_root=cache, templates=12, progress=lines.append)
    assert {"cases_in_store", "accepts", "p50_ms", "p95_ms", "max_ms", "target_p95_ms",
            "within_target", "cpu_p95_ms", "load_avg", "password_hash_ms", "setup", "setup_s",
            "store"} == set(accept)
    assert accept["password_hash_ms"] > 0
    assert accept["cases_in_store"] == 300 and accept["accepts"] == 4
    assert 0 < accept["p50_ms"] <= accept["p95_ms"] <= accept["max_ms"]
    assert accept["target_p95_ms"] == 50.0 and accept["setup_s"] > 0
    assert any("批量" in line for line in lines)

    lookup = rows.bench_lookup(300, 20, cache_root=cache, templates=12)
    assert lookup["cases_in_store"] == 300  # the accept run left nothing behind
    assert lookup["setup_s"] == 0.0 and lookup["target_p95_ms"] == 2.0
    assert 0 < lookup["p50_ms"] <= lookup["p95_ms"] <= lookup["max_ms"]
    assert lookup["find_id_p95_ms"] > 0 and lookup["cpu_p95_ms"] > 0

    size = rows.bench_db_bytes(300, cache_root=cache, templates=12)
    assert size["cases"] == 300 and size["vacuumed"] is False
    assert size["bytes_per_case"] == round(size["db_bytes"] / 300)
    json.dumps([accept, lookup, size])


def test_a_dead_build_is_cleared_away(tmp_path):
    final = tmp_path / "cases-x"
    dead = tmp_path / "cases-x.building-999999999"
    dead.mkdir()
    rows._wait_for_other_builds(final, lambda message: None)
    assert not dead.exists()


@pytest.mark.slow
def test_copied_sites_are_valid_cases(tmp_path, monkeypatch):
    """Above BASE_MAX the base is copied to further sites with SQL: the copies are whole
    cases with valid numbers, and the audit chain still holds."""
    from counter import audit

    monkeypatch.setattr(rows, "BASE_MAX", 50)
    store, _ = rows.prepared_store(200, cache_root=tmp_path, templates=12)
    ctx, _ = rows._open(store)
    try:
        assert ctx.cases.count() == 200
        numbers, _ = rows._sample(store, 200)
        assert len(set(numbers)) == 200
        assert {n[6:9] for n in numbers} == {f"{k:03d}" for k in range(1, rows.SITES + 1)}
        assert all(case_no_problem(n) is None for n in numbers)
        copied = next(n for n in numbers if n[6:9] == "007")
        case = ctx.cases.get(copied, DESK)
        assert case.decided_by.site == "140802-007"
        assert case.items and case.materials and case.history
        with ctx.uow(read_only=True) as u:
            assert audit.verify(u.session) is None
    finally:
        ctx.close()


@pytest.mark.slow
def test_a_store_of_an_older_schema_is_migrated_not_rebuilt(tmp_path):
    """A new migration renames the cache key: the cached store is brought to the head in place
    (a 1M-case rebuild takes minutes), and the old directory is gone."""
    store, built = rows.prepared_store(60, cache_root=tmp_path, templates=12)
    assert built > 0
    older = store.with_name(store.name.replace(f"cases-{rows.schema_head()}-", "cases-0001-"))
    store.rename(older)
    lines: list[str] = []
    again, _ = rows.prepared_store(60, cache_root=tmp_path, templates=12, progress=lines.append)
    assert again == store and (store / "counter.sqlite3").exists() and not older.exists()
    assert any("升级" in line for line in lines) and not any("批量" in line for line in lines)
    ctx, _ = rows._open(store)
    try:
        assert ctx.cases.count() == 60
    finally:
        ctx.close()
