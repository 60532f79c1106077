"""The draft being worked on at the window (受理草稿).

An :class:`Intake` holds what the clerk has entered so far for one item or package: the answers
to the guide questions (情形), the form values, and per material what was received. It is a
plain mutable object, serialised as JSON (:meth:`Intake.to_json`) into the drafts table as the
clerk types and restored exactly after a crash (:meth:`Intake.from_json`).

Material states are kept for every material the clerk touched, also when a changed answer
makes a material no longer apply: it then simply does not count, and comes back as it was if
the answer is changed back. Nothing the clerk recorded is deleted.

Applicant (申请人) convention — the form fields that identify the applicant:

* a person (自然人, ``applicant_kind == "person"``): ``applicant.name``,
  ``applicant.id_type`` (document type code, ``111`` 居民身份证 …) and ``applicant.id_number``;
  when the form has no ``applicant.id_type`` the ``id_type_field`` of ``applicant.id_number``
  is used, and failing that ``111``;
* an organisation (法人/其他组织, ``applicant_kind == "organisation"``): ``enterprise.name``
  and ``enterprise.uscc`` (or ``org.name`` / ``org.uscc``), document type ``001``
  (统一社会信用代码).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from counter.catalog.model import Field, Necessity
from counter.clock import CST
from counter.errors import InvalidInput
from counter.intake.merge import MergedMaterial, is_empty
from counter.intake.validate import RESIDENT_ID_TYPE, USCC_ID_TYPE, normalise_value

if TYPE_CHECKING:
    from counter.intake.merge import IntakeSpec

__all__ = ["MaterialStatus", "MaterialState", "Intake", "APPLICANT_KINDS", "DRAFT_FORMAT",
           "PERSON_FIELDS", "ORGANISATION_FIELDS"]

#: Version of the JSON written by :meth:`Intake.to_json`.
DRAFT_FORMAT = 1
APPLICANT_KINDS = ("person", "organisation")
#: Field keys of a person applicant: name, document type, document number.
PERSON_FIELDS = ("applicant.name", "applicant.id_type", "applicant.id_number")
#: Field keys of an organisation applicant, in order of preference: (name, credit code).
ORGANISATION_FIELDS = (("enterprise.name", "enterprise.uscc"), ("org.name", "org.uscc"))


class MaterialStatus(str, Enum):
    """Where a material stands at the counter (材料收取状态)."""

    RECEIVED = "received"  #: 已收取
    E_LICENCE = "e_licence"  #: 免提交（电子证照）
    TOLERATED = "tolerated"  #: 容缺
    MISSING = "missing"  #: 未提交
    NOT_APPLICABLE = "not_applicable"  #: 不涉及

    @property
    def label(self) -> str:
        return {"received": "已收取", "e_licence": "免提交（电子证照）", "tolerated": "容缺",
                "missing": "未提交", "not_applicable": "不涉及"}[self.value]

    @property
    def provided(self) -> bool:
        """Received or exempt: it counts as supplied (已提供)."""
        return self in (MaterialStatus.RECEIVED, MaterialStatus.E_LICENCE)


@dataclass
class MaterialState:
    """What the clerk recorded about one material (材料收取情况)."""

    material: str
    status: MaterialStatus = MaterialStatus.MISSING
    copies_received: int = 0
    original_checked: bool = False
    original_kept: bool = False
    #: the applicant brought paper only (纸质材料，未扫描)
    paper_only: bool = False
    #: sha256 of the captured pages, in order
    pages: list[str] = field(default_factory=list)
    #: the audit points (审核要点) the clerk ticked
    audit_checked: list[str] = field(default_factory=list)
    #: the e-licence (电子证照) that exempts it
    e_licence_number: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"material": self.material, "status": self.status.value,
                "copies_received": self.copies_received,
                "original_checked": self.original_checked, "original_kept": self.original_kept,
                "paper_only": self.paper_only, "pages": list(self.pages),
                "audit_checked": list(self.audit_checked),
                "e_licence_number": self.e_licence_number, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MaterialState":
        try:
            return cls(material=str(data["material"]),
                       status=MaterialStatus(data.get("status", "missing")),
                       copies_received=int(data.get("copies_received", 0)),
                       original_checked=bool(data.get("original_checked", False)),
                       original_kept=bool(data.get("original_kept", False)),
                       paper_only=bool(data.get("paper_only", False)),
                       pages=[str(p) for p in data.get("pages", [])],
                       audit_checked=[str(p) for p in data.get("audit_checked", [])],
                       e_licence_number=data.get("e_licence_number"),
                       note=str(data.get("note", "")))
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidInput("受理草稿中的材料记录已损坏，无法恢复。") from exc


def _time_to_json(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput("受理草稿的时间缺少时区，无法保存。")
    return moment.isoformat()


def _time_from_json(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    if moment.utcoffset() == timedelta(hours=8):
        moment = moment.replace(tzinfo=CST)  # restore the named Beijing time zone
    return moment


@dataclass
class Intake:
    """A draft application at the window (受理草稿), before any decision.

    Attributes:
        id: uuid4 hex, the draft's identity.
        kind: ``"item"`` or ``"package"``; ``key``: the item code or package id.
        catalog_version: the catalog the draft was started with.
        answers: guide question id → chosen option value (情形).
        form: field key → canonical value (see :mod:`counter.intake.validate`).
        materials: material id → what was recorded, also for materials that no longer apply.
        queue_ticket: the queue number called to the window (排队号), if any.
        applicant_kind: ``"person"`` (自然人) or ``"organisation"`` (法人/其他组织).
    """

    id: str  # noqa: A003 - the draft's identity
    kind: str
    key: str
    catalog_version: str
    answers: dict[str, Any]
    form: dict[str, Any]
    materials: dict[str, MaterialState]
    created_at: datetime
    updated_at: datetime
    queue_ticket: str | None = None
    applicant_kind: str = "person"

    # -- creation and persistence -----------------------------------------------------------

    @classmethod
    def new(cls, spec: "IntakeSpec", now: datetime, *, queue_ticket: str | None = None,
            applicant_kind: str | None = None) -> "Intake":
        """A fresh draft for ``spec`` (新建受理草稿), its material checklist already set up.

        ``applicant_kind`` defaults to ``organisation`` when the items serve organisations
        only, else ``person``.
        """
        if applicant_kind is None:
            applicant_kind = ("organisation" if spec.service_objects == ("organisation",)
                              else "person")
        if applicant_kind not in APPLICANT_KINDS:
            raise InvalidInput(f"未知的申请人类型：{applicant_kind}")
        intake = cls(id=uuid.uuid4().hex, kind=spec.kind, key=spec.key,
                     catalog_version=spec.catalog.catalog_version, answers={}, form={},
                     materials={}, created_at=now, updated_at=now, queue_ticket=queue_ticket,
                     applicant_kind=applicant_kind)
        intake.sync_materials(spec)
        return intake

    def to_dict(self) -> dict[str, Any]:
        return {"draft_format": DRAFT_FORMAT, "id": self.id, "kind": self.kind, "key": self.key,
                "catalog_version": self.catalog_version, "answers": dict(self.answers),
                "form": dict(self.form),
                "materials": {k: s.to_dict() for k, s in self.materials.items()},
                "created_at": _time_to_json(self.created_at),
                "updated_at": _time_to_json(self.updated_at),
                "queue_ticket": self.queue_ticket, "applicant_kind": self.applicant_kind}

    def to_json(self) -> str:
        """The draft as JSON (UTF-8 text, datetimes with their offset)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Intake":
        try:
            if int(data.get("draft_format", DRAFT_FORMAT)) > DRAFT_FORMAT:
                raise InvalidInput("受理草稿由更新版本的程序保存，请升级后再恢复。")
            materials = {}
            for key, state in dict(data.get("materials", {})).items():
                materials[str(key)] = MaterialState.from_dict(state)
            return cls(id=str(data["id"]), kind=str(data["kind"]), key=str(data["key"]),
                       catalog_version=str(data["catalog_version"]),
                       answers=dict(data.get("answers", {})), form=dict(data.get("form", {})),
                       materials=materials,
                       created_at=_time_from_json(data["created_at"]),
                       updated_at=_time_from_json(data["updated_at"]),
                       queue_ticket=data.get("queue_ticket"),
                       applicant_kind=str(data.get("applicant_kind", "person")))
        except InvalidInput:
            raise
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise InvalidInput("受理草稿已损坏，无法恢复。") from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> "Intake":
        """The draft saved by :meth:`to_json`, exactly as it was (恢复受理草稿)."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InvalidInput("受理草稿已损坏，无法恢复。") from exc
        if not isinstance(data, dict):
            raise InvalidInput("受理草稿已损坏，无法恢复。")
        return cls.from_dict(data)

    # -- editing ----------------------------------------------------------------------------

    def set_answer(self, question_id: str, value: str | None) -> None:
        """Record (or with ``None``/"" clear) an answer; call :meth:`sync_materials` after."""
        if is_empty(value):
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = str(value).strip()

    def set_value(self, fdef: Field, value: Any) -> Any:
        """Store the canonical form of ``value`` for ``fdef``; returns what was stored.

        An empty value removes the key.
        """
        canonical = normalise_value(fdef, value)
        if is_empty(canonical):
            self.form.pop(fdef.key, None)
        else:
            self.form[fdef.key] = canonical
        return canonical

    def touch(self, now: datetime) -> None:
        """Mark the draft as changed at ``now``."""
        self.updated_at = now

    # -- materials --------------------------------------------------------------------------

    def sync_materials(self, spec: "IntakeSpec") -> list[str]:
        """Give every material that applies now a state (new ones ``MISSING``).

        States of materials that no longer apply are kept untouched: they do not count, and
        are there again if the situation changes back. Returns the ids newly added.
        """
        added = []
        for merged in spec.materials(self.answers, self.form):
            if merged.id not in self.materials:
                self.materials[merged.id] = MaterialState(merged.id)
                added.append(merged.id)
        return added

    def checklist(self, spec: "IntakeSpec") -> list[tuple[MergedMaterial, MaterialState]]:
        """The applicable materials (材料清单) with their states, in checklist order.

        Syncs first, so every state returned is the one stored in :attr:`materials`.
        """
        self.sync_materials(spec)
        return [(m, self.materials[m.id]) for m in spec.materials(self.answers, self.form)]

    def missing(self, spec: "IntakeSpec") -> list[MergedMaterial]:
        """Applicable required or tolerable materials not received, exempt or tolerated
        (缺少的材料). Optional materials never count as missing."""
        return [m for m, s in self.checklist(spec)
                if m.necessity is not Necessity.OPTIONAL
                and s.status not in (MaterialStatus.RECEIVED, MaterialStatus.E_LICENCE,
                                     MaterialStatus.TOLERATED)]

    def acceptable(self, spec: "IntakeSpec") -> bool:
        """True when every applicable required or tolerable material is received or exempt
        (材料齐全). A tolerated material does not make it acceptable here (容缺受理 is a
        separate decision); optional materials do not matter. The form itself is checked by
        :func:`counter.intake.validate.form_problems`."""
        return all(s.status.provided for m, s in self.checklist(spec)
                   if m.necessity is not Necessity.OPTIONAL)

    # -- the applicant ----------------------------------------------------------------------

    def applicant(self, spec: "IntakeSpec") -> dict[str, str | None]:
        """The applicant (申请人) as the form identifies them; see the module docstring.

        Returns ``{"type", "name", "id_type", "id_number"}``; a value not filled in is
        ``None``. Values are canonical (upper-case ID numbers and credit codes).
        """
        def value(key: str) -> str | None:
            v = self.form.get(key)
            if is_empty(v):
                return None
            if spec.has_field(key):
                v = normalise_value(spec.field(key), v)
            return None if is_empty(v) else str(v)

        if self.applicant_kind == "organisation":
            for name_key, code_key in ORGANISATION_FIELDS:
                if spec.has_field(name_key) or spec.has_field(code_key):
                    break
            else:
                name_key, code_key = ORGANISATION_FIELDS[0]
            return {"type": "organisation", "name": value(name_key), "id_type": USCC_ID_TYPE,
                    "id_number": value(code_key)}
        name_key, type_key, number_key = PERSON_FIELDS
        if not spec.has_field(type_key) and spec.has_field(number_key):
            type_key = spec.field(number_key).id_type_field or type_key
        id_number = value(number_key)
        id_type = value(type_key)
        if id_type is None and id_number is not None and not spec.has_field(type_key):
            id_type = RESIDENT_ID_TYPE
        return {"type": "person", "name": value(name_key), "id_type": id_type,
                "id_number": id_number}
