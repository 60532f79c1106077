"""The merged form of an item or a package (受理表单定义 / 一表申请).

A clerk takes a single item (事项) or a whole "一件事" package through one form. This module
merges the questions, fields and materials of the items involved, following the merging rules
of ``contracts/catalog-format.md``:

* questions with the same ``id`` are asked once; a question is asked when any item that asks
  it has its ``when`` holding;
* fields with the same ``key`` are asked once; a field applies when any item's entry applies,
  and it is required when any applicable entry requires it;
* materials with the same ``material`` id are collected once; among the entries that apply
  the strictest necessity wins (required > tolerable > optional), with the largest ``copies``,
  the strictest ``original`` (none < check < keep), the union of audit points and the shortest
  ``supplement_limit`` of the tolerable entries.

The situation (情形) is the answers to the guide questions plus the form values; conditions
may look at both (``field:KEY``). Answers to questions that no longer apply (an earlier answer
changed) and values of fields that no longer apply are left out of the situation, so that
stale input never decides which questions, fields or materials apply
(:meth:`IntakeSpec.answers_clean`, :meth:`IntakeSpec.form_clean`). The caller keeps what the
clerk typed; only the evaluation ignores it.

Everything here is pure and recomputed on every call: answers change as the clerk types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, NamedTuple

from counter.catalog.conditions import FIELD_PREFIX, holds
from counter.catalog.model import (Catalog, Condition, Field, Item, ItemField, ItemMaterial,
                                   Material, Necessity, Original, Question)
from counter.errors import InvalidInput, NotFound
from counter.limit import Limit

__all__ = ["MergedQuestion", "MergedField", "MergedMaterial", "MaterialCondition", "IntakeSpec",
           "TARGET_KINDS", "is_empty"]

#: What a form can be taken for: a single item (事项) or a package (一件事).
TARGET_KINDS = ("item", "package")


def is_empty(value: Any) -> bool:
    """True for an unanswered question or an unfilled field (None, blank text, empty list)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0
    return False


@dataclass(frozen=True)
class MergedQuestion:
    """A guide question (情形引导问题) asked once for all the items that ask it."""

    question: Question
    #: codes of the items that ask it (in package order)
    items: tuple[str, ...]

    @property
    def id(self) -> str:  # noqa: A003 - catalog vocabulary
        return self.question.id


@dataclass(frozen=True)
class MergedField:
    """A form field (数据项) asked once, with its requiredness in the current situation."""

    key: str
    field: Field
    required: bool
    #: codes of the items whose entry for this field applies now
    items: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.field.label


@dataclass(frozen=True)
class MergedMaterial:
    """A material (申请材料) collected once, merged over the entries that apply now."""

    material: Material
    necessity: Necessity
    copies: int
    original: Original
    #: deadline to supply it when tolerated (容缺后补时限); only for a tolerable material
    supplement_limit: Limit | None
    audit_points: tuple[str, ...]
    #: codes of the items whose entry for this material applies now (the items it serves)
    items: tuple[str, ...]

    @property
    def id(self) -> str:  # noqa: A003 - catalog vocabulary
        return self.material.id

    @property
    def name(self) -> str:
        return self.material.name


class MaterialCondition(NamedTuple):
    """One item's entry for a material and the situation in which it applies (适用情形)."""

    item: str
    #: ``None`` means the entry always applies
    when: Condition


def _limit_key(limit: Limit) -> float:
    return limit.approx_hours()


def _merge_material(material: Material, entries: list[tuple[str, ItemMaterial]]) -> MergedMaterial:
    """Merge the (already applicable) entries of one material; ``entries`` is not empty."""
    necessity = max((e.necessity for _, e in entries), key=lambda n: n.rank)
    original = max((e.original for _, e in entries), key=lambda o: o.rank)
    copies = max(e.copies for _, e in entries)
    audit: list[str] = []
    for _, e in entries:
        for point in e.audit_points:
            if point not in audit:
                audit.append(point)
    supplement: Limit | None = None
    if necessity is Necessity.TOLERABLE:
        limits = [e.supplement_limit for _, e in entries
                  if e.necessity is Necessity.TOLERABLE and e.supplement_limit is not None]
        if limits:
            supplement = min(limits, key=_limit_key)
    items: list[str] = []
    for code, _ in entries:
        if code not in items:
            items.append(code)
    return MergedMaterial(material=material, necessity=necessity, copies=copies, original=original,
                          supplement_limit=supplement, audit_points=tuple(audit), items=tuple(items))


