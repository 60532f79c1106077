"""``audit verify`` is not fooled by a changed site profile (issue 12): the key id of the seals
comes from the keyring, so a chain rewritten consistently in SQL plus a site profile (or, with
none saved, a catalog region) changed to point at another counter still fails — in real
subprocesses, with the keyring of :mod:`tests.e2e.file_keyring`."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli_audit import copy, entries, rewrite_whole_chain, run, sql, store  # noqa: F401

pytestmark = pytest.mark.slow


def test_a_rewritten_chain_plus_another_counter_code_is_found(store, tmp_path):  # noqa: F811
    d, ring = copy(store, tmp_path), tmp_path / "keyring.json"
    assert run("audit", "seal", "--data-dir", d, keyring=ring, user="a0001").returncode == 0
    sealed = entries(d)
    rewrite_whole_chain(d, 2)
    sql(d, "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_profile', ?)",
        json.dumps({"region_code": "140802", "site_code": "001", "counter_code": "09"}))
    sql(d, "DELETE FROM audit_seals")
    r = run("audit", "verify", "--data-dir", d, keyring=ring)
    assert r.returncode == 1 and r.stdout == "", r.stdout
    assert f"审计链完整，共 {sealed} 条" in r.stderr.splitlines()
    assert "封存校验失败：系统密钥环记录的最近一次封存（至第" in r.stderr
    assert "在数据库中不存在" in r.stderr
    assert "140802-001-01" in json.loads(ring.read_text()).values()  # the recorded key id
