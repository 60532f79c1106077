"""Test data for the document tests: real :class:`counter.cases.model.Case` objects.

The ID number is a valid, generated one (:func:`counter.ids.make_id_number`), never a real
person's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from counter.cases.model import (Applicant, Case, CaseState, HistoryEntry, LedgerEntry,
                                 PickupInfo)
from counter.clock import CST
from counter.identity import Actor, SiteProfile
from counter.ids import make_id_number

ID_NUMBER = make_id_number("140802", date(1988, 5, 17), 123)
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
AGENT_ID = make_id_number("140802", date(1990, 1, 2), 456)
MOBILE = "13912345678"
CASE_NO = "14080200107261120S00042"  # body; the check character is added below
ACCEPTED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
PROMISED_AT = datetime(2026, 11, 27, 17, 0, tzinfo=CST)
PASSWORD = "483920"

SITE = SiteProfile(region_code="140802", site_code="001", counter_code="07",
                   site_name="运城市盐湖区政务服务中心", counter_name="综合受理7号窗口",
                   kind="hall", contact_phone="0359-2021234",
                   query_url_template="https://zwfw.example.gov.cn/query?case={case_no}")
BANK_SITE = replace(SITE, site_name="中国建设银行运城分行盐湖支行", kind="bank_point",
                    counter_name="政银合作服务点1号窗口", counter_code="01")
CLERK = Actor(user_id="c0012", role="clerk", site="140802-001", counter="07")


def case_no(series: str = "S", serial: int = 42) -> str:
    from counter.cases.numbering import format_case_no

    return format_case_no("140802", "001", "07", date(2026, 11, 20), series, serial)


def ledger(n: int = 3, *, name: str | None = None) -> list[LedgerEntry]:
    """``n`` received materials (the first an ID card with the original checked)."""
    base = [
        LedgerEntry("M-ID-CARD", "经营者身份证明", "received", "required", 1, "check"),
        LedgerEntry("M-IND-APP", "个体工商户登记（备案）申请书", "received", "required", 1, "keep"),
        LedgerEntry("M-LEASE", "经营场所使用证明（房屋产权证明或租赁协议）", "e_licence",
                    "required", 0, "none"),
    ]
    out = []
    for i in range(n):
        e = base[i % len(base)]
        if i >= len(base):
            e = replace(e, material=f"M-X{i}", name=f"{name or e.name}（第{i + 1}项）")
        out.append(e)
    return out


def accepted_case(*, applicant_name: str = "张三", materials: list[LedgerEntry] | None = None,
                  name: str = "个体工商户设立登记", items: list | None = None,
                  state: CaseState = CaseState.ACCEPTED) -> Case:
    no = case_no("S")
    return Case(case_no=no, state=state, kind="item", key="11140802MB1937209W4000101002000",
                name=name,
                items=items or [("11140802MB1937209W4000101002000", "个体工商户设立登记")],
                catalog_version="2026.11.01",
                applicant=Applicant("person", applicant_name, "111", ID_NUMBER),
                contact={"name": applicant_name, "mobile": MOBILE}, form={}, answers={},
                materials=materials if materials is not None else ledger(3),
                decided_at=ACCEPTED_AT, decided_by=CLERK, accepted_at=ACCEPTED_AT,
                promised_at=PROMISED_AT,
                history=[HistoryEntry(ACCEPTED_AT, "accept", CLERK, "")],
                query_password=PASSWORD)


def notified_case(**kw) -> Case:
    c = accepted_case(**kw)
    missing = [LedgerEntry("M-LEASE", "经营场所使用证明", "missing", "required", 0, "check"),
               LedgerEntry("M-AGENT-AUTH", "授权委托书", "missing", "required", 0, "keep"),
               LedgerEntry("M-AGENT-ID", "代理人身份证明", "missing", "required", 0, "check")]
    return replace(c, case_no=case_no("G"), state=CaseState.NOTIFIED, accepted_at=None,
                   promised_at=None, materials=c.materials[:2] + missing,
                   answers={"q_agent": "agent", "q_premises": "leased"},
                   missing=["M-LEASE", "M-AGENT-AUTH", "M-AGENT-ID"], query_password=None,
                   history=[HistoryEntry(ACCEPTED_AT, "notify", CLERK, "")])


def rejected_case(**kw) -> Case:
    c = accepted_case(**kw)
    return replace(c, case_no=case_no("B"), state=CaseState.REJECTED, accepted_at=None,
                   promised_at=None, reason_code="REJ-02",
                   reason_text="申请人申请的食品经营许可事项应向市级审批部门提出。",
                   query_password=None, history=[HistoryEntry(ACCEPTED_AT, "reject", CLERK, "")])


def tolerated_case(**kw) -> Case:
    c = accepted_case(**kw)
    mats = c.materials + [LedgerEntry("M-HEALTH", "从业人员健康证明", "tolerated", "tolerable",
                                      0, "none")]
    return replace(c, state=CaseState.AWAITING_SUPPLEMENT, materials=mats,
                   history=[HistoryEntry(ACCEPTED_AT, "accept_tolerance", CLERK, "")])


def supplemented_case(**kw) -> Case:
    c = tolerated_case(**kw)
    at = datetime(2026, 11, 24, 10, 15, tzinfo=CST)
    mats = [replace(e, status="received", copies=1) if e.status == "tolerated" else e
            for e in c.materials]
    return replace(c, state=CaseState.ACCEPTED, materials=mats, updated_at=at,
                   history=c.history + [HistoryEntry(at, "supplement", CLERK, "")])


def picked_up_case(*, by_applicant: bool = True, **kw) -> Case:
    c = accepted_case(**kw)
    at = datetime(2026, 11, 26, 15, 5, tzinfo=CST)
    info = (PickupInfo(at, True, c.applicant.name, "111", ID_NUMBER, CLERK) if by_applicant
            else PickupInfo(at, False, "李四", "111", AGENT_ID, CLERK))
    return replace(c, state=CaseState.CLOSED, picked_up=info, result={"licence_no": "92140802MA0XXXXX1A"},
                   history=c.history + [HistoryEntry(at, "platform.approved", None, ""),
                                        HistoryEntry(at, "pickup", CLERK, "")])