class IntakeSpec:
    """The definition of one form (受理表单定义) for an item or a package.

    Build it with :meth:`for_item`, :meth:`for_package` or :meth:`for_target`. It holds no
    situation: every method takes the current answers (question id → chosen value) and, where
    conditions may look at them, the form values (field key → value).

    Attributes:
        kind: ``"item"`` or ``"package"``.
        key: the item code or the package id.
        name: the item's or the package's name.
        catalog: the catalog it was built from.
        items: the items involved, in package order.
        promised_limit: 承诺时限 — the item's; for a package its own or else the longest
            promised limit of its items.
        legal_limit: 法定时限 — the longest legal limit of the items.
        tolerance_allowed: any item accepts 容缺受理.
    """

    def __init__(self, catalog: Catalog, kind: str, key: str, name: str, items: Iterable[Item],
                 promised_limit: Limit | None = None) -> None:
        if kind not in TARGET_KINDS:
            raise InvalidInput(f"未知的受理对象类型：{kind}")
        self.kind = kind
        self.key = key
        self.name = name
        self.catalog = catalog
        self.items: tuple[Item, ...] = tuple(items)
        if not self.items:
            raise InvalidInput(f"“{name}”不包含任何事项，无法受理。")
        self.promised_limit: Limit = (promised_limit if promised_limit is not None else
                                      max((i.promised_limit for i in self.items), key=_limit_key))
        self.legal_limit: Limit = max((i.legal_limit for i in self.items), key=_limit_key)
        self.tolerance_allowed: bool = any(i.tolerance for i in self.items)

        # Question id → (first Question, [(item code, Question)]) in first-occurrence order.
        self._questions: dict[str, tuple[Question, list[tuple[str, Question]]]] = {}
        # Field key → [(item code, ItemField)] in first-occurrence order.
        self._fields: dict[str, list[tuple[str, ItemField]]] = {}
        # Material id → [(item code, ItemMaterial)] in first-occurrence order.
        self._materials: dict[str, list[tuple[str, ItemMaterial]]] = {}
        for item in self.items:
            for q in item.questions:
                _, users = self._questions.setdefault(q.id, (q, []))
                users.append((item.code, q))
            for f in item.fields:
                self._fields.setdefault(f.field, []).append((item.code, f))
            for m in item.materials:
                self._materials.setdefault(m.material, []).append((item.code, m))
        # id_number field key → its document-type field (needed to validate the number)
        self._id_type_of: dict[str, str] = {}
        for key_ in self._fields:
            fdef = catalog.field(key_)
            if fdef.type == "id_number" and fdef.id_type_field:
                self._id_type_of[key_] = fdef.id_type_field
        # document-type field → the id_number fields that need it
        self._id_type_owners: dict[str, list[str]] = {}
        for owner, companion in self._id_type_of.items():
            self._id_type_owners.setdefault(companion, []).append(owner)

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def for_item(cls, catalog: Catalog, code: str) -> "IntakeSpec":
        """The form of a single item (事项)."""
        if not catalog.has_item(code):
            raise NotFound(f"事项目录中没有实施编码为 {code} 的事项。")
        item = catalog.item(code)
        return cls(catalog, "item", code, item.name, (item,), item.promised_limit)

    @classmethod
    def for_package(cls, catalog: Catalog, package_id: str) -> "IntakeSpec":
        """The merged form of a package (一件事)."""
        if not catalog.has_package(package_id):
            raise NotFound(f"事项目录中没有编号为 {package_id} 的“一件事”。")
        package = catalog.package(package_id)
        missing = [c for c in package.items if not catalog.has_item(c)]
        if missing:
            raise NotFound(f"“一件事”{package.name}引用了不存在的事项：{'、'.join(missing)}")
        return cls(catalog, "package", package_id, package.name, catalog.package_items(package_id),
                   package.promised_limit)

    @classmethod
    def for_target(cls, catalog: Catalog, kind: str, key: str) -> "IntakeSpec":
        """The form for ``kind`` ``"item"`` (``key`` = code) or ``"package"`` (``key`` = id)."""
        if kind == "item":
            return cls.for_item(catalog, key)
        if kind == "package":
            return cls.for_package(catalog, key)
        raise InvalidInput(f"未知的受理对象类型：{kind}")

    # -- lookups ---------------------------------------------------------------------------

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)

    @property
    def service_objects(self) -> tuple[str, ...]:
        """``person`` and/or ``organisation``, as any of the items serves them (服务对象)."""
        out: list[str] = []
        for item in self.items:
            for s in item.service_object:
                if s not in out:
                    out.append(s)
        return tuple(out)

    def question(self, question_id: str) -> Question:
        """The question with this id (its first occurrence); ``KeyError`` when unknown."""
        return self._questions[question_id][0]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def field(self, key: str) -> Field:
        """The canonical field definition (from the catalog)."""
        return self.catalog.field(key)

    def has_field(self, key: str) -> bool:
        """True when the form may ask this field (in some situation)."""
        return key in self._fields or key in self._id_type_owners

    def field_keys(self) -> tuple[str, ...]:
        """Every field the form may ask, in form order, whatever the situation."""
        return tuple(self._ordered_field_keys())

    def material(self, material_id: str) -> Material:
        return self.catalog.material(material_id)

    # -- the situation ---------------------------------------------------------------------

    def _question_applies(self, qid: str, answers: Mapping[str, Any],
                          form: Mapping[str, Any]) -> bool:
        return any(holds(q.when, answers, form) for _, q in self._questions[qid][1])

    def _entries_apply(self, key: str, answers: Mapping[str, Any], form: Mapping[str, Any]) -> bool:
        return any(holds(f.when, answers, form) for _, f in self._fields.get(key, ()))

    def _field_applies(self, key: str, answers: Mapping[str, Any], form: Mapping[str, Any]) -> bool:
        """An entry for it applies, or it is the document type of an id_number that applies."""
        return (self._entries_apply(key, answers, form)
                or any(self._entries_apply(owner, answers, form)
                       for owner in self._id_type_owners.get(key, ())))

    def _valid_answers(self, answers: Mapping[str, Any]) -> dict[str, str]:
        """Answers to known questions with one of the question's options."""
        out: dict[str, str] = {}
        for qid, value in (answers or {}).items():
            if qid not in self._questions or is_empty(value):
                continue
            value = str(value).strip()
            if any(o.value == value for o in self._questions[qid][0].options):
                out[qid] = value
        return out

    def _situation(self, answers: Mapping[str, Any] | None,
                   form: Mapping[str, Any] | None) -> tuple[dict[str, str], dict[str, Any]]:
        """The answers and form values that count now: stale ones are left out.

        An answer counts when its question applies given the answers and values that count;
        a value counts when its field applies likewise. Computed as a fixed point, starting
        from everything the clerk entered: each round keeps, out of the original input, what
        applies given the previous round. Without negated conditions this only ever shrinks;
        should negations make it oscillate, the rounds continue by shrinking only, which
        always ends.
        """
        orig_answers = self._valid_answers(answers or {})
        orig_form = {k: v for k, v in (form or {}).items()
                     if self.has_field(k) and not is_empty(v)}
        cur_a, cur_f = orig_answers, orig_form
        limit = len(orig_answers) + len(orig_form) + 2
        for _ in range(limit):
            next_a = {q: v for q, v in orig_answers.items() if self._question_applies(q, cur_a, cur_f)}
            next_f = {k: v for k, v in orig_form.items() if self._field_applies(k, cur_a, cur_f)}
            if next_a == cur_a and next_f == cur_f:
                return cur_a, cur_f
            cur_a, cur_f = next_a, next_f
        while True:  # oscillating (negations): shrink only, which terminates
            next_a = {q: v for q, v in cur_a.items() if self._question_applies(q, cur_a, cur_f)}
            next_f = {k: v for k, v in cur_f.items() if self._field_applies(k, cur_a, cur_f)}
            if next_a == cur_a and next_f == cur_f:
                return cur_a, cur_f
            cur_a, cur_f = next_a, next_f

    def answers_clean(self, answers: Mapping[str, Any],
                      form: Mapping[str, Any] | None = None) -> dict[str, str]:
        """The answers that still count (有效情形): answers to questions that no longer apply,
        to unknown questions, or with a value that is not one of the options, are dropped."""
        return self._situation(answers, form)[0]

    def form_clean(self, answers: Mapping[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
        """The form values that count: values of fields that do not apply now are dropped."""
        return self._situation(answers, form)[1]

    # -- what to ask and collect now -------------------------------------------------------

    def questions(self, answers: Mapping[str, Any],
                  form: Mapping[str, Any] | None = None) -> list[MergedQuestion]:
        """The guide questions to ask now, each once, in first-occurrence order.

        Answering a question may reveal a conditional one; the list is recomputed each time.
        """
        a, f = self._situation(answers, form)
        out = []
        for qid, (first, users) in self._questions.items():
            asking = tuple(dict.fromkeys(code for code, q in users if holds(q.when, a, f)))
            if asking:
                out.append(MergedQuestion(first, asking))
        return out

    def _ordered_field_keys(self) -> list[str]:
        keys: list[str] = []
        for key in self._fields:
            companion = self._id_type_of.get(key)
            if companion and companion not in self._fields and companion not in keys:
                keys.append(companion)  # an unlisted document type comes right before its number
            if key not in keys:
                keys.append(key)
        return keys

    def fields(self, answers: Mapping[str, Any],
               form: Mapping[str, Any] | None = None) -> list[MergedField]:
        """The fields to fill now, each once, in a stable order (package order, then catalog
        order within each item).

        A field is required when any item whose entry applies requires it. The document-type
        field (``id_type_field``) of an applicable ``id_number`` field is always included, with
        the number's requiredness and items, when no applicable entry asks it already (if no
        item lists it at all, it comes right before the number).
        """
        a, f = self._situation(answers, form)
        merged: dict[str, MergedField] = {}
        for key, entries in self._fields.items():
            applying = [(code, e) for code, e in entries if holds(e.when, a, f)]
            if applying:
                merged[key] = MergedField(
                    key=key, field=self.catalog.field(key),
                    required=any(e.required for _, e in applying),
                    items=tuple(dict.fromkeys(code for code, _ in applying)))
        for owner, companion in self._id_type_of.items():
            if owner in merged and companion not in merged:
                m = merged[owner]
                merged[companion] = MergedField(key=companion, field=self.catalog.field(companion),
                                                required=m.required, items=m.items)
        return [merged[k] for k in self._ordered_field_keys() if k in merged]

    def materials(self, answers: Mapping[str, Any],
                  form: Mapping[str, Any] | None = None) -> list[MergedMaterial]:
        """The materials to collect now (材料清单), each once, merged over applicable entries."""
        a, f = self._situation(answers, form)
        out = []
        for mid, entries in self._materials.items():
            applying = [(code, e) for code, e in entries if holds(e.when, a, f)]
            if applying:
                out.append(_merge_material(self.catalog.material(mid), applying))
        return out

    def all_materials(self) -> list[tuple[MergedMaterial, tuple[MaterialCondition, ...]]]:
        """Every material that could apply in some situation, for browsing the catalog.

        Each comes merged as if all its entries applied (the strictest it can be) with, per
        item entry, the condition under which it applies (``when`` ``None`` = always);
        :meth:`describe_condition` turns a condition into Chinese.
        """
        return [(_merge_material(self.catalog.material(mid), entries),
                 tuple(MaterialCondition(code, e.when) for code, e in entries))
                for mid, entries in self._materials.items()]

    def describe_condition(self, condition: Condition) -> str:
        """A condition in Chinese, with question texts and option labels (适用情形说明).

        ``{"q_site": "rent"}`` reads ``经营场所是否自有？：租赁``; ``all``/``any`` join with
        ``且``/``或``, ``not`` reads ``非（…）``; ``None`` reads ``所有情形``.
        """
        if condition is None:
            return "所有情形"
        return self._describe(condition, nested=False)

    def _describe(self, condition: Mapping[str, Any], *, nested: bool) -> str:
        parts = []
        for key, expected in condition.items():
            if key in ("all", "any"):
                joiner = " 且 " if key == "all" else " 或 "
                inner = [self._describe(c, nested=True) for c in expected]
                text = joiner.join(inner)
                wrap = len(inner) > 1 and (nested or len(condition) > 1)
                parts.append("（" + text + "）" if wrap else text)
            elif key == "not":
                parts.append("非（" + self._describe(expected, nested=False) + "）")
            else:
                parts.append(self._describe_test(key, expected))
        if len(parts) == 1:
            return parts[0]
        text = " 且 ".join(parts)
        return "（" + text + "）" if nested else text

    def _describe_test(self, key: str, expected: Any) -> str:
        values = expected if isinstance(expected, list) else [expected]
        if key.startswith(FIELD_PREFIX):
            fkey = key[len(FIELD_PREFIX):]
            try:
                fdef = self.catalog.field(fkey)
            except KeyError:
                return f"{fkey}：{'/'.join(str(v) for v in values)}"
            return f"{fdef.label}：{'/'.join(fdef.choice_label(str(v)) for v in values)}"
        if key in self._questions:
            q = self._questions[key][0]
            return f"{q.text}：{'/'.join(q.option_label(str(v)) for v in values)}"
        return f"{key}：{'/'.join(str(v) for v in values)}"

    def __repr__(self) -> str:
        return f"IntakeSpec({self.kind}={self.key!r}, items={len(self.items)})"
