"""A catalog stored before issue 12 (imported by the old validator) with an unsafe pattern and a
20,000-character item name: the counter keeps working with it — the pattern is ignored with a
logged warning, the form check stays instant, the search index stays small."""

from __future__ import annotations

import json
import logging
import time

from sqlalchemy import update

from tests.helpers.context import build_context
from counter.intake.validate import field_problem
from counter.store.models import CatalogVersionRow
from tests.store.test_catalog_service import sample_doc


def test_a_stored_hostile_catalog_cannot_freeze_the_counter(ctx, data_dir, clock, caplog):
    doc = sample_doc()
    doc["catalog_version"] = "2026.12.01"
    doc["fields"][39]["pattern"] = r"(\d+)+$"  # bank.account
    doc["items"][0]["name"] = "行政许可登记" * 3400
    document = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with ctx.uow() as uow:  # as the old import did: stored and active
        uow.session.execute(update(CatalogVersionRow).values(active=False))
        uow.session.add(CatalogVersionRow(catalog_version="2026.12.01", published_at=clock.now(),
                                          imported_at=clock.now(), source="platform", sha256="0" * 64,
                                          document=document, active=True))
        uow.commit()

    other = build_context(data_dir, clock=clock)
    try:
        with caplog.at_level(logging.WARNING):
            catalog = other.catalog.active()
        assert catalog.catalog_version == "2026.12.01"
        field = catalog.field("bank.account")
        assert field.pattern is None
        assert "fields[39].pattern" in caplog.text and "items[0].name" in caplog.text
        started = time.perf_counter()
        field_problem(field, "1" * 40 + "x")  # (\d+)+$ backtracks for ever on this
        assert time.perf_counter() - started < 0.5
        index = other.catalog.search_index()
        assert index.search("行政许可登记")
        assert index.build_seconds < 5
    finally:
        other.close()
