"""Catalog service (事项目录服务) on a real SQLite store: import, activation, versions, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.context import build_context
from counter.errors import NotFound
from counter.services.catalog import CatalogInvalid, version_key
from tests.conftest import SAMPLE_CATALOG

SAMPLE_VERSION = "2026.11.01"


def sample_doc() -> dict:
    return json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))


def write_version(tmp_path: Path, version: str, **changes) -> Path:
    """The sample catalog under another ``catalog_version`` (and top-level changes)."""
    doc = sample_doc()
    doc["catalog_version"] = version
    doc.update(changes)
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_first_run_imports_and_activates_the_sample(ctx):
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    [info] = ctx.catalog.versions()
    assert info.source == "sample" and info.active
    assert len(ctx.catalog.active().items) >= 12


def test_newer_version_is_activated(ctx, tmp_path):
    result = ctx.catalog.import_file(write_version(tmp_path, "2026.12.01"))

    assert result.activated
    assert "2026.12.01" in result.message
    assert ctx.catalog.active_version() == "2026.12.01"
    assert ctx.catalog.active().catalog_version == "2026.12.01"
    assert [v.active for v in ctx.catalog.versions()] == [False, True]


def test_older_version_is_kept_but_not_activated(ctx, tmp_path):
    result = ctx.catalog.import_file(write_version(tmp_path, "2026.10.15"))

    assert not result.activated
    assert SAMPLE_VERSION in result.message and "未启用" in result.message
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    assert {v.catalog_version for v in ctx.catalog.versions()} == {SAMPLE_VERSION, "2026.10.15"}


def test_every_imported_version_stays_readable(ctx, tmp_path, data_dir, clock):
    items = sample_doc()["items"][:12]
    ctx.catalog.import_file(write_version(tmp_path, "2026.10.15", items=items, packages=[]))
    ctx.catalog.import_file(write_version(tmp_path, "2026.12.01"))

    # a fresh context reads both from the store, not from a cache
    other = build_context(data_dir, clock=clock)
    try:
        assert len(other.catalog.version("2026.10.15").items) == 12
        assert other.catalog.version("2026.10.15").packages == ()
        assert other.catalog.version(SAMPLE_VERSION).catalog_version == SAMPLE_VERSION
        assert other.catalog.active().catalog_version == "2026.12.01"
        with pytest.raises(NotFound):
            other.catalog.version("2020.01.01")
    finally:
        other.close()


def test_reimporting_the_same_document_changes_nothing(ctx):
    result = ctx.catalog.import_file(SAMPLE_CATALOG)

    assert not result.activated
    assert "未作改动" in result.message
    assert len(ctx.catalog.versions()) == 1


def test_same_version_with_other_content_is_refused(ctx, tmp_path):
    path = write_version(tmp_path, SAMPLE_VERSION, published_at="2026-11-02T08:00:00+08:00")

    with pytest.raises(CatalogInvalid) as info:
        ctx.catalog.import_file(path)

    assert "catalog_version" in str(info.value)
    assert len(ctx.catalog.versions()) == 1
    assert ctx.catalog.export_document() == SAMPLE_CATALOG.read_bytes()


def test_invalid_file_leaves_the_active_catalog_untouched(ctx, tmp_path):
    doc = sample_doc()
    doc["catalog_version"] = "2027.01.01"
    doc["items"][0]["materials"][0]["material"] = "M-NO-SUCH"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CatalogInvalid) as info:
        ctx.catalog.import_file(path)

    assert any(p.startswith("items[0].materials[0].material: ") for p in info.value.problems)
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    assert [v.catalog_version for v in ctx.catalog.versions()] == [SAMPLE_VERSION]


def test_unreadable_file_leaves_the_active_catalog_untouched(ctx, tmp_path):
    path = tmp_path / "truncated.json"
    path.write_bytes(SAMPLE_CATALOG.read_bytes()[:5000])

    with pytest.raises(CatalogInvalid, match="截断"):
        ctx.catalog.import_file(path)

    assert ctx.catalog.active_version() == SAMPLE_VERSION


@pytest.mark.parametrize("cut", [1, 2])
def test_a_file_cut_inside_a_character_is_called_truncated(ctx, tmp_path, cut):
    """A download cut in the middle of a Chinese character is incomplete, not GBK."""
    data = SAMPLE_CATALOG.read_bytes()
    end = data.index("个".encode()) + cut
    path = tmp_path / "cut.json"
    path.write_bytes(data[:end])

    with pytest.raises(CatalogInvalid, match="截断"):
        ctx.catalog.import_file(path)
    assert ctx.catalog.active_version() == SAMPLE_VERSION


def test_export_returns_the_stored_bytes(ctx, tmp_path):
    newer = write_version(tmp_path, "2026.12.01")
    ctx.catalog.import_file(newer)

    assert ctx.catalog.export_document() == newer.read_bytes()
    assert ctx.catalog.export_document(SAMPLE_VERSION) == SAMPLE_CATALOG.read_bytes()
    with pytest.raises(NotFound):
        ctx.catalog.export_document("1999.01.01")


def test_empty_store_has_nothing_to_export(data_dir, clock):
    empty = build_context(data_dir, clock=clock, load_sample=False)
    try:
        assert empty.catalog.active_version() is None
        with pytest.raises(NotFound):
            empty.catalog.export_document()
        with pytest.raises(NotFound):
            empty.catalog.active()
    finally:
        empty.close()


@pytest.mark.parametrize("older,newer", [("2026.9.30", "2026.10.01"), ("2026.11.01", "2026.11.01.1"),
                                         ("2026-11-01", "2026-11-01.2"), ("2026.11.01", "2027.01.01")])
def test_version_order_is_numeric(older, newer):
    assert version_key(older) < version_key(newer)
