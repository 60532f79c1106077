"""The platform cannot hurt the counter through its catalog (issue 12): an empty catalog, one of
another region, or a version that would pin the counter is refused — logged, kept out of the
store, and reported as a sync problem (on_error, the summary's errors)."""

from __future__ import annotations

import json

import pytest

from counter.clock import FixedClock
from sync.worker import SyncCallbacks
from tests.sync.helpers import T0, make_worker


@pytest.mark.parametrize("changes", [{"items": [], "packages": []},
                                     {"region": {"code": "110101", "name": "北京市东城区"}},
                                     {"catalog_version": "99999999"}],
                         ids=["empty", "other region", "pinning version"])
def test_the_platform_cannot_send_an_empty_foreign_or_pinning_catalog(cx, start_sim, changes, caplog):
    sim = start_sim()
    doc = json.loads(cx.catalog.export_document())
    doc["catalog_version"] = "2026.12.01"
    doc.update(changes)
    sim.publish_catalog(json.dumps(doc, ensure_ascii=False).encode())
    errors = []
    before = cx.catalog.active_version()
    worker = make_worker(cx, sim, clock=FixedClock(T0), callbacks=SyncCallbacks(on_error=errors.append))
    summary = worker.run_once(max_wait=1)
    assert cx.catalog.active_version() == before
    assert [v.catalog_version for v in cx.catalog.versions()] == [before]
    assert summary.catalog.startswith("平台发布的事项目录无法导入")
    assert summary.catalog in summary.errors and summary.catalog in errors  # shown as a sync problem
    assert "platform catalog not imported" in caplog.text
