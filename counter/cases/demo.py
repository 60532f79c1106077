"""Training data (练习数据): fictitious applicants and filled-in forms for any catalog.

Used by ``python main.py seed-demo``, the benchmarks and the tests. Everything is drawn from
one :class:`random.Random`, so a seed gives the same people, forms and decisions every time.
Identifiers are *valid* (GB 11643 / GB 32100 check characters, made by :mod:`counter.ids`)
but invented; they are never used for real people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from counter.catalog.model import Field, Necessity, Original
from counter.ids import make_id_number, make_uscc
from counter.intake.intake import Intake, MaterialStatus
from counter.intake.merge import IntakeSpec

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
            "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于",
            "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢",
            "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟",
            "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆",
            "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟",
            "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "易", "常", "武", "乔", "贺", "赖",
            "欧阳", "司马", "上官")
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
         "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红",
         "玉兰", "志强", "晓燕", "国庆", "海燕", "建国", "丽娟", "子涵", "浩然", "一诺", "欣怡",
         "梓萱", "宇轩", "思远", "雨桐", "俊杰", "嘉怡", "晨曦", "佳琪", "鹏", "辉", "斌", "鑫",
         "婷", "雪", "琳", "慧", "颖", "博", "晶", "倩", "凯", "健")
NATIONS = ("汉",) * 18 + ("回", "蒙古")
#: Districts of the sample region (运城市) for addresses and birth places.
DIVISIONS = ("140802", "140821", "140822", "140823", "140824", "140825", "140826", "140827",
             "140828", "140829", "140830", "140881", "140882")
STREETS = ("解放北路", "河东东街", "红旗西街", "学苑路", "禹都大道", "中银大道", "人民北路",
           "槐东路", "工农东街", "盐湖路", "机场路", "南风广场东路")
TRADE_NAMES = ("盐湖", "河东", "禹都", "舜帝", "关圣", "鸿泰", "晋南", "永济", "华冠", "恒信",
               "金穗", "同德", "聚福", "鑫源", "安康", "润丰", "德顺", "百味", "春晖", "嘉禾")
TRADES = (("商贸", "有限公司"), ("餐饮管理", "有限公司"), ("建筑工程", "有限公司"),
          ("科技", "有限公司"), ("农业开发", "有限公司"), ("物流", "有限公司"),
          ("文化传媒", "有限公司"), ("食品", "有限责任公司"))
SHOP_KINDS = ("小吃店", "面馆", "便利店", "水果店", "烧烤店", "副食店", "理发店", "早餐店")
SCOPES = ("食品销售；餐饮服务。", "日用百货、五金交电零售。", "建筑工程施工；建筑材料销售。",
          "技术服务、技术开发、技术咨询。", "农副产品收购与销售。", "道路货物运输（不含危险货物）。")
#: Realistic ranges of the sample catalog's numeric fields (kept within the field's bounds).
NUMBER_RANGES = {"newborn.weight": (2500, 4200), "family.size": (1, 6),
                 "family.income": (300, 3000), "enterprise.employees": (1, 50), "business.employees": (1, 8),
                 "seal.count": (1, 5), "project.floors": (1, 30), "project.height": (3, 99),
                 "project.area": (200, 50000), "enterprise.capital": (10, 1000),
                 "business.funds": (1, 50), "food.area": (10, 300), "gjj.amount": (1000, 80000),
                 "gjj.deposit_rate": (5, 12)}
MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "157", "158", "159", "166", "177", "180", "182", "183", "186", "187",
                   "188", "189", "191", "198", "199")


@dataclass(frozen=True)
class Person:
    """A fictitious person (虚构自然人) with a valid ID number."""

    name: str
    id_number: str
    gender: str  # "1" male, "2" female
    birth: date
    mobile: str
    division: str
    address: str


@dataclass(frozen=True)
class Organisation:
    """A fictitious organisation (虚构单位) with a valid credit code."""

    name: str
    uscc: str
    legal_rep: Person
    address: str


class DemoPeople:
    """Draws people and organisations from a seeded generator (练习数据生成器)."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self._serial = 0

    def name(self) -> str:
        r = self.rng
        given = r.choice(GIVEN)
        if len(given) == 1 and r.random() < 0.5:
            given += r.choice([g for g in GIVEN if len(g) == 1])
        return r.choice(SURNAMES) + given

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10 ** 8):08d}"

    def address(self, division: str | None = None) -> str:
        r = self.rng
        return f"山西省运城市{r.choice(STREETS)}{r.randint(1, 388)}号"

    def person(self, *, min_age: int = 18, max_age: int = 80) -> Person:
        r = self.rng
        age_days = r.randint(min_age * 365 + 5, max_age * 365)
        birth = self.today - timedelta(days=age_days)
        seq = r.randrange(1000)
        division = r.choice(DIVISIONS)
        return Person(name=self.name(), id_number=make_id_number(division, birth, seq),
                      gender="1" if seq % 2 else "2", birth=birth, mobile=self.mobile(),
                      division=division, address=self.address(division))

    def organisation(self) -> Organisation:
        r = self.rng
        self._serial += 1
        trade, suffix = r.choice(TRADES)
        name = f"运城市{r.choice(TRADE_NAMES)}{r.choice(TRADE_NAMES)}{trade}{suffix}"
        uscc = make_uscc(r.choice(DIVISIONS), r.randrange(10 ** 7) * 10 + self._serial % 10)
        return Organisation(name=name, uscc=uscc, legal_rep=self.person(min_age=25),
                            address=self.address())


