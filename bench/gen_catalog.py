"""A synthetic but realistic catalog (事项目录) for benchmarks and tests.

Names are assembled from department, subject and action word lists (``个体工商户`` +
``设立登记``), codes follow the shape of real implementation codes (the department's unified
social credit code, the item type, a basic-code part, 31 characters), and every item has
fields, materials (some depending on an answer) and guide questions. The options of all
questions add up to exactly the number asked for.

The same arguments always give the same catalog (a seeded :class:`random.Random`)::

    from bench.gen_catalog import generate_catalog
    catalog = generate_catalog(items=2000, options=12000)
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

from counter.catalog.model import (
    CaseType, Catalog, Choice, Department, Field, Item, ItemField, ItemMaterial, Material,
    Necessity, Original, Package, Question,
)
from counter.limit import Limit, LimitUnit

__all__ = ["generate_catalog", "DEFAULT_ITEMS", "DEFAULT_OPTIONS"]

DEFAULT_ITEMS = 2000
DEFAULT_OPTIONS = 12000

#: department name → (subjects, keywords). Subjects are what an item is about.
_DEPARTMENTS: dict[str, tuple[list[str], list[str]]] = {
    "市场监督管理局": (["个体工商户", "有限责任公司", "股份有限公司", "农民专业合作社", "个人独资企业",
                 "合伙企业", "食品经营", "食品生产", "小餐饮", "药品零售企业", "医疗器械经营",
                 "特种设备", "计量器具", "广告发布", "外资企业", "分公司"],
                ["营业执照", "开店", "开公司", "餐饮", "食品", "市场主体", "企业开办"]),
    "公安局": (["居民身份证", "户口迁移", "出生登记", "临时身份证明", "机动车驾驶证", "机动车登记",
             "出入境通行证", "普通护照", "居住证", "犬只", "剧毒化学品购买", "旅馆业特种行业"],
            ["户籍", "身份证", "落户", "驾照", "车管", "出入境"]),
    "人力资源和社会保障局": (["城乡居民养老保险", "职工基本养老保险", "失业保险金", "工伤认定",
                      "就业创业证", "职业技能等级", "社会保障卡", "人力资源服务许可", "劳务派遣",
                      "高校毕业生就业", "退休"],
                     ["社保", "养老", "就业", "失业", "社保卡", "退休"]),
    "卫生健康委员会": (["医疗机构执业", "医师执业", "护士执业", "出生医学证明", "母婴保健技术服务",
                 "公共场所卫生", "放射诊疗", "计划生育奖励扶助", "诊所备案"],
                ["医院", "医生", "护士", "出生证", "卫生许可"]),
    "住房和城乡建设局": (["建筑工程施工许可", "商品房预售许可", "建筑业企业资质", "房屋租赁",
                  "物业服务", "城镇污水排入排水管网", "燃气经营", "公租房", "住房保障"],
                 ["施工", "房产", "租房", "燃气", "物业", "公租房"]),
    "自然资源和规划局": (["不动产", "建设工程规划许可", "建设用地规划许可", "乡村建设规划许可",
                  "土地复垦", "测绘资质", "采矿权", "临时用地"],
                 ["房产证", "不动产", "规划", "土地", "过户"]),
    "交通运输局": (["道路运输经营", "网络预约出租汽车", "巡游出租汽车", "道路货物运输",
               "机动车维修经营", "驾驶员培训", "港口经营", "公路超限运输"],
              ["网约车", "出租车", "货运", "运输证", "驾校"]),
    "民政局": (["结婚登记", "离婚登记", "社会团体", "民办非企业单位", "最低生活保障", "特困人员救助",
             "临时救助", "养老机构", "殡葬服务", "收养登记", "地名命名"],
            ["婚姻", "低保", "救助", "社会组织", "养老院"]),
    "教育局": (["民办学校", "教师资格", "校外培训机构", "学前教育资助", "中小学入学", "学籍"],
            ["教师", "学校", "培训", "入学", "资助"]),
    "税务局": (["税务登记", "增值税发票", "个人所得税", "车辆购置税", "契税", "印花税",
             "纳税证明", "出口退税"],
            ["发票", "纳税", "报税", "个税", "完税证明"]),
    "医疗保障局": (["城乡居民医疗保险", "职工医疗保险", "异地就医", "门诊慢特病", "生育保险待遇",
               "医保关系转移", "定点医药机构"],
              ["医保", "报销", "异地就医", "生育"]),
    "生态环境局": (["排污许可", "建设项目环境影响评价", "危险废物经营", "辐射安全许可",
               "建筑施工噪声排放"],
              ["环评", "排污", "环保", "危废"]),
    "文化和旅游局": (["娱乐场所", "营业性演出", "旅行社", "互联网上网服务营业场所", "文物保护工程",
                "星级饭店"],
               ["网吧", "演出", "旅游", "KTV", "文物"]),
    "农业农村局": (["农药经营", "兽药经营", "种子生产经营", "动物防疫条件", "农机购置补贴",
               "渔业捕捞", "生猪定点屠宰", "农村宅基地"],
              ["农药", "种子", "兽药", "农机", "宅基地"]),
    "商务局": (["对外贸易经营者", "成品油零售经营", "单用途商业预付卡", "二手车交易市场",
             "再生资源回收经营者", "拍卖企业"],
            ["外贸", "加油站", "预付卡", "二手车"]),
    "应急管理局": (["危险化学品经营", "烟花爆竹经营", "安全生产许可", "非药品类易制毒化学品",
               "生产安全事故应急预案"],
              ["危化品", "烟花爆竹", "安全生产"]),
    "城市管理局": (["城市道路占用", "户外广告设施设置", "城市建筑垃圾处置", "临时占道经营",
               "城市绿地占用", "园林绿化工程"],
              ["占道", "广告牌", "渣土", "挖掘道路"]),
    "退役军人事务局": (["退役士兵安置", "优抚对象抚恤", "烈士褒扬", "退役军人优待证",
                 "军队离休退休干部"],
                ["退役", "优抚", "军人", "抚恤"]),
    "住房公积金管理中心": (["住房公积金缴存", "住房公积金提取", "住房公积金贷款", "公积金账户转移"],
                   ["公积金", "提取", "贷款", "购房"]),
    "残疾人联合会": (["残疾人证", "残疾人就业", "残疾人两项补贴", "残疾人辅助器具"],
               ["残疾", "残疾证", "补贴"]),
}

#: action → item type (see ``counter.catalog.model.ITEM_TYPES``).
_ACTIONS: dict[str, str] = {
    "设立登记": "07", "变更登记": "07", "注销登记": "07", "备案": "07", "许可": "01",
    "许可证核发": "01", "许可证延续": "01", "许可证变更": "01", "许可证注销": "01",
    "审批": "01", "资格认定": "07", "证明开具": "20", "证件补领": "20", "证件换领": "20",
    "信息查询": "20", "申领": "05", "补贴申请": "05", "待遇核定": "05", "年度报告": "20",
    "信息变更": "20", "关系转移": "20", "资格确认": "07", "核准": "01", "撤销": "07",
}

_QUALIFIERS = ["（告知承诺制）", "（分支机构）", "（跨省通办）", "（容缺受理）", "（首次申请）",
               "（延续）", "（简易程序）", "（一般程序）"]

#: short forms of some subjects (简称)
_SHORT = {"个体工商户": "个体户", "有限责任公司": "公司", "股份有限公司": "股份公司",
          "农民专业合作社": "合作社", "居民身份证": "身份证", "机动车驾驶证": "驾驶证",
          "城乡居民养老保险": "居民养老", "职工基本养老保险": "职工养老", "最低生活保障": "低保",
          "住房公积金提取": "公积金提取", "住房公积金贷款": "公积金贷款",
          "网络预约出租汽车": "网约车", "互联网上网服务营业场所": "网吧",
          "建设项目环境影响评价": "环评", "城乡居民医疗保险": "居民医保", "职工医疗保险": "职工医保",
          "社会保障卡": "社保卡", "增值税发票": "发票"}

_QUESTIONS = [
    ("申请人类型", ["自然人", "法人", "非法人组织", "个体工商户"]),
    ("是否委托代理人办理", ["本人办理", "委托代理人办理"]),
    ("经营场所性质", ["自有房产", "租赁房产", "无偿使用", "集体土地"]),
    ("是否涉及前置审批", ["不涉及", "涉及"]),
    ("申请事项类别", ["首次申请", "变更", "延续", "注销"]),
    ("企业规模", ["大型", "中型", "小型", "微型"]),
    ("户籍所在地", ["本市", "省内外市", "外省"]),
    ("是否为港澳台或外籍人员", ["否", "港澳居民", "台湾居民", "外籍人员"]),
    ("办理渠道", ["窗口办理", "网上申请后窗口核验"]),
    ("是否已取得营业执照", ["已取得", "未取得"]),
    ("证件是否遗失", ["未遗失", "遗失", "损坏"]),
    ("申请人年龄段", ["未满十六周岁", "十六至六十周岁", "六十周岁以上"]),
]

_MATERIALS = [
    ("居民身份证", "certificate", "居民身份证"), ("营业执照", "certificate", "营业执照"),
    ("申请表", "form", None), ("授权委托书", "form", None), ("代理人身份证明", "certificate", None),
    ("经营场所使用证明", "other", None), ("房屋租赁合同", "other", None), ("不动产权证书", "certificate", "不动产权证书"),
    ("法定代表人任职文件", "other", None), ("公司章程", "other", None), ("股东会决议", "other", None),
    ("户口簿", "certificate", "居民户口簿"), ("结婚证", "certificate", "结婚证"),
    ("出生医学证明", "certificate", "出生医学证明"),
    ("医师资格证书", "certificate", None), ("健康证明", "certificate", None),
    ("设备清单", "other", None), ("平面布局图", "other", None), ("承诺书", "form", None),
    ("安全管理制度", "other", None), ("专业技术人员证书", "certificate", None), ("近期免冠照片", "other", None),
    ("情况说明", "other", None), ("原证件", "certificate", None), ("财务审计报告", "other", None),
]

_FIELDS = [
    Field("applicant_name", "申请人姓名", "text", max_length=50),
    Field("id_type", "证件类型", "choice", choices=(Choice("111", "居民身份证"), Choice("414", "普通护照"))),
    Field("id_number", "证件号码", "id_number", id_type_field="id_type"),
    Field("mobile", "联系电话", "mobile"),
    Field("address", "联系地址", "text", max_length=120),
    Field("org_name", "单位名称", "text", max_length=100),
    Field("uscc", "统一社会信用代码", "uscc"),
    Field("legal_rep", "法定代表人", "text", max_length=50),
    Field("division", "所在区划", "division"),
    Field("business_scope", "经营范围", "textarea", max_length=500),
    Field("reg_capital", "注册资本（万元）", "decimal", min=0),
    Field("employees", "从业人数", "integer", min=0),
    Field("start_date", "开始日期", "date"),
    Field("email", "电子邮箱", "email"),
    Field("remark", "备注", "textarea", max_length=200),
]

_PACKAGE_THEMES = [
    ("开办餐饮店", ["餐饮", "开饭店", "开店"]), ("企业开办", ["开公司", "企业设立"]),
    ("新生儿出生", ["出生", "落户", "医保"]), ("退休", ["养老", "退休"]),
    ("残疾人服务", ["残疾", "补贴"]), ("军人退役", ["退役", "优待证"]),
    ("不动产登记和水电气网联合过户", ["过户", "房产"]), ("企业注销", ["注销", "清算"]),
    ("开办运输企业", ["运输", "货运"]), ("员工录用", ["招工", "社保"]),
    ("教育入学", ["入学", "学籍"]), ("身后", ["死亡", "殡葬"]), ("开办药店", ["药店", "药品"]),
    ("开办旅馆", ["旅馆", "住宿"]), ("开办网吧", ["网吧", "上网"]), ("申请公租房", ["公租房", "住房保障"]),
    ("二手房转移登记及水电气联动过户", ["二手房", "过户"]), ("个体工商户开业", ["个体户", "开店"]),
    ("信用修复", ["信用"]), ("灵活就业人员参保", ["灵活就业", "社保"]),
]
_PLACES = ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区",
           "钢城区", "平阴县", "商河县"]


def generate_catalog(items: int = DEFAULT_ITEMS, options: int = DEFAULT_OPTIONS, *,
                     packages: int | None = None, seed: int = 20261120) -> Catalog:
    """A catalog of ``items`` items whose guide questions have ``options`` options in all.

    Args:
        items: number of items (事项).
        options: total number of question options over all items.
        packages: number of packages (一件事); default one per 50 items, at least one.
        seed: the random seed; the same arguments give the same catalog.
    """
    if items < 1:
        raise ValueError("items must be at least 1")
    rng = random.Random(seed)
    departments = [Department(f"d{n:02d}", name, _uscc(f"11370100MB{n:07d}"))
                   for n, name in enumerate(_DEPARTMENTS, start=1)]
    materials = tuple(Material(f"m{n:03d}", name, kind, "either", e_licence_type=lic)
                      for n, (name, kind, lic) in enumerate(_MATERIALS, start=1))
    names = _item_names(rng, items)
    counts = _option_counts(rng, items, options)
    built: list[Item] = []
    seq_of: dict[str, int] = {}
    for n, ((dept_idx, subject, action, qualifier), n_options) in enumerate(zip(names, counts)):
        dept = departments[dept_idx]
        item_type = _ACTIONS[action]
        seq = seq_of[dept.id] = seq_of.get(dept.id, 0) + 1
        basic = f"{item_type}{dept_idx + 1:03d}{seq:04d}000"
        code = f"{dept.uscc}{item_type}{dept_idx + 1:03d}{seq:04d}{n % 10000:04d}"
        short = None
        if subject in _SHORT:
            short = _SHORT[subject] + action[:2] + qualifier
        pool = _DEPARTMENTS[dept.name][1]
        keywords = tuple(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))
        questions = _questions(rng, n_options)
        built.append(Item(
            code=code, name=f"{subject}{action}{qualifier}", type=item_type, department=dept.id,
            service_object=("自然人",) if rng.random() < 0.5 else ("法人", "非法人组织"),
            case_type=CaseType.IMMEDIATE if rng.random() < 0.3 else CaseType.COMMITMENT,
            legal_limit=Limit(20, LimitUnit.WD),
            promised_limit=Limit(rng.choice([0, 1, 3, 5, 10]), LimitUnit.WD),
            fee=rng.random() < 0.1, tolerance=rng.random() < 0.4,
            fields=_item_fields(rng), materials=_item_materials(rng, materials, questions),
            basic_code=basic, short_name=short, bank_point=rng.random() < 0.2,
            keywords=keywords, questions=questions))
    n_packages = max(1, items // 50) if packages is None else packages
    pkgs = _packages(rng, n_packages, [i.code for i in built])
    return Catalog(
        catalog_version=f"bench-{items}-{options}-{seed}",
        published_at=datetime(2026, 11, 1, tzinfo=timezone.utc), region_code="370100", region_name="济南市",
        departments=tuple(departments), fields=tuple(_FIELDS), materials=materials, items=tuple(built),
        packages=tuple(pkgs))


def _uscc(first17: str) -> str:
    """A unified social credit code (GB 32100) with its check character."""
    from stdnum.cn import uscc

    return first17 + uscc.calc_check_digit(first17)


def _item_names(rng: random.Random, count: int) -> list[tuple[int, str, str, str]]:
    """``count`` distinct (department index, subject, action, qualifier) combinations."""
    combos = [(d, subject, action, "")
              for d, (subjects, _) in enumerate(_DEPARTMENTS.values())
              for subject in subjects for action in _ACTIONS]
    rng.shuffle(combos)
    out = combos[:count]
    for qualifier in _QUALIFIERS:
        if len(out) >= count:
            break
        out.extend((d, s, a, qualifier) for d, s, a, _ in combos[:count - len(out)])
    if len(out) < count:
        raise ValueError(f"at most {len(out)} distinct item names can be generated")
    return out


def _option_counts(rng: random.Random, items: int, options: int) -> list[int]:
    """Options per item: varied (mostly 2 to 12) and adding up to exactly ``options``."""
    base, rest = divmod(options, items)
    counts = [base + (1 if i < rest else 0) for i in range(items)]
    for _ in range(items):
        a, b = rng.randrange(items), rng.randrange(items)
        t = rng.randint(0, 3)
        if a != b and counts[a] - t >= 2:
            counts[a] -= t
            counts[b] += t
    rng.shuffle(counts)
    return counts


def _questions(rng: random.Random, n_options: int) -> tuple[Question, ...]:
    """Guide questions with ``n_options`` options in all (2 to 4 per question where possible)."""
    sizes: list[int] = []
    left = n_options
    while left > 0:
        k = min(left, rng.choice([2, 2, 3, 4]))
        if left - k == 1:
            k += 1
        sizes.append(k)
        left -= k
    pool = rng.sample(_QUESTIONS, k=min(len(sizes), len(_QUESTIONS)))
    out: list[Question] = []
    for qn, size in enumerate(sizes, start=1):
        text, labels = pool[(qn - 1) % len(pool)]
        if qn > len(pool):
            text = f"{text}（{qn}）"
        opts = tuple(Choice(f"o{j}", labels[j - 1] if j <= len(labels) else f"{labels[-1]}（其他{j}）")
                     for j in range(1, size + 1))
        when = {"q1": "o1"} if qn > 1 and rng.random() < 0.2 else None
        out.append(Question(f"q{qn}", text, opts, when=when))
    return tuple(out)


def _item_fields(rng: random.Random) -> tuple[ItemField, ...]:
    keys = ["applicant_name", "id_type", "id_number", "mobile"]
    keys += rng.sample([f.key for f in _FIELDS[4:]], k=rng.randint(1, 5))
    return tuple(ItemField(k, required=k in ("applicant_name", "id_number", "mobile") or rng.random() < 0.5)
                 for k in keys)


def _item_materials(rng: random.Random, materials: tuple[Material, ...],
                    questions: tuple[Question, ...]) -> tuple[ItemMaterial, ...]:
    chosen = [materials[0], materials[2]] + rng.sample(materials[3:], k=rng.randint(1, 5))
    out = []
    for m in chosen:
        when = None
        if questions and m is not materials[0] and m is not materials[2] and rng.random() < 0.3:
            q = rng.choice(questions)
            when = {q.id: rng.choice(q.options).value}
        if m is materials[0] or m is materials[2]:
            necessity = Necessity.REQUIRED
        else:
            necessity = rng.choice([Necessity.REQUIRED, Necessity.REQUIRED, Necessity.TOLERABLE,
                                    Necessity.OPTIONAL])
        out.append(ItemMaterial(
            m.id, necessity, copies=rng.choice([1, 1, 2]),
            original=rng.choice([Original.NONE, Original.CHECK, Original.KEEP]),
            supplement_limit=Limit(5, LimitUnit.WD) if necessity is Necessity.TOLERABLE else None,
            audit_points=("材料内容完整、签字盖章齐全",), when=when))
    return tuple(out)


def _packages(rng: random.Random, count: int, codes: list[str]) -> list[Package]:
    out: list[Package] = []
    for n in range(count):
        theme, keywords = _PACKAGE_THEMES[n % len(_PACKAGE_THEMES)]
        round_ = n // len(_PACKAGE_THEMES)  # past the themes: the same theme in a district
        place = ""
        if round_:
            place = _PLACES[(round_ - 1) % len(_PLACES)] + (str(round_) if round_ > len(_PLACES) else "")
        members = tuple(rng.sample(codes, k=min(len(codes), rng.randint(2, 6))))
        out.append(Package(f"p{n + 1:03d}", f"{place}{theme}一件事", members,
                           promised_limit=Limit(5, LimitUnit.WD), keywords=tuple(keywords)))
    return out
