"""Soak test of sync (同步浸泡测试): kill the worker many times, lose and duplicate nothing.

    .venv/bin/python scripts/sync_soak.py                 # 50 kills, 30 % faults of every kind
    .venv/bin/python scripts/sync_soak.py --kills 200 --cases 1000 --json

What it does:

1. makes a counter store with an outbox backlog (``--cases`` cases × 4 events, a page on
   every accepted event) and starts the simulated platform in this process on a free
   loopback port, failing ``--fault-rate`` of all requests in every way it can (500, 502,
   503, 504, 429, timeouts, dropped connections, slow answers — before or after processing);
2. starts ``main.py sync`` as a subprocess and SIGKILLs it at a random moment while it sends
   (after a random number of newly stored events, or a random time), ``--kills`` times;
   between kills new cases keep arriving, as at a real counter;
3. turns the faults off and lets ``main.py sync --once`` finish the drain;
4. checks the simulator's store against the counter's outbox: every event stored exactly once
   under its own case and seq, identical body, no gaps, every page uploaded, every local
   event acknowledged.

Prints a report (``--json``: one JSON object) and exits 0 only when every check holds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "soak-secret"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="sync soak test: many SIGKILLs, nothing lost or duplicated")
    p.add_argument("--kills", type=int, default=50)
    p.add_argument("--cases", type=int, default=300, help="cases in the initial backlog (4 events each)")
    p.add_argument("--arrivals", type=int, default=3, help="new cases between two kills")
    p.add_argument("--fault-rate", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="keep the working folder")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    import logging

    logging.basicConfig(level=logging.WARNING)
    from bootstrap import open_context
    from counter.clock import CST
    from bench.sync import write_backlog
    from sync.simulator import KINDS, FaultConfig, PlatformSimulator, Progression, SimConfig

    work = args.work or Path(tempfile.mkdtemp(prefix="sync-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.time()
    t0 = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    ctx = open_context(work / "counter", renderer=None)
    base_seed = args.seed * 10007  # every round's pages differ from every other's
    write_backlog(ctx, cases=args.cases, pages=args.cases, page_kb=8, start=t0, prefix="S",
                  seed=base_seed)
    faults = FaultConfig(rate=args.fault_rate, kinds=KINDS, seed=args.seed, retry_after=1,
                         timeout_sleep=0.8, slow_delay=0.2)
    sim = PlatformSimulator(SimConfig(data_dir=work / "platform", client_secret=SECRET,
                                      faults=faults, progression=Progression(1, 2))).start()
    env = dict(os.environ, COUNTER_CLIENT_SECRET=SECRET, PYTHONUNBUFFERED="1")
    sync_cmd = [sys.executable, str(ROOT / "main.py"), "sync", "--data-dir", str(work / "counter"),
                "--platform-url", sim.base_url, "--timeout", "0.5", "--retry-base", "0.05",
                "--retry-cap", "1", "--idle", "0.2"]
    kills, rounds, arrivals, stored_at_kill = 0, 0, 0, []
    report: dict = {}
    try:
        with open(work / "worker.log", "ab") as log:
            while kills < args.kills:
                rounds += 1
                before = sim.store.event_count()
                seen = _requests(sim)
                proc = subprocess.Popen(sync_cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
                # wait until it talks to the platform, then pick a random moment
                up_by = time.monotonic() + 60
                while _requests(sim) == seen and proc.poll() is None and time.monotonic() < up_by:
                    time.sleep(0.01)
                target = before + rng.randint(1, 40)
                deadline = time.monotonic() + rng.uniform(0.1, 4.0)
                while sim.store.event_count() < target and time.monotonic() < deadline \
                        and proc.poll() is None:
                    time.sleep(0.01)
                time.sleep(rng.uniform(0, 0.3))
                if proc.poll() is None:
                    proc.kill()  # SIGKILL
                    kills += 1
                    stored_at_kill.append(sim.store.event_count())
                proc.wait(30)
                n = args.arrivals
                write_backlog(ctx, cases=n, pages=n, page_kb=8, start=t0 + timedelta(hours=rounds),
                              prefix=f"R{rounds:04d}", seed=base_seed + rounds)
                arrivals += n
                if not args.json:
                    print(f"kill {kills}/{args.kills}: platform holds {sim.store.event_count()} events",
                          file=sys.stderr)
        sim.set_fault_rate(0.0)
        final = subprocess.run(sync_cmd + ["--once", "--json", "--max-wait", "300"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=900)
        problems = verify(ctx, sim)
        report = {
            "ok": not problems, "kills": kills, "rounds": rounds,
            "events": sum(1 for _ in _local(ctx)), "platform_events": sim.store.event_count(),
            "platform_blobs": sim.store.blob_count(), "cases_arrived_during_soak": arrivals,
            "faults_injected": dict(sorted(sim.faults.counts.items())),
            "replays_answered": sum(v for k, v in sim.answers.items() if k == "POST events 200"),
            "event_409_answers": sim.answers.get("POST events 409", 0),
            "final_run_exit": final.returncode,
            "final_run": _json_or_text(final.stdout),
            "minutes": round((time.time() - started) / 60, 1),
            "problems": problems[:20],
        }
    finally:
        sim.stop()
        ctx.close()
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for key, value in report.items():
            print(f"{key:>26}: {value}")
        print("结果：" + ("通过，无丢失、无重复、无断号。" if report.get("ok") else "失败！"))
    return 0 if report.get("ok") else 1


def _requests(sim) -> int:
    """Requests the simulator has seen (answered or faulted)."""
    return sum(sim.answers.values()) + sum(sim.faults.counts.values())


def _json_or_text(text: str):
    try:
        return json.loads(text.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return text[-500:]


def _local(ctx):
    from sqlalchemy import select

    from counter import outbox
    from counter.store.models import OutboxRow

    with ctx.uow(read_only=True) as u:
        for r in u.session.scalars(select(OutboxRow)):
            yield r.event_id, r.case_no, r.seq, r.state, outbox.event_body(r)


def verify(ctx, sim) -> list[str]:
    """Everything that differs between the counter's outbox and the platform's store."""
    from sync.events import referenced_blobs
    from sync.simulator.store import canonical

    problems = []
    local = {eid: (case_no, seq, state, body) for eid, case_no, seq, state, body in _local(ctx)}
    stored = sim.store.events()
    by_id = {e.event_id: e for e in stored}
    if len(by_id) != len(stored):
        problems.append("an event_id is stored twice on the platform")
    for eid in sorted(set(local) - set(by_id)):
        problems.append(f"missing on the platform: {local[eid][0]} seq {local[eid][1]}")
    for eid in sorted(set(by_id) - set(local)):
        problems.append(f"on the platform but not local: {eid}")
    per_case: dict[str, list[int]] = {}
    for e in stored:
        per_case.setdefault(e.case_no, []).append(e.seq)
        mine = local.get(e.event_id)
        if mine and ((mine[0], mine[1]) != (e.case_no, e.seq) or canonical(mine[3]) != e.body):
            problems.append(f"different on the platform: {e.case_no} seq {e.seq}")
    for case_no, seqs in per_case.items():
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"gap or duplicate seq in {case_no}: {seqs}")
    for eid, (case_no, seq, state, body) in local.items():
        if state != "acked":
            problems.append(f"not acknowledged locally: {case_no} seq {seq} ({state})")
        for digest in referenced_blobs(body):
            if not sim.store.has_blob(digest):
                problems.append(f"page missing on the platform: {case_no} seq {seq}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