def targets(catalog) -> list[tuple[str, str]]:
    """Everything a counter can take: ``("item", code)`` and ``("package", id)`` pairs."""
    return ([("item", i.code) for i in catalog.items]
            + [("package", p.id) for p in catalog.packages])


def choose_applicant_kind(spec: IntakeSpec, rng: random.Random) -> str:
    """``person`` or ``organisation``, as the items serve them; an organisation only when
    the form can identify one (it has a credit-code field)."""
    objects = spec.service_objects
    org_ok = "organisation" in objects and (spec.has_field("enterprise.uscc")
                                            or spec.has_field("org.uscc"))
    if not org_ok:
        return "person"
    if "person" not in objects:
        return "organisation"
    return "organisation" if rng.random() < 0.4 else "person"


class FormFiller:
    """Fills an intake with plausible, valid values (模拟填表)."""

    def __init__(self, people: DemoPeople) -> None:
        self.people = people
        self.rng = people.rng

    def fill(self, intake: Intake, spec: IntakeSpec, *, agent_share: float = 0.2) -> None:
        """Answer every question, fill every applicable field (optional ones mostly)."""
        rng = self.rng
        parent = any(k.startswith("newborn.") for k in spec.field_keys())
        applicant = self.people.person(min_age=22, max_age=42) if parent else self.people.person()
        agent = self.people.person()
        org = self.people.organisation() if intake.applicant_kind == "organisation" else None
        for _ in range(10):  # answers may reveal further questions
            open_qs = [q for q in spec.questions(intake.answers, intake.form)
                       if q.id not in intake.answers]
            if not open_qs:
                break
            for q in open_qs:
                options = [o.value for o in q.question.options]
                if q.id == "q_agent":
                    value = "agent" if rng.random() < agent_share else "self"
                else:
                    value = rng.choice(options)
                intake.set_answer(q.id, value)
        for _ in range(5):  # values may make further fields apply (field: conditions)
            todo = [f for f in spec.fields(intake.answers, intake.form) if f.key not in intake.form]
            if not todo:
                break
            for mf in todo:
                if not mf.required and rng.random() < 0.3 and not _identifying(mf.key):
                    intake.form[mf.key] = ""  # left empty on purpose
                    continue
                intake.set_value(mf.field, self.value(mf.field, applicant, agent, org))
        for key in [k for k, v in intake.form.items() if v == ""]:
            del intake.form[key]
        intake.sync_materials(spec)

    def value(self, f: Field, applicant: Person, agent: Person, org: Organisation | None):
        rng, key, kind = self.rng, f.key, f.type
        who = agent if key.startswith("agent.") else applicant
        if kind == "choice":
            values = [c.value for c in f.choices]
            if key.endswith("id_type") and "111" in values:
                return "111"
            if key == "applicant.gender":
                return who.gender
            return rng.choice(values)
        if kind == "multi_choice":
            values = [c.value for c in f.choices]
            return rng.sample(values, rng.randint(1, min(3, len(values))))
        if kind == "id_number":
            return who.id_number
        if kind == "uscc":
            return org.uscc if org else self.people.organisation().uscc
        if kind == "mobile":
            return who.mobile
        if kind == "phone":
            return f"0359-{rng.randint(2000000, 8999999)}"
        if kind == "email":
            return f"demo{rng.randrange(100000)}@example.com"
        if kind == "postcode":
            return "044000"
        if kind == "division":
            return rng.choice(DIVISIONS)
        if kind == "date":
            if key.startswith("newborn."):
                return (self.people.today - timedelta(days=rng.randint(1, 25))).isoformat()
            return (self.people.today - timedelta(days=rng.randint(30, 3000))).isoformat()
        if kind in ("integer", "decimal"):
            return _number(f, rng, kind)
        if kind == "textarea":
            if "scope" in key:
                text = rng.choice(SCOPES)
            elif "address" in key:
                text = who.address
            elif "members" in key:
                text = f"{who.name}（本人），无固定收入；配偶务农，月收入约800元。"
            else:
                text = "详见申请材料。"
            return text[: f.max_length] if f.max_length else text
        return _text(f, key, who, org, self)


