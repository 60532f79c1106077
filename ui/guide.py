"""Presentation of a guide (办事指南): labels, condition texts and the material checklist.

Plain functions over catalog objects, without widgets, so that they are easy to test. The
package checklist here is *presentation only* — it merges without a situation (every entry,
with all its conditions); the rules that decide what an actual application needs live in
``counter/intake``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from PySide6.QtCore import QCoreApplication

from counter.catalog.conditions import FIELD_PREFIX
from counter.catalog.model import (Catalog, CaseType, Field, Item, Material, Necessity, Original,
                                   Question)
from counter.limit import Limit, LimitUnit

if TYPE_CHECKING:
    from counter.intake.merge import IntakeSpec, MaterialCondition, MergedMaterial

translate = QCoreApplication.translate


# -- labels --------------------------------------------------------------------------------

def necessity_label(necessity: Necessity) -> str:
    """必要 / 容缺后补 / 非必要."""
    return {Necessity.REQUIRED: translate("guide", "必要"),
            Necessity.TOLERABLE: translate("guide", "容缺后补"),
            Necessity.OPTIONAL: translate("guide", "非必要")}[necessity]


def original_label(original: Original) -> str:
    """无需原件 / 原件核验 / 收取原件."""
    return {Original.NONE: translate("guide", "无需原件"),
            Original.CHECK: translate("guide", "原件核验"),
            Original.KEEP: translate("guide", "收取原件")}[original]


def case_type_label(case_type: CaseType) -> str:
    """即办件 / 承诺件."""
    if case_type is CaseType.IMMEDIATE:
        return translate("guide", "即办件")
    return translate("guide", "承诺件")


def yes_no(value: bool) -> str:
    """是 / 否."""
    return translate("guide", "是") if value else translate("guide", "否")


def limit_label(limit: Limit | None) -> str:
    """A time limit as the catalog states it (``5个工作日``, ``当日办结``; ``—`` for none)."""
    if limit is None:
        return "—"
    if limit.value == 0:
        return translate("guide", "当日办结")
    value = int(limit.value) if float(limit.value).is_integer() else limit.value
    template = {LimitUnit.WD: translate("guide", "{n}个工作日"),
                LimitUnit.ND: translate("guide", "{n}个自然日"),
                LimitUnit.WH: translate("guide", "{n}个工作小时"),
                LimitUnit.NH: translate("guide", "{n}小时")}[limit.unit]
    return template.format(n=value)


def field_type_label(field_type: str) -> str:
    """The Chinese name of a field type (``id_number`` → 证件号码)."""
    labels = {
        "text": translate("guide", "文本"),
        "textarea": translate("guide", "多行文本"),
        "choice": translate("guide", "单选"),
        "multi_choice": translate("guide", "多选"),
        "date": translate("guide", "日期"),
        "integer": translate("guide", "整数"),
        "decimal": translate("guide", "数值"),
        "mobile": translate("guide", "手机号码"),
        "phone": translate("guide", "固定电话"),
        "id_number": translate("guide", "证件号码"),
        "uscc": translate("guide", "统一社会信用代码"),
        "division": translate("guide", "行政区划"),
        "email": translate("guide", "电子邮箱"),
        "postcode": translate("guide", "邮政编码"),
    }
    return labels.get(field_type, field_type)


# -- conditions ----------------------------------------------------------------------------

class ConditionText:
    """Explains ``when`` conditions in words, with question texts and option labels.

    Args:
        questions: the questions the conditions may refer to, by id.
        fields: looks up a canonical field by key (for ``field:KEY`` conditions).
    """

    def __init__(self, questions: Mapping[str, Question],
                 fields: Mapping[str, Field] | None = None) -> None:
        self._questions = questions
        self._fields = fields or {}

    @classmethod
    def for_items(cls, catalog: Catalog, items: Iterable[Item]) -> "ConditionText":
        """Conditions of ``items`` (a package shares question ids across its items)."""
        questions: dict[str, Question] = {}
        for item in items:
            for q in item.questions:
                questions.setdefault(q.id, q)
        return cls(questions, {f.key: f for f in catalog.fields})

    def when(self, condition: Mapping[str, Any] | None) -> str:
        """``当「是否委托代理人办理」为「委托代理人」时`` (``所有情形`` for no condition)."""
        if condition is None:
            return translate("guide", "所有情形")
        return translate("guide", "当{clause}时").format(clause=self.clause(condition))

    def ask_only_when(self, condition: Mapping[str, Any]) -> str:
        """``仅当「…」为「…」时询问`` — the note on a conditional question."""
        return translate("guide", "仅当{clause}时询问").format(clause=self.clause(condition))

    def clause(self, condition: Mapping[str, Any], *, nested: bool = False) -> str:
        """The condition as a clause, without 当…时.

        Args:
            condition: a condition of the catalog format.
            nested: wrap compound clauses in brackets (inside another compound).
        """
        parts: list[str] = []
        for key, expected in condition.items():
            if key == "all":
                parts.append(self._join([self.clause(c, nested=True) for c in expected],
                                        translate("guide", "且"), nested or len(condition) > 1))
            elif key == "any":
                parts.append(self._join([self.clause(c, nested=True) for c in expected],
                                        translate("guide", "或"), nested or len(condition) > 1))
            elif key == "not":
                parts.append(self._negation(expected))
            else:
                parts.append(self._comparison(key, expected, negated=False))
        return self._join(parts, translate("guide", "且"), nested and len(parts) > 1)

    def _negation(self, condition: Mapping[str, Any]) -> str:
        if len(condition) == 1:
            (key, expected), = condition.items()
            if key not in ("all", "any", "not"):
                return self._comparison(key, expected, negated=True)
        return translate("guide", "并非{clause}").format(clause=self.clause(condition, nested=True))

    def _comparison(self, key: str, expected: Any, *, negated: bool) -> str:
        values = expected if isinstance(expected, list) else [expected]
        if key.startswith(FIELD_PREFIX):
            subject, labels = self._field_subject(key[len(FIELD_PREFIX):], values)
        else:
            question = self._questions.get(key)
            subject = question.text.rstrip("？?：: ") if question else key
            labels = [question.option_label(_text(v)) if question else _text(v) for v in values]
        value_text = translate("guide", "或").join(
            translate("guide", "「{value}」").format(value=v) for v in labels)
        if negated:
            return translate("guide", "「{subject}」不为{values}").format(subject=subject,
                                                                         values=value_text)
        return translate("guide", "「{subject}」为{values}").format(subject=subject, values=value_text)

    def _field_subject(self, key: str, values: list[Any]) -> tuple[str, list[str]]:
        field = self._fields.get(key)
        if field is None:
            return key, [_text(v) for v in values]
        labels = []
        for v in values:
            if isinstance(v, bool):
                labels.append(yes_no(v))
            else:
                labels.append(field.choice_label(_text(v)))
        return field.label, labels

    @staticmethod
    def _join(parts: list[str], word: str, bracket: bool) -> str:
        text = word.join(parts)
        return translate("guide", "（{clause}）").format(clause=text) if bracket and len(parts) > 1 \
            else text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- material checklist --------------------------------------------------------------------

@dataclass(frozen=True)
class ChecklistRow:
    """One line of a material checklist (材料清单) for browsing a guide.

    Attributes:
        merged: the material merged over all its entries (the strictest it can be), from
            :meth:`counter.intake.IntakeSpec.all_materials`.
        conditions: per item entry, the condition under which it applies.
        items: the items this material serves, in package order.
    """

    merged: "MergedMaterial"
    conditions: tuple["MaterialCondition", ...]
    items: tuple[Item, ...]

    @property
    def material(self) -> Material:
        return self.merged.material

    @property
    def always(self) -> bool:
        """True when some entry applies in every situation."""
        return any(c.when is None for c in self.conditions)


def checklist(spec: "IntakeSpec") -> list[ChecklistRow]:
    """The material checklist of an item or a package, each material once.

    The merge itself is :mod:`counter.intake.merge` (strictest necessity, largest copies,
    strictest original, union of audit points, shortest supplement limit); this adds the
    item objects for display.
    """
    by_code = {i.code: i for i in spec.items}
    return [ChecklistRow(merged, conditions, tuple(by_code[c] for c in merged.items))
            for merged, conditions in spec.all_materials()]


def applies_text(row: ChecklistRow, conditions: ConditionText, *, name_items: bool) -> str:
    """The 适用情形 of a row: ``所有情形`` or one line per entry with its condition.

    Args:
        row: the checklist row.
        conditions: explains the conditions.
        name_items: prefix each line with the item's name when the row serves several items.
    """
    if all(c.when is None for c in row.conditions):
        return conditions.when(None)
    names = {i.code: short_name(i) for i in row.items}
    texts = [conditions.when(c.when) for c in row.conditions]
    if len(set(texts)) == 1:  # the same situation in every item: say it once
        return texts[0]
    lines: list[str] = []
    for c, text in zip(row.conditions, texts):
        if name_items and len(row.items) > 1:
            text = translate("guide", "{item}：{text}").format(item=names.get(c.item, c.item),
                                                               text=text)
        if text not in lines:
            lines.append(text)
    return "\n".join(lines)


def short_name(item: Item) -> str:
    """The item's short name, or its name."""
    return item.short_name or item.name


