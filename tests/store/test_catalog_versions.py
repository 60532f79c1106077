"""Catalog versions cannot pin or hijack the counter (issue 12): a version too far ahead is
refused (99999999 used to pin the counter for ever), an administrator can roll back to any
stored version (audited), and an empty catalog or one of another region needs an explicit,
audited confirmation — never granted to the platform's feed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter.permissions import PermissionDenied
from counter.services.catalog import CatalogInvalid, CatalogNeedsConfirmation
from tests.store.access import audit_rows
from tests.store.test_catalog_service import SAMPLE_VERSION, sample_doc, write_version


def cli_actor(ctx, role: str = "admin"):
    """An actor of this counter in ``role`` (the services' view of a logged-in person)."""
    return ctx.site.get().actor("a0001" if role == "admin" else "c0012", role)


def doc_bytes(version: str, **changes) -> bytes:
    doc = sample_doc()
    doc["catalog_version"] = version
    doc.update(changes)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def last_audit(ctx, action: str):
    rows = [r for r in audit_rows(ctx) if r.action == action]
    assert rows, f"no {action} entry"
    return rows[-1]


def test_99999999_no_longer_pins_the_counter(ctx, tmp_path):
    with pytest.raises(CatalogInvalid) as info:
        ctx.catalog.import_file(write_version(tmp_path, "99999999"))
    assert "99999999" in str(info.value)
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    assert [v.catalog_version for v in ctx.catalog.versions()] == [SAMPLE_VERSION]
    # the next real version is still taken
    assert ctx.catalog.import_file(write_version(tmp_path, "2026.12.01")).activated


@pytest.mark.parametrize("version,fragment", [
    ("99999999", "不是有效的日期版本"),
    ("2026.13.01", "不是有效的日期版本"),
    ("2099.01.01", "超前过多"),
    ("2027.11.22", "超前过多"),  # clock: 2026-11-20; 366 days ahead is the limit
    ("3000", "格式不同"),  # a plain number would sort after every date
    ("zz-2026", "格式不同"),  # so would a letter
])
def test_a_version_too_far_ahead_is_refused(ctx, version, fragment):
    with pytest.raises(CatalogInvalid) as info:
        ctx.catalog.import_document(doc_bytes(version), source="platform")
    assert fragment in info.value.message
    assert info.value.problems and info.value.problems[0].startswith("catalog_version: ")
    assert ctx.catalog.active_version() == SAMPLE_VERSION


@pytest.mark.parametrize("version", ["2027.11.20", "2026.11.01.1", "2026-12-01.2", "20261215"])
def test_a_version_within_the_bounds_is_activated(ctx, version):
    assert ctx.catalog.import_document(doc_bytes(version), source="platform").activated


def test_a_catalog_published_in_the_future_is_refused(ctx):
    with pytest.raises(CatalogInvalid) as info:
        ctx.catalog.import_document(doc_bytes("2026.12.01", published_at="2026-11-25T08:00:00+08:00"),
                                    source="platform")
    assert info.value.problems[0].startswith("published_at: ")
    assert ctx.catalog.active_version() == SAMPLE_VERSION


def test_plain_numbers_move_by_a_bounded_step(ctx):
    admin = cli_actor(ctx)
    ctx.catalog.import_document(doc_bytes("5"), source="file", actor=admin)  # older than a date
    ctx.catalog.activate("5", actor=admin)
    with pytest.raises(CatalogInvalid, match="超前过多"):
        ctx.catalog.import_document(doc_bytes("500"), source="platform")
    assert ctx.catalog.import_document(doc_bytes("105"), source="platform").activated
    # moving on to the documented (dated) format is allowed
    assert ctx.catalog.import_document(doc_bytes("2026.12.01"), source="platform").activated


def test_an_administrator_rolls_back_to_a_stored_version(ctx, tmp_path, data_dir, clock):
    admin = cli_actor(ctx)
    ctx.catalog.import_file(write_version(tmp_path, "2026.12.01", items=sample_doc()["items"][:3],
                                          packages=[]))
    assert len(ctx.catalog.active().items) == 3
    index_before = ctx.catalog.search_index()

    result = ctx.catalog.activate(SAMPLE_VERSION, actor=admin)

    assert result.activated and "2026.12.01" in result.message
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    assert len(ctx.catalog.active().items) > 3
    assert ctx.catalog.search_index() is not index_before
    entry = last_audit(ctx, "catalog.activate")
    assert entry.user_id == "a0001"
    assert json.loads(entry.detail) == {"catalog_version": SAMPLE_VERSION, "previous": "2026.12.01",
                                        "rollback": True}
    # the rolled-back version offered again (the platform's feed) stays off …
    again = ctx.catalog.import_file(write_version(tmp_path, "2026.12.01", items=sample_doc()["items"][:3],
                                                  packages=[]))
    assert not again.activated and ctx.catalog.active_version() == SAMPLE_VERSION
    # … a newer one is taken as usual
    assert ctx.catalog.import_file(write_version(tmp_path, "2026.12.15")).activated
    # another process sees the same active version
    from tests.helpers.context import build_context

    other = build_context(data_dir, clock=clock)
    try:
        assert other.catalog.active().catalog_version == "2026.12.15"
    finally:
        other.close()


def test_activating_needs_the_import_permission_and_a_stored_version(ctx):
    from counter.errors import NotFound

    with pytest.raises(PermissionDenied):
        ctx.catalog.activate(SAMPLE_VERSION, actor=cli_actor(ctx, "clerk"))
    with pytest.raises(NotFound):
        ctx.catalog.activate("2020.01.01", actor=cli_actor(ctx))
    assert not ctx.catalog.activate(SAMPLE_VERSION, actor=cli_actor(ctx)).activated  # already


OTHER_REGION = {"code": "110101", "name": "北京市东城区"}


@pytest.mark.parametrize("changes,reason", [
    ({"items": [], "packages": []}, "empty"),
    ({"region": OTHER_REGION}, "region"),
])
def test_empty_or_foreign_catalog_needs_an_administrators_confirmation(ctx, changes, reason):
    document = doc_bytes("2026.12.01", **changes)
    with pytest.raises(CatalogNeedsConfirmation) as info:
        ctx.catalog.import_document(document, source="file", actor=cli_actor(ctx))
    assert "--confirm" in info.value.message
    with pytest.raises(CatalogNeedsConfirmation):  # confirmed by nobody
        ctx.catalog.import_document(document, source="file", confirm=True)
    assert ctx.catalog.active_version() == SAMPLE_VERSION

    result = ctx.catalog.import_document(document, source="file", actor=cli_actor(ctx), confirm=True)

    assert result.activated and ctx.catalog.active_version() == "2026.12.01"
    detail = json.loads(last_audit(ctx, "catalog.import").detail)
    assert detail["confirmed"] == [reason] and detail["catalog_version"] == "2026.12.01"


@pytest.mark.parametrize("changes", [{"items": [], "packages": []}, {"region": OTHER_REGION}])
def test_the_platform_can_never_send_an_empty_or_foreign_catalog(ctx, changes, caplog):
    with pytest.raises(CatalogNeedsConfirmation) as info:
        ctx.catalog.import_document(doc_bytes("2026.12.01", **changes), source="platform",
                                    actor=cli_actor(ctx), confirm=True)
    assert "平台" in info.value.message
    assert ctx.catalog.active_version() == SAMPLE_VERSION
    assert [v.catalog_version for v in ctx.catalog.versions()] == [SAMPLE_VERSION]
    assert "platform catalog 2026.12.01 refused" in caplog.text


def test_rolling_back_to_a_foreign_version_needs_confirmation_too(ctx):
    admin = cli_actor(ctx)
    ctx.catalog.import_document(doc_bytes("2026.12.01", region=OTHER_REGION), source="file",
                                actor=admin, confirm=True)
    with pytest.raises(CatalogNeedsConfirmation):
        ctx.catalog.activate(SAMPLE_VERSION, actor=admin)
    assert ctx.catalog.activate(SAMPLE_VERSION, actor=admin, confirm=True).activated
    assert json.loads(last_audit(ctx, "catalog.activate").detail)["confirmed"] == ["region"]
