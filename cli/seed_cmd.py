"""``seed-demo``: fill a training store with realistic decided cases (练习数据).

    python main.py seed-demo --cases 200 --data-dir /tmp/training --seed 7

Every case goes through the same services as at the counter (``IntakeService.start`` and
``save``, then ``CaseService.accept``, ``notify`` or ``reject``): about 70 % accepted, 20 %
notified, 10 % rejected, for persons and organisations, with valid identifiers and plausible
names. Cases are spread over the working days before ``--today`` (40 per day, office hours);
some accepted ones then move on through the platform's statuses and a few are picked up.
Every received material of an accepted case gets one to three scanned pages (about 100–250 KB
of JPEG each, all different, :mod:`counter.cases.demo_pages`), taken in through the capture
service as a scan is; ``--no-pages`` leaves them out (faster). The decisions' documents are
archived by the document renderer the CLI wires (:func:`cli.open_context`).
The case numbers are printed on stdout, one per line, and nothing else; progress and errors
go to stderr. The same ``--seed`` and ``--today`` give the same cases.

Only a training store (练习库) takes demo cases: they are fictitious people, their documents
are marked 培训, and they must never reach a production store or its platform. A training
store comes to be in one way only: ``seed-demo --training`` on a fresh data directory (no
case, no draft, no outbox event, no platform address; :meth:`counter.identity.SiteService.
make_training`), which marks it (setting ``training=true``) and fills it. Later runs on it
need no flag. Any other store is refused with exit status 1 and stays as it was::

    python main.py seed-demo --training --cases 200 --data-dir /tmp/training

A training store also gets the demo accounts of :data:`DEMO_ACCOUNTS`, all with the password
:data:`DEMO_PASSWORD` (documented in the README; only ever on a training store, refused
elsewhere by :meth:`counter.services.users.UserService.create_training_accounts`), so that
scripts, tests and benchmarks run every command as a person or as the sync service account
(``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE``). The demo clerks are the ones who decide the
demo cases. ``seed-demo`` itself needs no login: it writes fictitious data, and only into a
training store.
"""

from __future__ import annotations

import logging
import math
import random
import sys
from datetime import date, datetime, time, timedelta

from cli import fail, open_context
from counter.errors import CalendarUnknown, CounterError

#: Why a store that is not a training store takes no demo cases.
NOT_TRAINING = ("该数据目录不是练习库，不能写入练习数据（虚构的申请人和办件只能放在练习库中）。"
                "新建练习库：对一个新的空数据目录加 --training 运行 seed-demo。")

log = logging.getLogger(__name__)

CASES_PER_DAY = 40
CLERKS = ("c0001", "c0002", "c0003", "c0004")
#: The accounts of a training store: (工号, name, roles). Documented in the README.
DEMO_ACCOUNTS = tuple((c, f"练习综窗{i + 1}", ("clerk",)) for i, c in enumerate(CLERKS)) + (
    ("s0001", "练习值班长", ("supervisor",)),
    ("a0001", "练习管理员", ("admin",)),
    ("sync01", "练习同步服务", ("sync",)),
)
#: The password of every demo account (training stores only; README).
DEMO_PASSWORD = "Lianxi-2026"
REJECT_TEXTS = ("经审查，申请人不符合申请条件，已当面告知并说明依据。",
                "经核对，申请人所述情况与本事项的受理条件不符，已当面说明。",
                "申请材料存在明显虚假情形，已当面说明，依法不予受理。")
#: The explanation for "not within this authority's competence": names where to apply.
AUTHORITY_TEXT = "经核实，该申请应向运城市市场监督管理局提出，已当面告知申请人。"


