"""Small catalogs built in code for the intake tests (测试用事项目录)."""

from __future__ import annotations

from datetime import datetime

from counter.catalog.model import (CaseType, Catalog, Choice, Department, Field, Item, ItemField,
                                   ItemMaterial, Material, Necessity, Original, Package, Question)
from counter.clock import CST
from counter.limit import Limit, LimitUnit

ID_TYPES = (Choice("111", "居民身份证"), Choice("414", "普通护照"), Choice("001", "统一社会信用代码"))


def wd(n: float) -> Limit:
    return Limit(n, LimitUnit.WD)


def nd(n: float) -> Limit:
    return Limit(n, LimitUnit.ND)


FIELDS = (
    Field("applicant.name", "申请人姓名", "text", max_length=20),
    Field("applicant.id_type", "证件类型", "choice", choices=ID_TYPES),
    Field("applicant.id_number", "证件号码", "id_number", id_type_field="applicant.id_type"),
    Field("applicant.mobile", "联系电话", "mobile"),
    Field("agent.name", "代理人姓名", "text"),
    Field("agent.id_type", "代理人证件类型", "choice", choices=ID_TYPES),
    Field("agent.id_number", "代理人证件号码", "id_number", id_type_field="agent.id_type"),
    Field("enterprise.name", "企业名称", "text"),
    Field("enterprise.uscc", "统一社会信用代码", "uscc"),
    Field("business.scope", "经营范围", "textarea", max_length=200),
    Field("business.capital", "资金数额（万元）", "decimal", min=0, max=100000),
)

MATERIALS = (
    Material("M-ID", "申请人身份证明", "certificate", "either", e_licence_type="ID"),
    Material("M-FORM", "申请表", "form", "paper", blank_form="申请表"),
    Material("M-AGENT", "授权委托书", "form", "paper"),
    Material("M-LEASE", "经营场所使用证明", "certificate", "either"),
    Material("M-HEALTH", "健康证明", "certificate", "paper"),
    Material("M-PHOTO", "照片", "other", "paper"),
)

Q_AGENT = Question("q_agent", "是否委托代理人办理？",
                   (Choice("self", "本人办理"), Choice("agent", "委托代理人")))
Q_AGENT_KIND = Question("q_agent_kind", "代理人是什么身份？",
                        (Choice("lawyer", "律师"), Choice("relative", "亲属")),
                        when={"q_agent": "agent"})
Q_SITE = Question("q_site", "经营场所是否自有？", (Choice("own", "自有"), Choice("rent", "租赁")))


def item(code: str, *, questions=(), fields=(), materials=(), promised=wd(5), legal=wd(20),
         tolerance=True, service_object=("person",)) -> Item:
    return Item(code=code, name=f"事项{code}", type="01", department="D1",
                service_object=tuple(service_object), case_type=CaseType.COMMITMENT,
                legal_limit=legal, promised_limit=promised, fee=False, tolerance=tolerance,
                fields=tuple(fields), materials=tuple(materials), questions=tuple(questions))


def catalog(items, packages=(), fields=FIELDS, materials=MATERIALS) -> Catalog:
    return Catalog(catalog_version="test-1", published_at=datetime(2026, 1, 1, tzinfo=CST),
                   region_code="140800", region_name="运城市",
                   departments=(Department("D1", "市行政审批服务管理局", "11140800MB1234567X"),),
                   fields=tuple(fields), materials=tuple(materials), items=tuple(items),
                   packages=tuple(packages))


def person_fields(required=True):
    return (ItemField("applicant.name", required), ItemField("applicant.id_type", required),
            ItemField("applicant.id_number", required))


def two_item_catalog() -> Catalog:
    """Item A (food business) and item B (health permit) bundled as package P."""
    a = item("A", questions=(Q_AGENT, Q_AGENT_KIND, Q_SITE),
             fields=(*person_fields(),
                     ItemField("applicant.mobile", False),
                     ItemField("agent.name", True, when={"q_agent": "agent"}),
                     ItemField("agent.id_number", True, when={"q_agent": "agent"}),
                     ItemField("business.scope", False)),
             materials=(
                 ItemMaterial("M-ID", Necessity.REQUIRED, original=Original.CHECK,
                              audit_points=("在有效期内",)),
                 ItemMaterial("M-FORM", Necessity.REQUIRED, copies=1,
                              audit_points=("签字齐全",)),
                 ItemMaterial("M-AGENT", Necessity.REQUIRED, when={"q_agent": "agent"}),
                 ItemMaterial("M-LEASE", Necessity.TOLERABLE, supplement_limit=wd(5),
                              when={"q_site": "rent"}),
                 ItemMaterial("M-PHOTO", Necessity.OPTIONAL),
             ),
             promised=wd(5), legal=wd(20))
    b = item("B", questions=(Q_AGENT, Q_SITE),
             fields=(ItemField("applicant.name", True),
                     ItemField("applicant.mobile", True),
                     ItemField("business.capital", False, when={"q_site": "own"})),
             materials=(
                 ItemMaterial("M-ID", Necessity.REQUIRED, copies=2, original=Original.KEEP,
                              audit_points=("人证一致", "在有效期内")),
                 ItemMaterial("M-HEALTH", Necessity.TOLERABLE, supplement_limit=wd(3)),
                 ItemMaterial("M-LEASE", Necessity.OPTIONAL, when={"q_site": "own"}),
                 ItemMaterial("M-PHOTO", Necessity.OPTIONAL, copies=3),
             ),
             promised=nd(10), legal=wd(15))
    return catalog([a, b], [Package("P", "开办小餐饮一件事", ("A", "B")),
                            Package("P2", "限时一件事", ("A", "B"), promised_limit=wd(3))])