# -- questions and fields ------------------------------------------------------------------

@dataclass(frozen=True)
class GuideQuestion:
    """A guide question and the items that ask it (a package asks each id once).

    Attributes:
        question: the question (as the first item that asks it states it).
        items: the items that ask it.
    """

    question: Question
    items: tuple[Item, ...]


def merged_questions(items: Iterable[Item]) -> list[GuideQuestion]:
    """The questions of ``items``, each id once, in order of first appearance."""
    found: dict[str, tuple[Question, list[Item]]] = {}
    for item in items:
        for q in item.questions:
            found.setdefault(q.id, (q, []))[1].append(item)
    return [GuideQuestion(q, tuple(its)) for q, its in found.values()]


@dataclass(frozen=True)
class GuideField:
    """A form field of the guide.

    Attributes:
        field: the canonical field.
        required: required by at least one item (in some situation).
        conditions: ``(item, when)`` for every item that uses the field.
    """

    field: Field
    required: bool
    conditions: tuple[tuple[Item, Mapping[str, Any] | None], ...]


def merged_fields(catalog: Catalog, items: Iterable[Item]) -> list[GuideField]:
    """The fields of ``items``, each key once (asked once however many items use it)."""
    found: dict[str, list[tuple[Item, Any, bool]]] = {}
    for item in items:
        for f in item.fields:
            found.setdefault(f.field, []).append((item, f.when, f.required))
    return [GuideField(catalog.field(key), any(r for _i, _w, r in uses),
                       tuple((i, w) for i, w, _r in uses))
            for key, uses in found.items()]
