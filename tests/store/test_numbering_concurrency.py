"""Case numbers under concurrency (编号并发): two processes of the same counter share one
SQLite file and decide at the same time; no number is issued twice and no series has a gap."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from counter.cases.numbering import parse_case_no
from tests.conftest import ROOT
from tests.unit.cases.helpers import context_from_template, filled, make_template

PER_PROCESS = 30

CHILD = textwrap.dedent("""
    import sys
    from datetime import datetime
    from tests.helpers.context import build_context
    from counter.clock import CST, FixedClock

    ctx = build_context(sys.argv[1], clock=FixedClock(datetime(2026, 11, 20, 9, 30, tzinfo=CST)))
    actor = ctx.site.get().actor("c" + sys.argv[2])
    jobs = [line.split() for line in open(sys.argv[3], encoding="utf-8")]
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()                           # both start deciding together
    for action, draft_id in jobs:
        if action == "notify":
            no = ctx.cases.notify(draft_id, actor).case_no
        else:
            no = ctx.cases.accept(draft_id, actor).case.case_no
        sys.stdout.write(no + "\\n"); sys.stdout.flush()
    ctx.close()
""")


@pytest.mark.slow
def test_two_processes_never_share_a_number_and_leave_no_gap(tmp_path_factory, tmp_path):
    template = make_template(tmp_path_factory.mktemp("concurrency"))
    data = tmp_path / "data"
    ctx = context_from_template(template, data)
    job_files = []
    for tag in (1, 2):  # the drafts are prepared beforehand: the children only decide
        path = tmp_path / f"jobs{tag}.txt"
        lines = []
        for i in range(PER_PROCESS):
            notify = i % 5 == 4  # every fifth is a notification (G series)
            intake = filled(ctx, seed=tag * 1000 + i, materials="missing" if notify else "all")
            lines.append(f"{'notify' if notify else 'accept'} {intake.id}\n")
        path.write_text("".join(lines), encoding="utf-8")
        job_files.append(path)
    ctx.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(data), f"{tag:04d}",
                                  str(jobs)], cwd=ROOT, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env) for tag, jobs in zip((1, 2), job_files)]
    try:
        for c in children:
            assert c.stdout.readline().strip() == "ready", c.stderr.read()
        for c in children:
            c.stdin.write("go\n")
            c.stdin.flush()
        outputs = [c.communicate(timeout=120) for c in children]
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
    for c, (_, err) in zip(children, outputs):
        assert c.returncode == 0, err
    numbers = [line for out, _ in outputs for line in out.split()]
    assert len(numbers) == 2 * PER_PROCESS == len(set(numbers))
    by_series: dict[str, list[int]] = {}
    for no in numbers:
        parsed = parse_case_no(no)
        assert parsed is not None
        by_series.setdefault(parsed.series, []).append(parsed.serial)
    notified = 2 * (PER_PROCESS // 5)
    assert sorted(by_series["S"]) == list(range(1, 2 * PER_PROCESS - notified + 1))
    assert sorted(by_series["G"]) == list(range(1, notified + 1))
    # each process took the serials of its own decisions in increasing order
    for out, _ in outputs:
        serials = [parse_case_no(n).serial for n in out.split() if n[17] == "S"]
        assert serials == sorted(serials)

    from tests.helpers.context import build_context
    ctx = build_context(data)
    try:
        assert ctx.cases.count() == 2 * PER_PROCESS
        from counter import audit
        with ctx.uow(read_only=True) as u:
            assert audit.verify(u.session) is None
    finally:
        ctx.close()
