"""``seed-demo`` as a user runs it: the real program in a subprocess (练习数据)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from counter.cases.numbering import case_no_problem, parse_case_no
from tests.conftest import ROOT
from tests.unit.cases.helpers import DESK


def seed(data_dir, *args, training: bool = True):
    """Run ``seed-demo`` on ``data_dir`` (with ``--training`` unless told otherwise)."""
    flag = ["--training"] if training else []
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "seed-demo", "--data-dir",
                           str(data_dir), *flag, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@pytest.mark.slow
def test_seed_demo_prints_the_case_numbers_and_nothing_else(tmp_path):
    first = seed(tmp_path / "a", "--cases", "5", "--seed", "3", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) == 5
    assert all(case_no_problem(line) is None for line in lines)
    assert {parse_case_no(line).day.isoformat() for line in lines} == {"2026-11-20"}  # Friday

    again = seed(tmp_path / "b", "--cases", "5", "--seed", "3", "--today", "2026-11-23")
    assert again.stdout == first.stdout  # same seed, same cases

    from tests.helpers.context import build_context
    ctx = build_context(tmp_path / "a")
    try:
        assert ctx.site.is_training()
        applicant = ctx.cases.get(lines[0], DESK).applicant
        assert lines[0] in [s.case_no for s in ctx.cases.find(applicant.id_number, DESK)]
        assert ctx.cases.count() == 5
        # accepted cases carry their scanned pages, in the blob store
        accepted = [c for c in (ctx.cases.get(no, DESK) for no in lines)
                    if c.state.value not in ("notified", "rejected")]
        assert accepted
        pages = []
        for case in accepted:
            received = [m for m in case.materials if m.status == "received"]
            assert received and all(1 <= len(m.pages) <= 3 for m in received)
            pages += [p for m in received for p in m.pages]
        assert len(set(pages)) == len(pages)  # every page different
        for digest in pages:
            data = ctx.blobs.get(digest)
            assert data[:3] == b"\xff\xd8\xff" and 60_000 < len(data) < 400_000
    finally:
        ctx.close()


def test_seed_demo_refuses_a_negative_count(tmp_path):
    done = seed(tmp_path / "c", "--cases", "-1")
    assert done.returncode != 0 and done.stdout == "" and "不能为负数" in done.stderr


@pytest.mark.slow
def test_seed_demo_without_pages_gives_the_same_cases(tmp_path):
    with_pages = seed(tmp_path / "p", "--cases", "3", "--seed", "4", "--today", "2026-11-23")
    without = seed(tmp_path / "n", "--cases", "3", "--seed", "4", "--today", "2026-11-23",
                   "--no-pages")
    assert with_pages.returncode == 0 and without.returncode == 0, without.stderr
    assert without.stdout == with_pages.stdout
    assert "0 scanned pages" in without.stderr

    from tests.helpers.context import build_context
    ctx = build_context(tmp_path / "n")
    try:
        for line in without.stdout.splitlines():
            assert all(not m.pages for m in ctx.cases.get(line, DESK).materials)
    finally:
        ctx.close()


# -- only a training store takes demo cases (issue 11) ----------------------------------------

def test_seed_demo_refuses_a_store_that_is_not_a_training_store(tmp_path):
    done = seed(tmp_path / "prod", "--cases", "2", "--no-pages", training=False)
    assert done.returncode == 1 and done.stdout == ""
    assert "该数据目录不是练习库，不能写入练习数据" in done.stderr and "--training" in done.stderr

    from tests.helpers.context import build_context
    ctx = build_context(tmp_path / "prod")
    try:
        assert not ctx.site.is_training() and ctx.cases.count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("business", ["draft", "platform"])
def test_seed_demo_never_makes_a_production_store_a_training_store(tmp_path, business):
    from tests.helpers.context import build_context
    from counter.identity import PLATFORM_URL_KEY
    from counter.services.sync import URL_KEY

    assert PLATFORM_URL_KEY == URL_KEY  # the key the sync service writes
    data = tmp_path / "prod"
    ctx = build_context(data)
    try:
        if business == "draft":
            code = ctx.catalog.active().items[0].code
            ctx.intake.save(ctx.intake.start("item", code, DESK), DESK)
        else:
            ctx.site.set_setting(URL_KEY, "https://zwfw.example.gov.cn/api")
    finally:
        ctx.close()
    done = seed(data, "--cases", "2", "--no-pages")  # with --training
    assert done.returncode == 1 and done.stdout == ""
    assert "正式库" in done.stderr and "不能改为练习库" in done.stderr
    ctx = build_context(data)
    try:
        assert not ctx.site.is_training()
        assert ctx.cases.count() == 0 and ctx.sync.status().pending == 0
    finally:
        ctx.close()


def test_a_training_store_takes_more_demo_cases_without_the_flag(tmp_path):
    first = seed(tmp_path / "t", "--cases", "2", "--no-pages", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    again = seed(tmp_path / "t", "--cases", "2", "--no-pages", "--seed", "9",
                 "--today", "2026-11-23", training=False)
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.split()) == 2
