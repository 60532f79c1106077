"""``catalog import --confirm``, ``catalog versions``, ``catalog activate VERSION`` as an
administrator runs them (real subprocess): a pinning version refused, an empty catalog only
with --confirm, a roll-back, each audited (issue 12)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE_CATALOG
from tests.e2e.test_cli_catalog import admin, catalog_file, run

pytestmark = pytest.mark.slow


def audit_actions(data):
    from tests.helpers.context import build_context
    from tests.store.access import audit_rows

    ctx = build_context(data)
    try:
        return [(r.action, r.user_id, json.loads(r.detail or "{}")) for r in audit_rows(ctx)]
    finally:
        ctx.close()


def test_versions_confirm_and_roll_back(tmp_path):
    data = tmp_path / "data"
    env = admin(tmp_path)  # catalog import and activate need an administrator's login
    assert run("catalog", "import", "--data-dir", data, SAMPLE_CATALOG, env=env).returncode == 0
    assert run("catalog", "import", "--data-dir", data, catalog_file(tmp_path, "2026.12.01"),
               env=env).returncode == 0

    pinned = run("catalog", "import", "--data-dir", data, catalog_file(tmp_path, "99999999"),
                 env=env)
    assert pinned.returncode == 1 and "99999999" in pinned.stderr and "不予导入" in pinned.stderr

    def empty(doc):
        doc["items"], doc["packages"] = [], []

    path = catalog_file(tmp_path, "2026.12.02", empty)
    refused = run("catalog", "import", "--data-dir", data, path, env=env)
    assert refused.returncode == 1 and "--confirm" in refused.stderr
    confirmed = run("catalog", "import", "--data-dir", data, "--confirm", path, env=env)
    assert confirmed.returncode == 0, confirmed.stderr

    back = run("catalog", "activate", "--data-dir", data, "2026.12.01", env=env)
    assert back.returncode == 0, back.stderr
    assert "2026.12.02" in back.stdout

    listed = run("catalog", "versions", "--data-dir", data)
    assert listed.returncode == 0
    assert [line.split()[:2] for line in listed.stdout.splitlines()[:3]] == [
        ["2026.11.01", "发布"], ["*", "2026.12.01"], ["2026.12.02", "发布"]]

    missing = run("catalog", "activate", "--data-dir", data, "2020.01.01", env=env)
    assert missing.returncode == 1 and "不存在" in missing.stderr

    actions = audit_actions(data)
    imports = [d for a, _, d in actions if a == "catalog.import"]
    # the first import is audited too: the administrator is known before any catalog
    assert [d["catalog_version"] for d in imports] == ["2026.11.01", "2026.12.01", "2026.12.02"]
    assert imports[-1]["confirmed"] == ["empty"]
    [activate] = [(u, d) for a, u, d in actions if a == "catalog.activate"]
    assert activate == ("a0001", {"catalog_version": "2026.12.01", "previous": "2026.12.02",
                                "rollback": True})
