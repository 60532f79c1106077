"""Small catalog documents for the loader tests (format v1)."""

from __future__ import annotations

import json

VALID_USCC = "91110000600037341L"
VALID_USCC_2 = "11140802MB1937209W"  # invented agency code (as in the sample catalog)

ITEM_A = "11140802MB1937209W4000101002000"
ITEM_B = "11140802MB1937209W4000101003000"

Q_AGENT = {"id": "q_agent", "text": "是否委托代理人办理？",
           "options": [{"value": "self", "label": "本人办理"}, {"value": "agent", "label": "委托代理人办理"}]}

_MINIMAL = {
    "format": "counter-catalog",
    "format_version": 1,
    "catalog_version": "2026.01.01",
    "published_at": "2026-01-01T08:00:00+08:00",
    "region": {"code": "140802", "name": "运城市盐湖区"},
    "departments": [
        {"id": "D-SCJG", "name": "运城市盐湖区市场监督管理局", "uscc": VALID_USCC_2},
        {"id": "D-RS", "name": "运城市盐湖区人力资源和社会保障局", "uscc": VALID_USCC},
    ],
    "fields": [
        {"key": "applicant.name", "label": "申请人姓名", "type": "text", "max_length": 50},
        {"key": "applicant.id_type", "label": "证件类型", "type": "choice",
         "choices": [{"value": "111", "label": "居民身份证"}, {"value": "414", "label": "普通护照"}]},
        {"key": "applicant.id_number", "label": "证件号码", "type": "id_number",
         "id_type_field": "applicant.id_type"},
        {"key": "contact.mobile", "label": "手机号码", "type": "mobile"},
        {"key": "business.funds", "label": "资金数额（万元）", "type": "decimal", "min": 0, "max": 1000},
    ],
    "materials": [
        {"id": "M-ID-CARD", "name": "申请人身份证明", "kind": "certificate", "medium": "either",
         "e_licence_type": "居民身份证"},
        {"id": "M-AGENT-AUTH", "name": "授权委托书", "kind": "form", "medium": "paper"},
        {"id": "M-LEASE", "name": "经营场所使用证明", "kind": "certificate", "medium": "either"},
    ],
    "items": [
        {"code": ITEM_A, "name": "个体工商户设立登记", "type": "01", "department": "D-SCJG",
         "service_object": ["person"], "case_type": "commitment",
         "legal_limit": {"value": 3, "unit": "WD"}, "promised_limit": {"value": 2, "unit": "WD"},
         "fee": False, "tolerance": True, "bank_point": True,
         "questions": [Q_AGENT],
         "fields": [{"field": "applicant.name", "required": True},
                    {"field": "applicant.id_type", "required": True},
                    {"field": "applicant.id_number", "required": True},
                    {"field": "business.funds", "required": False,
                     "when": {"field:applicant.id_type": "111"}}],
         "materials": [
             {"material": "M-ID-CARD", "necessity": "required", "original": "check",
              "audit_points": ["证件在有效期内"]},
             {"material": "M-AGENT-AUTH", "necessity": "required", "original": "keep",
              "when": {"q_agent": "agent"}},
             {"material": "M-LEASE", "necessity": "tolerable", "copies": 2,
              "supplement_limit": {"value": 1, "unit": "WD"}},
         ]},
        {"code": ITEM_B, "name": "食品经营许可", "type": "01", "department": "D-SCJG",
         "service_object": ["person", "organisation"], "case_type": "commitment",
         "legal_limit": {"value": 10, "unit": "WD"}, "promised_limit": {"value": 5, "unit": "WD"},
         "fee": False, "tolerance": False,
         "questions": [Q_AGENT],
         "fields": [{"field": "applicant.name", "required": True},
                    {"field": "contact.mobile", "required": True}],
         "materials": [{"material": "M-ID-CARD", "necessity": "required"},
                       {"material": "M-AGENT-AUTH", "necessity": "required",
                        "when": {"q_agent": "agent"}}]},
    ],
    "packages": [{"id": "P-KCG", "name": "开餐馆一件事", "items": [ITEM_A, ITEM_B],
                  "promised_limit": {"value": 5, "unit": "WD"}}],
    "reasons": [
        {"code": "REJ-01", "kind": "reject", "text": "申请事项依法不属于本行政机关职权范围。"},
        {"code": "V-01", "kind": "void", "text": "录入错误。"},
    ],
    "calendar": {"overrides": [{"date": "2026-10-10", "workday": True, "name": "国庆节调休上班"}]},
}


def minimal() -> dict:
    """A fresh copy of a small valid catalog (two items, one package); nothing shared."""
    return json.loads(json.dumps(_MINIMAL))


def encode(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
