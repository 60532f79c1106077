"""Unit of work semantics and the content-addressed blob store."""

import hashlib

import pytest
from sqlalchemy import select

from counter.errors import InvalidInput, NotFound
from counter.store.blobs import BlobStore
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.models import SettingRow
from counter.store.uow import UowFactory


@pytest.fixture
def uow(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "u.sqlite3"))
    migrate(engine)
    yield UowFactory(engine)
    engine.dispose()


def _keys(uow):
    with uow(read_only=True) as u:
        return list(u.session.scalars(select(SettingRow.key)))


def test_leaving_without_commit_rolls_back(uow):
    with uow() as u:
        u.session.add(SettingRow(key="a", value="1"))
        u.session.flush()
    assert _keys(uow) == []


def test_exception_rolls_back(uow):
    with pytest.raises(RuntimeError):
        with uow() as u:
            u.session.add(SettingRow(key="a", value="1"))
            u.session.flush()
            raise RuntimeError("boom")
    assert _keys(uow) == []


def test_commit_persists(uow):
    with uow() as u:
        u.session.add(SettingRow(key="a", value="1"))
        u.commit()
    assert _keys(uow) == ["a"]


def test_read_only_unit_cannot_commit(uow):
    with uow(read_only=True) as u, pytest.raises(RuntimeError):
        u.commit()


def test_blob_store_is_content_addressed_and_idempotent(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    data = b"page one"
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.put(data) == digest
    assert store.get(digest) == data
    assert store.has(digest) and store.size(digest) == len(data)
    assert not list((tmp_path / "blobs").rglob(".tmp-*"))


def test_blob_store_refuses_bad_names_and_missing_blobs(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    with pytest.raises(InvalidInput):
        store.get("../../etc/passwd")
    with pytest.raises(NotFound):
        store.get("0" * 64)
