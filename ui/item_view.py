"""The guide of an item or a package (办事指南): facts, questions, materials, fields.

The guide is one scrolling rich-text document (a read-only ``QTextBrowser``): long texts wrap,
tables share the width sensibly, nothing is cut off, and the clerk can select and copy any of it.
"""

from __future__ import annotations

import html
from typing import Iterable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QVBoxLayout, QWidget

from counter.catalog.model import Catalog, Item, Necessity, Package
from counter.errors import NotFound
from ui import guide
from ui.guide import ChecklistRow, ConditionText

translate = QCoreApplication.translate

PAPER, INK, MUTED, RULE, HEAD_BG = "#ffffff", "#1f2329", "#646a73", "#dee0e3", "#f2f3f5"

STYLE_SHEET = f"""
body {{ color: {INK}; }}
h1 {{ font-size: 16pt; font-weight: 600; margin-top: 0px; margin-bottom: 4px; }}
h2 {{ font-size: 12pt; font-weight: 600; margin-top: 20px; margin-bottom: 8px; }}
p {{ margin-top: 0px; margin-bottom: 0px; }}
.meta {{ color: {MUTED}; }}
.muted {{ color: {MUTED}; }}
.label {{ color: {MUTED}; }}
.cond {{ color: #b54708; }}
.req {{ color: #c92a2a; font-weight: 600; }}
.tol {{ color: #b54708; font-weight: 600; }}
.opt {{ color: {MUTED}; }}
table.grid {{ border-collapse: collapse; border-color: {RULE}; border-style: solid; }}
table.grid th {{ background-color: {HEAD_BG}; font-weight: 600; text-align: left;
                 border: 1px solid {RULE}; padding: 6px; }}
table.grid td {{ border: 1px solid {RULE}; padding: 6px; vertical-align: top; }}
table.facts td {{ padding: 3px 12px 3px 0px; vertical-align: top; }}
"""


def esc(text: str) -> str:
    """HTML-escape catalog text and keep its line breaks."""
    return html.escape(text).replace("\n", "<br/>")


def badge(text: str, fg: str, bg: str) -> str:
    """A small coloured tag."""
    return (f'<span style="color:{fg}; background-color:{bg}; font-weight:600;">'
            f'&nbsp;{esc(text)}&nbsp;</span>')