def register(sub, common) -> None:
    p = sub.add_parser("seed-demo", help="生成练习数据（练习库）：通过受理服务生成若干已决定的办件")
    common(p)
    p.add_argument("--cases", type=int, required=True, help="生成的办件数量")
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--today", type=date.fromisoformat, default=None,
                   help="以该日期为“今天”（YYYY-MM-DD），默认为今天")
    p.add_argument("--no-pages", dest="pages", action="store_false",
                   help="不为受理的办件生成扫描页（更快）")
    p.add_argument("--training", action="store_true",
                   help="把新的空数据目录建为练习库（已有办件、草稿、待同步事件或平台地址的"
                        "正式库不能改为练习库）")
    p.set_defaults(func=_seed)


def _seed(args) -> int:
    from counter.clock import CST, FixedClock
    from counter.identity import NotATrainingStore

    if args.cases < 0:
        return fail("办件数量不能为负数。")
    today = args.today or datetime.now(CST).date()
    clock = FixedClock(datetime.combine(today, time(8, 0), tzinfo=CST))
    ctx = open_context(args, clock=clock)
    try:
        if not ctx.site.is_training():
            if not args.training:
                return fail(NOT_TRAINING)
            ctx.site.make_training()  # refused (NotATrainingStore) unless the store is fresh
        ctx.users.create_training_accounts(DEMO_ACCOUNTS, DEMO_PASSWORD)
        seeder = Seeder(ctx, clock, random.Random(args.seed), today,
                        pages=random.Random(f"pages-{args.seed}") if args.pages else None)
        for case_no in seeder.run(args.cases):
            sys.stdout.write(case_no + "\n")
            sys.stdout.flush()
    except NotATrainingStore as e:
        return fail(str(e))
    except CounterError as e:
        return fail(f"生成练习数据失败：{e}")
    finally:
        ctx.close()
    log.info("seed-demo: %d cases (%s), %d scanned pages", args.cases, seeder.tally,
             seeder.pages_added)
    return 0


