"""Drafts (受理草稿): saved as the clerk types, resumed after a crash, discarded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from counter.errors import InvalidInput, NotFound
from counter.intake.intake import Intake
from counter.services.intake import usage_key
from counter.store.models import DraftRow, ItemUsageRow
from tests.conftest import ROOT
from tests.unit.cases.helpers import (DESK, RESTAURANT, context_from_template, counts, filled,
                                      make_template)
from tests.store.pg import both_stores


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("drafts"))


@pytest.fixture
def cx(template, tmp_path, store_url):
    c = context_from_template(template, tmp_path / "data", db_url=store_url)
    yield c
    c.close()


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_start_counts_a_use_and_stores_nothing_yet(cx):
    before = counts(cx)
    intake = cx.intake.start("package", RESTAURANT, DESK)
    assert intake.kind == "package" and intake.catalog_version == cx.catalog.active_version()
    assert counts(cx) == before
    with cx.uow(read_only=True) as u:
        assert u.session.get(ItemUsageRow, usage_key("package", RESTAURANT)).count == 1
    assert cx.intake.unfinished(DESK) == []


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_save_and_resume_exactly(cx):
    intake = filled(cx, save=False)
    cx.intake.save(intake, DESK)
    assert intake.updated_at == cx.clock.now()
    [resumed] = cx.intake.unfinished(DESK)
    assert resumed == intake and resumed.to_json() == intake.to_json()
    assert cx.intake.load(intake.id, DESK) == intake


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_saving_again_updates_the_one_row_and_touches_only_drafts(cx):
    intake = filled(cx)
    before = counts(cx)
    cx.clock.advance(seconds=5)
    intake.form["applicant.name"] = "改过的名字"
    cx.intake.save(intake, DESK)
    assert counts(cx) == before
    assert cx.intake.unfinished(DESK)[0].form["applicant.name"] == "改过的名字"


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_unfinished_lists_newest_first(cx):
    first = filled(cx, seed=1)
    cx.clock.advance(minutes=1)
    second = filled(cx, "package", RESTAURANT, seed=2)
    assert [i.id for i in cx.intake.unfinished(DESK)] == [second.id, first.id]
    cx.clock.advance(minutes=1)
    cx.intake.save(first, DESK)
    assert [i.id for i in cx.intake.unfinished(DESK)] == [first.id, second.id]
    assert len(cx.intake.unfinished(DESK, limit=1)) == 1


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_discard(cx):
    intake = filled(cx)
    cx.intake.discard(intake.id, DESK)
    cx.intake.discard(intake.id, DESK)  # harmless
    assert cx.intake.unfinished(DESK) == []
    with pytest.raises(InvalidInput, match="已放弃"):
        cx.intake.save(intake, DESK)
    with pytest.raises(NotFound):
        cx.intake.discard("nope", DESK)
    with pytest.raises(NotFound):
        cx.intake.load("nope", DESK)


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_a_decided_draft_cannot_be_saved_or_discarded(cx):
    intake = filled(cx)
    case = cx.cases.accept(intake.id, cx.site.get().actor("c0001")).case
    with pytest.raises(InvalidInput, match=case.case_no):
        cx.intake.save(intake, DESK)
    with pytest.raises(InvalidInput):
        cx.intake.discard(intake.id, DESK)
    assert cx.intake.unfinished(DESK) == []


@both_stores  # SQLite and PostgreSQL (hall mode)
def test_a_damaged_draft_is_skipped(cx, caplog):
    good = filled(cx, seed=1)
    bad = filled(cx, seed=2)
    with cx.uow() as u:
        u.session.execute(text("UPDATE drafts SET json = '{broken' WHERE id = :i"), {"i": bad.id})
        u.commit()
    assert [i.id for i in cx.intake.unfinished(DESK)] == [good.id]
    assert bad.id in caplog.text


CHILD = textwrap.dedent("""
    import sys
    from datetime import datetime
    from tests.helpers.context import build_context
    from counter.clock import CST, FixedClock
    from tests.unit.cases.helpers import DESK, filled

    ctx = build_context(sys.argv[1], clock=FixedClock(datetime(2026, 11, 20, 9, 30, tzinfo=CST)))
    intake = filled(ctx, save=False)
    for i in range(5):                      # the clerk types; the UI saves as they go
        intake.form["applicant.nation"] = "汉" * (i + 1)
        ctx.clock.advance(seconds=1)
        ctx.intake.save(intake, DESK)
    sys.stdout.write(intake.to_json() + "\\n")
    sys.stdout.flush()
    sys.stdin.read()                        # wait to be killed
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_process_loses_no_saved_draft(template, tmp_path):
    data = tmp_path / "data"
    context_from_template(template, data).close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = child.stdout.readline()
        assert line, "the child process did not save a draft"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdin.close()
        child.stdout.close()
    saved = Intake.from_json(line)

    from tests.helpers.context import build_context
    restarted = build_context(data)
    try:
        assert restarted.intake.unfinished(DESK) == [saved]
        with restarted.uow(read_only=True) as u:
            assert u.session.query(DraftRow).count() == 1
    finally:
        restarted.close()