def _identifying(key: str) -> bool:
    return key in ("enterprise.uscc", "org.uscc", "applicant.id_number", "applicant.name")


def _number(f: Field, rng: random.Random, kind: str) -> str:
    lo = Decimal(str(f.min)) if f.min is not None else Decimal(0)
    hi = Decimal(str(f.max)) if f.max is not None else lo + 1000
    if f.key in NUMBER_RANGES:
        want_lo, want_hi = (Decimal(v) for v in NUMBER_RANGES[f.key])
        lo, hi = max(lo, want_lo), min(hi, want_hi)
    elif hi - lo > 500:
        hi = lo + 500  # realistic, small values
    if kind == "integer":
        return str(rng.randint(int(lo.to_integral_value(rounding="ROUND_CEILING")), int(hi)))
    cents = rng.randint(int(lo * 100), int(hi * 100))
    value = max(Decimal(cents) / 100, lo)
    return format(value.quantize(Decimal("0.01")), "f")


def _text(f: Field, key: str, who: Person, org: Organisation | None, filler: FormFiller) -> str:
    rng = filler.rng
    if key.endswith(".name") and key.split(".")[0] in ("applicant", "agent", "newborn"):
        text = who.name if key != "newborn.name" else who.name[0] + rng.choice(GIVEN)
    elif key == "enterprise.name":
        text = org.name if org else filler.people.organisation().name
    elif key == "enterprise.legal_rep":
        text = org.legal_rep.name if org else who.name
    elif key == "business.name":
        text = f"盐湖区{who.name}{rng.choice(SHOP_KINDS)}"
    elif key.endswith("nation"):
        text = rng.choice(NATIONS)
    elif "address" in key:
        text = org.address if (org and key.startswith("enterprise.")) else who.address
    elif key == "project.name":
        text = f"{rng.choice(TRADE_NAMES)}{rng.choice(('小区', '广场', '厂房', '学校'))}建设项目"
    elif key == "newborn.institution":
        text = "运城市中心医院"
    elif f.pattern and "20" in f.pattern and "-" in f.pattern:
        text = f"{filler.people.today.year}-{filler.people.today.month:02d}"  # a year-month
    elif f.pattern and f.pattern.startswith("\\d"):
        width = f.max_length or 12
        text = "".join(rng.choice("0123456789") for _ in range(width))
    else:
        text = "见附件"
    return text[: f.max_length] if f.max_length else text


def receive_all(intake: Intake, spec: IntakeSpec) -> None:
    """Mark every applicable material received as the checklist asks (收齐材料)."""
    for m, state in intake.checklist(spec):
        state.status = MaterialStatus.RECEIVED
        state.copies_received = m.copies
        state.original_checked = m.original in (Original.CHECK, Original.KEEP)
        state.original_kept = m.original is Original.KEEP


def leave_missing(intake: Intake, spec: IntakeSpec, rng: random.Random) -> list[str]:
    """Receive everything but one or two required materials; returns their ids."""
    receive_all(intake, spec)
    required = [m for m, _ in intake.checklist(spec) if m.necessity is not Necessity.OPTIONAL]
    chosen = rng.sample(required, min(len(required), rng.choice((1, 1, 2))))
    for m in chosen:
        intake.materials[m.id].status = MaterialStatus.MISSING
        intake.materials[m.id].copies_received = 0
    return [m.id for m in chosen]