class Seeder:
    """Takes cases through the services on a fixed, advancing clock.

    Args:
        pages: the random source of the scanned pages (its own, so that the cases are the
            same with and without pages); None: no pages.
    """

    def __init__(self, ctx, clock, rng: random.Random, today: date, *,
                 pages: random.Random | None = None) -> None:
        from counter.cases.demo import DemoPeople, FormFiller

        self.ctx, self.clock, self.rng, self.today = ctx, clock, rng, today
        self.people = DemoPeople(rng, today)
        self.filler = FormFiller(self.people)
        self.catalog = ctx.catalog.active()
        self.profile = ctx.site.get()
        self.drafter = self.profile.actor(CLERKS[0], "clerk")  # keeps the drafts; clerks decide
        self.targets = ([("item", i.code) for i in self.catalog.items] * 3  # items: 3× as often
                        + [("package", p.id) for p in self.catalog.packages])
        self.reasons = [r.code for r in self.catalog.reasons_of("reject")]
        self.tally = {"accepted": 0, "notified": 0, "rejected": 0}
        self._accepted: list[tuple[str, datetime]] = []
        self.pages_added = 0
        self._pages = None
        if pages is not None:
            from counter.cases.demo_pages import DemoPages

            self._pages = DemoPages(pages)
            self._capture = ctx.capture

    def _days(self, n: int) -> list[date]:
        days, d = [], self.today
        while len(days) < max(1, math.ceil(n / CASES_PER_DAY)):
            d -= timedelta(days=1)
            if self.ctx.calendar.is_workday(d):
                days.append(d)
        return list(reversed(days))

    def run(self, n: int):
        days = self._days(n)
        minutes = 8 * 60 / CASES_PER_DAY
        for i in range(n):
            day = days[i // CASES_PER_DAY]
            at = datetime.combine(day, time(9, 0), tzinfo=self.clock.now().tzinfo) + timedelta(
                minutes=(i % CASES_PER_DAY) * minutes + self.rng.random() * minutes * 0.8)
            self.clock.set(at)
            yield self.one()
        self.progress()

    def one(self) -> str:
        from counter.cases.demo import choose_applicant_kind, leave_missing, receive_all

        kind, key = self.rng.choice(self.targets)
        intake = self.ctx.intake.start(kind, key, self.drafter)
        spec = self.ctx.intake.spec(intake)
        intake.applicant_kind = choose_applicant_kind(spec, self.rng)
        self.filler.fill(intake, spec)
        actor = self.profile.actor(self.rng.choice(CLERKS))
        roll = self.rng.random()
        if roll < 0.7:
            receive_all(intake, spec)
            self.scan(intake, spec)
            self.ctx.intake.save(intake, self.drafter)
            try:
                case = self.ctx.cases.accept(intake.id, actor).case
                self.tally["accepted"] += 1
                self._accepted.append((case.case_no, case.decided_at))
                return case.case_no
            except CalendarUnknown as e:  # the promised date lies in an unknown year
                log.warning("seed-demo: %s; notifying instead", e.message)
        # only the reasons that apply to the item's type (行政许可 grounds for a 行政许可 …)
        reasons = [r for r in self.catalog.reasons_for("reject", [i.type for i in spec.items])
                   if r.code in self.reasons]
        if roll < 0.9 or not reasons:
            leave_missing(intake, spec, self.rng)
            self.ctx.intake.save(intake, self.drafter)
            self.tally["notified"] += 1
            return self.ctx.cases.notify(intake.id, actor).case_no
        receive_all(intake, spec)
        self.ctx.intake.save(intake, self.drafter)
        self.tally["rejected"] += 1
        reason = self.rng.choice(reasons)
        text = self.rng.choice(REJECT_TEXTS)
        if reason.names_authority:  # 不属于本机关职权范围: name where to apply
            text = AUTHORITY_TEXT
        return self.ctx.cases.reject(intake.id, actor, reason.code, text).case_no

    def scan(self, intake, spec) -> None:
        """Scanned pages for every received material (through the capture service)."""
        if self._pages is None:
            return
        from counter.capture.importers import SourceFile
        from counter.intake.intake import MaterialStatus
        from counter.services.capture import colour_for

        who = intake.applicant(spec)
        mobile = next((str(v) for k, v in intake.form.items() if k.endswith("mobile") and v), "")
        particulars = self._pages.particulars(who["name"] or "", who["id_number"] or "", mobile,
                                              self.clock.now().date())
        for m, state in intake.checklist(spec):
            if state.status is not MaterialStatus.RECEIVED:
                continue
            colour = colour_for(m.material)
            n = self._pages.count()
            files = [SourceFile(f"扫描{k + 1:04d}.bmp",
                                self._pages.page(m.name, particulars, number=k + 1, of=n,
                                                 seal=colour and k == 0))
                     for k in range(n)]
            self.pages_added += len(self._capture.add_pages(intake, m.id, files,
                                                            colour=colour).added)

    def progress(self) -> None:
        """Move older accepted cases on as the platform would; hand some results out."""
        cutoff = datetime.combine(self.today - timedelta(days=2), time(0, 0),
                                  tzinfo=self.clock.now().tzinfo)
        self.clock.set(datetime.combine(self.today, time(8, 30), tzinfo=self.clock.now().tzinfo))
        for case_no, decided in self._accepted:
            if decided >= cutoff or self.rng.random() >= 0.6:
                continue
            cases = self.ctx.cases
            cases.apply_status(case_no, "received", decided + timedelta(minutes=5), "平台已接收")
            cases.apply_status(case_no, "in_review", decided + timedelta(hours=2), "部门审查中")
            if self.rng.random() < 0.6:
                approved = self.rng.random() < 0.9
                cases.apply_status(case_no, "approved" if approved else "denied",
                                   decided + timedelta(days=1),
                                   "准予许可，请到窗口领取结果" if approved else "不予许可，请到窗口领取决定书",
                                   {"document": "决定书", "approved": approved})
                if self.rng.random() < 0.4:
                    cases.pickup(case_no, self.profile.actor(self.rng.choice(CLERKS)))