class GuideDocument:
    """Builds the HTML of a guide from catalog objects.

    Args:
        catalog: the catalog the item or package belongs to.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    # -- whole documents ---------------------------------------------------------------

    def item(self, item: Item) -> tuple[str, list[ChecklistRow]]:
        """The guide of one item, and its checklist rows."""
        from counter.intake.merge import IntakeSpec

        cat = self.catalog
        conditions = ConditionText.for_items(cat, [item])
        rows = guide.checklist(IntakeSpec.for_item(cat, item.code))
        dept = cat.department(item.department).name
        tags = [badge(guide.case_type_label(item.case_type), "#1664ff", "#e8f3ff")]
        if item.bank_point:
            tags.append(badge(translate("ItemView", "政银合作"), "#0e7a5f", "#d9f2ea"))
        if item.tolerance:
            tags.append(badge(translate("ItemView", "可容缺受理"), "#b54708", "#fef0c7"))
        code_label = translate("ItemView", "实施编码")
        parts = [
            f"<h1>{esc(item.name)}</h1>",
            f'<p class="meta">{esc(dept)}&nbsp;·&nbsp;{esc(code_label)} '
            f'{esc(item.code)}&nbsp;&nbsp;{"&nbsp;".join(tags)}</p>',
            self._facts([
                (translate("ItemView", "实施部门"), dept),
                (translate("ItemView", "事项类型"), item.type_label),
                (translate("ItemView", "办件类型"), guide.case_type_label(item.case_type)),
                (translate("ItemView", "收费"), translate("ItemView", "需收费") if item.fee
                 else translate("ItemView", "不收费")),
                (translate("ItemView", "法定时限"), guide.limit_label(item.legal_limit)),
                (translate("ItemView", "承诺时限"), guide.limit_label(item.promised_limit)),
                (translate("ItemView", "可在政银合作点办理"), guide.yes_no(item.bank_point)),
                (translate("ItemView", "容缺受理"), translate("ItemView", "可容缺受理") if item.tolerance
                 else translate("ItemView", "不适用")),
            ]),
            self._questions(guide.merged_questions([item]), conditions, name_items=False),
            self._materials(rows, conditions, package=False),
            self._fields(guide.merged_fields(cat, [item]), conditions, package=False),
        ]
        return "".join(parts), rows

    def package(self, package: Package) -> tuple[str, list[ChecklistRow]]:
        """The guide of a package with its merged checklist, and the checklist rows."""
        from counter.intake.merge import IntakeSpec

        cat = self.catalog
        spec = IntakeSpec.for_package(cat, package.id)
        items = list(spec.items)
        conditions = ConditionText.for_items(cat, items)
        rows = guide.checklist(spec)
        if package.promised_limit is not None:
            limit = guide.limit_label(package.promised_limit)
        else:
            limit = translate("ItemView", "按最长承诺时限（{limit}）").format(
                limit=guide.limit_label(spec.promised_limit))
        departments = []
        for i in items:
            name = cat.department(i.department).name
            if name not in departments:
                departments.append(name)
        tag = badge(translate("ItemView", "一件事"), "#b54708", "#fef0c7")
        motto = translate("ItemView", "{n} 个事项一次办：一表申请、一套材料").format(n=len(items))
        parts = [
            f"<h1>{esc(package.name)}</h1>",
            f'<p class="meta">{tag}&nbsp; {esc(motto)}</p>',
            self._facts([
                (translate("ItemView", "包含事项"), translate("ItemView", "{n} 个").format(n=len(items))),
                (translate("ItemView", "承诺时限"), limit),
                (translate("ItemView", "涉及部门"), "、".join(departments)),
                (translate("ItemView", "材料"), translate("ItemView", "合并后 {n} 项").format(n=len(rows))),
            ]),
            self._package_items(items),
            self._questions(guide.merged_questions(items), conditions, name_items=True),
            self._materials(rows, conditions, package=True),
            self._fields(guide.merged_fields(cat, items), conditions, package=True),
        ]
        return "".join(parts), rows

    # -- sections ----------------------------------------------------------------------

    @staticmethod
    def _facts(pairs: list[tuple[str, str]]) -> str:
        cells = []
        for i in range(0, len(pairs), 2):
            row = []
            for label, value in pairs[i:i + 2]:
                row.append(f'<td class="label" width="17%">{esc(label)}</td>'
                           f'<td width="33%">{esc(value)}</td>')
            cells.append("<tr>" + "".join(row) + "</tr>")
        return ('<table class="facts" width="100%" cellspacing="0" style="margin-top:10px;">'
                + "".join(cells) + "</table>")

    @staticmethod
    def _section(title: str, count: int | None = None) -> str:
        suffix = ""
        if count is not None:
            total = translate("ItemView", "共 {n} 项").format(n=count)
            suffix = (f'&nbsp;&nbsp;<span style="color:{MUTED}; font-size:10pt; font-weight:400;">'
                      f"{esc(total)}</span>")
        return (f'<p style="font-size:12.5pt; font-weight:600; margin-top:22px; margin-bottom:8px;">'
                f"{esc(title)}{suffix}</p>")

    @staticmethod
    def _lines(text: str) -> str:
        """Several lines as bullets (one line stays plain)."""
        lines = text.split("\n")
        if len(lines) == 1:
            return esc(text)
        return "<br/>".join(f"• {esc(line)}" for line in lines)

    @staticmethod
    def _grid(headers: list[tuple[str, int]], rows: Iterable[list[str]]) -> str:
        head = "".join(f'<th width="{w}%">{esc(h)}</th>' for h, w in headers)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        return (f'<table class="grid" width="100%" cellspacing="0" cellpadding="6" border="1">'
                f"<thead><tr>{head}</tr></thead>{body}</table>")

    def _package_items(self, items: list[Item]) -> str:
        rows = []
        for n, item in enumerate(items, 1):
            rows.append([str(n), f"<b>{esc(item.name)}</b><br/>"
                         f'<span class="muted">{esc(item.code)}</span>',
                         esc(self.catalog.department(item.department).name),
                         esc(guide.case_type_label(item.case_type)),
                         esc(guide.limit_label(item.promised_limit))])
        return self._section(translate("ItemView", "包含事项"), len(items)) + self._grid(
            [(translate("ItemView", "序号"), 6), (translate("ItemView", "事项名称"), 44),
             (translate("ItemView", "实施部门"), 24), (translate("ItemView", "办件类型"), 12),
             (translate("ItemView", "承诺时限"), 14)], rows)

    def _questions(self, questions: list[guide.GuideQuestion], conditions: ConditionText, *,
                   name_items: bool) -> str:
        title = self._section(translate("ItemView", "情形引导"), len(questions))
        if not questions:
            none = translate("ItemView", "无需选择情形，所有申请人提交相同的材料。")
            return title + f'<p class="muted">{esc(none)}</p>'
        options_label = translate("ItemView", "选项：")
        items_label = translate("ItemView", "涉及事项：")
        blocks = []
        for n, gq in enumerate(questions, 1):
            q = gq.question
            options = "&nbsp;｜&nbsp;".join(esc(o.label) for o in q.options)
            lines = [f"<b>{n}.&nbsp;{esc(q.text)}</b>",
                     f'<span class="label">{esc(options_label)}</span>{options}']
            if q.when is not None:
                lines.append(f'<span class="cond">{esc(conditions.ask_only_when(q.when))}</span>')
            if name_items:
                names = "、".join(guide.short_name(i) for i in gq.items)
                lines.append(f'<span class="muted">{esc(items_label)}{esc(names)}</span>')
            blocks.append('<p style="margin-bottom:8px;">' + "<br/>".join(lines) + "</p>")
        return title + "".join(blocks)

    def _materials(self, rows: list[ChecklistRow], conditions: ConditionText, *, package: bool) -> str:
        out = []
        for n, row in enumerate(rows, 1):
            m = row.merged
            css = {Necessity.REQUIRED: "req", Necessity.TOLERABLE: "tol",
                   Necessity.OPTIONAL: "opt"}[m.necessity]
            necessity_html = f'<span class="{css}">{esc(guide.necessity_label(m.necessity))}</span>'
            if m.supplement_limit is not None:
                necessity_html += '<br/><span class="muted">' + esc(translate(
                    "ItemView", "{limit}内补交").format(limit=guide.limit_label(m.supplement_limit))) \
                    + "</span>"
            points = "<br/>".join(f"• {esc(p)}" for p in m.audit_points) or \
                '<span class="muted">—</span>'
            cells = [str(n), esc(m.material.name), necessity_html, str(m.copies),
                     esc(guide.original_label(m.original)), points,
                     self._lines(guide.applies_text(row, conditions, name_items=package))]
            if package:
                cells.append("<br/>".join(esc(guide.short_name(i)) for i in row.items))
            out.append(cells)
        headers = [(translate("ItemView", "序号"), 5), (translate("ItemView", "材料名称"), 19),
                   (translate("ItemView", "必要性"), 9), (translate("ItemView", "份数"), 6),
                   (translate("ItemView", "原件"), 9), (translate("ItemView", "审核要点"), 27),
                   (translate("ItemView", "适用情形"), 25)]
        if package:
            headers[5] = (headers[5][0], 22)
            headers[6] = (headers[6][0], 17)
            headers.append((translate("ItemView", "所属事项"), 13))
        title = self._section(translate("ItemView", "申请材料"), len(rows))
        if not rows:
            none = translate("ItemView", "无需提交材料。")
            return title + f'<p class="muted">{esc(none)}</p>'
        return title + self._grid(headers, out)

    def _fields(self, fields: list[guide.GuideField], conditions: ConditionText, *,
                package: bool) -> str:
        rows = []
        for gf in fields:
            when = {conditions.when(w) for _i, w in gf.conditions}
            applies = conditions.when(None) if any(w is None for _i, w in gf.conditions) \
                else "\n".join(sorted(when))
            required = f'<span class="req">{esc(guide.yes_no(True))}</span>' if gf.required \
                else esc(guide.yes_no(False))
            cells = [esc(gf.field.label), required, esc(guide.field_type_label(gf.field.type)),
                     self._lines(applies)]
            if package:
                cells.append(esc("、".join(guide.short_name(i) for i, _w in gf.conditions)))
            rows.append(cells)
        headers = [(translate("ItemView", "字段名称"), 30), (translate("ItemView", "必填"), 8),
                   (translate("ItemView", "类型"), 18), (translate("ItemView", "适用情形"), 44)]
        if package:
            headers[3] = (headers[3][0], 26)
            headers.append((translate("ItemView", "所属事项"), 18))
        return self._section(translate("ItemView", "表单字段"), len(rows)) + self._grid(headers, rows)


class ItemView(QWidget):
    """Shows the guide of an item or a package.

    Args:
        catalog_service: the catalog service (``ctx.catalog``); the view reads ``active()``.
        parent: the parent widget.

    Attributes:
        current: ``(kind, key)`` of what is shown, or ``None``.
        checklist: the material checklist rows of what is shown.

    Signals:
        shown(str, str): a guide was shown (kind ``item`` or ``package``, key).
    """

    shown = Signal(str, str)

    def __init__(self, catalog_service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog_service = catalog_service
        self.current: tuple[str, str] | None = None
        self.checklist: list[ChecklistRow] = []
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.document().setDefaultStyleSheet(STYLE_SHEET)
        self.browser.document().setDocumentMargin(24)
        palette = self.browser.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, PAPER)
            palette.setColor(group, QPalette.ColorRole.Text, INK)
        self.browser.setPalette(palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.clear()

    def clear(self) -> None:
        """Show the empty state (a hint where to start)."""
        self.current, self.checklist = None, []
        hint = esc(self.tr("在左侧搜索框输入事项名称、拼音首字母或编码，选中结果即可查看办事指南。"))
        self.browser.setHtml(f'<p class="muted" style="margin-top:40px;" align="center">{hint}</p>')

    def show_item(self, code: str) -> None:
        """Show the guide of the item ``code``."""
        catalog = self._catalog_service.active()
        if not catalog.has_item(code):
            raise NotFound(self.tr("事项目录中没有实施编码为 {code} 的事项。").format(code=code))
        text, rows = GuideDocument(catalog).item(catalog.item(code))
        self._show(("item", code), text, rows)

    def show_package(self, package_id: str) -> None:
        """Show the guide of the package ``package_id`` with its merged checklist."""
        catalog = self._catalog_service.active()
        if not catalog.has_package(package_id):
            raise NotFound(self.tr("事项目录中没有编号为 {id} 的“一件事”。").format(id=package_id))
        text, rows = GuideDocument(catalog).package(catalog.package(package_id))
        self._show(("package", package_id), text, rows)

    def text(self) -> str:
        """The guide as plain text (for tests and copying)."""
        return self.browser.toPlainText()

    def _show(self, current: tuple[str, str], text: str, rows: list[ChecklistRow]) -> None:
        self.current, self.checklist = current, rows
        self.browser.setHtml(f"<body>{text}</body>")
        self.browser.verticalScrollBar().setValue(0)
        self.shown.emit(*current)

