"""Documents → PDF bytes (文书生成).

:func:`render` takes one of the content dataclasses of :mod:`printing.model` and
:class:`~printing.model.RenderOptions` and returns the PDF. The wording comes from
:mod:`printing.wording`; the look follows Chinese administrative documents: title centred,
a 文号 line under it, the case number as Code 128 and text (and a QR code to follow progress
on receipts), the addressee, the body with a two-character indent, tables with repeated
header rows, and the issuing site with ``（受理专用章）`` and the date in Chinese
(``2026年11月21日``) at the bottom right.

Nothing here writes anything anywhere: the result is bytes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from counter.cases.password import grouped
from counter.clock import CST
from counter.errors import InvalidInput
from printing import fonts
from printing import wording as wording_mod
from printing.barcodes import Code128Flowable, QrFlowable
from printing.layout import (HEAD_FILL, PAPERS, ROLL_MARKED_TOP, BoldTitle, Decoration, Paper,
                             Styles, build_pdf, keep_with_previous)
from printing.model import (KINDS, ROLL_KINDS, Head, MaterialLine, NoticeDoc, PickupDoc,
                            ReceiptDoc, RejectionDoc, RenderOptions, Snapshot, SupplementDoc,
                            ToleranceDoc, without_password)
from printing.wording import Wording

__all__ = ["render", "render_snapshot", "cn_date", "cn_datetime"]

#: Marks an information-grid entry that takes a whole row.
WIDE = "wide"


# -- formatting ------------------------------------------------------------------------------

def _local(moment: datetime) -> datetime:
    return moment.astimezone(CST) if moment.tzinfo else moment


def cn_date(value: date | datetime | None) -> str:
    """``2026年11月21日`` (Beijing time for a moment); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    """``2026年11月21日 09:30`` (Beijing time); empty for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"{cn_date(value)} {value:%H:%M}"


def _omit(template: Any, name: str) -> Any:
    """``template`` without what needs the unset placeholder ``{name}``: a line of a list that
    uses it is left out; in a single text the clause holding it (from the preceding ，；or
    space) is cut — so an unset phone number prints no line at all, never a dash or a blank."""
    token = "{" + name + "}"
    if isinstance(template, list):
        return [t for t in template if token not in str(t)]
    if not isinstance(template, str) or token not in template:
        return template
    return re.sub(r"[，；　 ]?[^，；。　 \n]*" + re.escape(token), "", template)


# -- the context of one rendering ------------------------------------------------------------

class _Ctx:
    """Everything a story builder needs: paper, styles, wording and placeholder values."""

    def __init__(self, kind: str, doc: Any, options: RenderOptions, paper: Paper,
                 words: Wording) -> None:
        self.kind = kind
        self.doc = doc
        self.options = options
        self.paper = paper
        self.st = Styles(paper)
        self.w = words
        self.roll = paper.name == "roll80"
        head: Head = doc.head
        self.head = head
        self.values: dict[str, Any] = {
            "site_name": head.site.site_name,
            "counter_name": head.site.counter_name,
            "site_kind": head.site.kind_label,
            "contact_phone": head.site.contact_phone,
            "case_no": head.case_no or words.text("no_case_no"),
            "case_name": head.case_name,
            "applicant_name": head.applicant.name if head.applicant else "",
            "clerk": head.clerk,
            "year": _local(head.issued_at).year,
            "issued_date": cn_date(head.issued_at),
            "issued_at": cn_datetime(head.issued_at),
            "reprint_count": options.reprint_count,
            "reprinted_at": cn_datetime(options.reprinted_at),
        }
        auth = head.authority
        self.department = auth.department or words.text("unknown_department", default="实施机关")
        self.values.update(
            department=self.department,
            review_body=auth.review_body or words.text("remedy.review_body", self.values),
            court=auth.court or words.text("remedy.court", self.values, default="人民法院"),
            approver_role=words.text("approver_role"),
            short_code=(auth.short_code if auth.short_code and "、" not in auth.short_code
                        else words.text("default_short_code", default="综")))
        #: placeholders with no value: what uses them is left out (see :func:`_omit`)
        self.unset = {"contact_phone"} if not head.site.contact_phone else set()

    # small builders -------------------------------------------------------------------------

    def _raw(self, key: str, default: Any) -> Any:
        value = self.w.raw(key, default)
        for name in self.unset:
            value = _omit(value, name)
        return value

    def text(self, key: str, default: str = "") -> str:
        value = self._raw(key, default)
        if isinstance(value, list):
            value = "".join(str(v) for v in value)
        return wording_mod.fill(str(value), self.values)

    def lines(self, key: str) -> list[str]:
        value = self._raw(key, [])
        if isinstance(value, str):
            value = [value] if value else []
        return [wording_mod.fill(str(v), self.values) for v in value]

    @property
    def bank_point(self) -> bool:
        return self.head.site.kind == "bank_point"

    def entrusted(self) -> list:
        """At a 政银合作 point: 受XX（实施机关）委托，XX服务点代为收件 (the bank never decides)."""
        if not self.bank_point:
            return []
        return [self.p(self.text("entrusted"), self.st.small if self.roll else self.st.body)]

    def basis_clause(self, prefix: str) -> str:
        """``根据…的规定，`` by item type: the catalog's basis for this document; else
        ``{prefix}_licensing`` for a 行政许可 (the only type citing 《行政许可法》); else empty
        (neutral wording)."""
        auth = self.head.authority
        if auth.legal_basis:
            return self.w.text(f"{prefix}_catalog", {**self.values,
                                                     "legal_basis": auth.legal_basis})
        if auth.licensing or not auth.known:
            return self.text(f"{prefix}_licensing")
        return ""

    def promised_text(self, d) -> str:
        """当场办结 for a 即办件, else ``YYYY年M月D日（N个工作日）``."""
        if getattr(d, "immediate", False):
            return self.text("immediate", default="当场办结")
        date_text = cn_date(d.promised_at)
        if not date_text:
            return d.promised_limit or "—"
        if getattr(d, "promised_provisional", False):
            date_text += PROVISIONAL_NOTE
        if not d.promised_limit:
            return date_text
        return self.w.text("promised_date", {"date": date_text, "limit": d.promised_limit},
                           default="{date}（{limit}）")

    def legal_text(self, d) -> str:
        """The legal limit (法定时限) and its date, or "" when unknown."""
        limit = getattr(d, "legal_limit", "")
        if not limit:
            return ""
        legal_at = getattr(d, "legal_at", None)
        key = "legal_date" if legal_at else "legal_date_unknown"
        date_text = cn_date(legal_at)
        if date_text and getattr(d, "legal_provisional", False):
            date_text += "（预计）"
        return self.w.text(key, {"date": date_text, "limit": limit}, default="{limit}")

    def timing_entries(self, d) -> list[tuple]:
        """承诺办结 and 法定办结 with their dates; a provisional promised date reads
        承诺办结时间 …（预计，以节假日安排公布后为准） on a row of its own."""
        lab = self.w.label
        promised = self.promised_text(d)
        if getattr(d, "promised_provisional", False) and d.promised_at \
                and not getattr(d, "immediate", False):
            out: list[tuple] = [(lab("promised_at") + "时间", promised, WIDE)]
        else:
            out = [(lab("promised_at"), promised)]
        legal = self.legal_text(d)
        if legal:
            out.append((lab("legal_at"), legal))
        return out

    def p(self, text: object, style=None):
        return self.st.p(text, style)

    def title(self) -> list:
        key = "roll_title" if self.roll and self.w.raw("roll_title", "") else "title"
        out: list = [BoldTitle(self.text(key), self.st.title)]
        if self.head.case_no and not self.roll:
            out.append(self.p(self.text("number"), self.st.number))
        return out

    def heading(self, key: str, keep: bool = True) -> list:
        """A section heading; with ``keep`` it moves to the next page rather than end one."""
        text = self.text(key)
        if not text:
            return []
        out = [self.p(text, self.st.heading)]
        return [CondPageBreak(self.paper.leading * 4), *out] if keep else out

    def paragraphs(self, key: str, style=None) -> list:
        return [self.p(t, style or self.st.body) for t in self.lines(key)]

    def numbered(self, key: str, style=None) -> list:
        style = style or (self.st.small_item if self.roll else self.st.item)
        return [self.p(f"{i}. {t}", style) for i, t in enumerate(self.lines(key), start=1)]

    def codes(self, with_qr: bool, query_url: str = "", password: str = "", *,
              password_line: bool = False) -> list:
        """Case number as Code 128 and text, the query password, and the QR code.

        ``password_line``: the document has a query password; when ``password`` is empty
        (an archived copy or a reprint: the password is never stored in clear) the line says
        where to find it (``query_password_withheld``).
        """
        case_no = self.head.case_no
        if not case_no:
            return []
        st = self.st
        bar = [Code128Flowable(case_no, bar_height=(10 if self.roll else 12) * mm,
                               max_width=(72 if self.roll else 95) * mm),
               self.p(case_no, st.code)]
        if password:
            bar.append(self.p(f"{self.w.label('query_password')}：{grouped(password)}", st.center))
            reset_at = getattr(self.doc, "password_reset_at", None)
            if reset_at is not None:  # a re-issued first receipt (重置查询密码)
                key = ("query_password_reissued_local"
                       if getattr(self.doc, "password_reset_local", False)
                       else "query_password_reissued")
                self.values["password_reset_at"] = cn_datetime(reset_at)
                self.values["first_paper"] = "首份回执" if self.roll else "首份通知书"
                bar.append(self.p(self.text(key), st.caption))
        elif password_line and self.text("query_password_withheld"):
            bar.append(self.p(f"{self.w.label('query_password')}："
                              f"{self.text('query_password_withheld')}", st.center))
        if self.roll:
            out = [Spacer(1, 1 * mm), *bar]
            if with_qr and query_url:
                out += [Spacer(1, 1.5 * mm), QrFlowable(query_url, 30 * mm),
                        self.p(self.text("query_caption"), st.caption)]
            return out + [Spacer(1, 1.5 * mm)]
        qr_w = 36 * mm
        if with_qr and query_url:
            qr = [QrFlowable(query_url, 27 * mm), self.p(self.text("query_caption"), st.caption)]
            table = Table([[bar, qr]], colWidths=[self.paper.frame_width - qr_w, qr_w])
        else:
            table = Table([[bar]], colWidths=[self.paper.frame_width])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table, Spacer(1, 1.5 * mm)]

    def salutation(self) -> list:
        text = self.text("salutation")
        return [self.p(text, self.st.plain)] if text and self.head.applicant else []

    def kv(self, entries: list[tuple]) -> list:
        """An information grid of ``(label, value)`` entries, ``(label, value, WIDE)`` for a
        value that takes a whole row. On A4 two entries share a row; on a roll one a line.
        A value too long for a page continues on the following rows."""
        st = self.st
        fw = self.paper.frame_width
        if self.roll:
            lw = 16 * mm
            rows = [[self.cell(e[0], st.label, lw, 0.5), self.cell(e[1], st.cell, fw - lw, 0.5)]
                    for e in entries]
            rows, _cont = self._split_rows(rows, [lw, fw - lw], 0.5)
            if not rows:
                return []
            t = Table(rows, colWidths=[lw, fw - lw])
            t.setStyle(self._cell_style(st.cell, 0, [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TEXTCOLOR", (0, 0), (0, -1), st.label.textColor),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8)]))
            return [t]
        lw = 22 * mm
        vw = (fw - 2 * lw) / 2
        pad = 6
        # rows of (label, value) pairs: one wide pair, or two ordinary ones, or one alone
        spec: list[list[tuple]] = []
        pending: tuple | None = None
        for e in entries:
            if len(e) > 2 and e[2] == WIDE:
                if pending is not None:
                    spec.append([pending])
                    pending = None
                spec.append([(e[0], e[1])])
            elif pending is None:
                pending = (e[0], e[1])
            else:
                spec.append([pending, (e[0], e[1])])
                pending = None
        if pending is not None:
            spec.append([pending])
        data: list[list] = []
        cmds: list[tuple] = []
        for pairs in spec:
            if len(pairs) == 1:
                label, value = pairs[0]
                rows = [[self.cell(label, st.label, lw, pad),
                         self.cell(value, st.cell, fw - lw, pad)]]
                rows, _ = self._split_rows(rows, [lw, fw - lw], pad)
                for row in rows:
                    r = len(data)
                    data.append(row + ["", ""])
                    cmds.append(("SPAN", (1, r), (3, r)))
                    cmds.append(("BACKGROUND", (0, r), (0, r), HEAD_FILL))
            else:
                (l1, v1), (l2, v2) = pairs
                rows = [[self.cell(l1, st.label, lw, pad), self.cell(v1, st.cell, vw, pad),
                         self.cell(l2, st.label, lw, pad), self.cell(v2, st.cell, vw, pad)]]
                rows, _ = self._split_rows(rows, [lw, vw, lw, vw], pad)
                for row in rows:
                    r = len(data)
                    data.append(row)
                    cmds.append(("BACKGROUND", (0, r), (0, r), HEAD_FILL))
                    cmds.append(("BACKGROUND", (2, r), (2, r), HEAD_FILL))
        if not data:
            return []
        t = Table(data, colWidths=[lw, vw, lw, vw])
        t.setStyle(self._cell_style(st.cell, pad, [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("TEXTCOLOR", (0, 0), (0, -1), st.label.textColor),
            ("TEXTCOLOR", (2, 0), (2, -1), st.label.textColor),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), *cmds]))
        return [t]

    def cell(self, value: object, style, width: float, pad: float):
        """A table cell: a plain string when it fits on one line (cheap to lay out and drawn
        literally), else a wrapping paragraph. Text with characters the font lacks always
        becomes a paragraph, which marks them."""
        text = "" if value is None else str(value)
        if ("\n" not in text and len(text) <= 60 and not fonts.missing_chars(text)
                and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * pad - 0.5):
            return text
        return self.p(text, style)

    def _cell_style(self, style, pad: float, extra: list) -> TableStyle:
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), style.fontName),
                           ("FONTSIZE", (0, 0), (-1, -1), style.fontSize),
                           ("LEADING", (0, 0), (-1, -1), style.leading),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), pad),
                           ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                           *extra])

    def _max_cell_height(self) -> float:
        """The tallest a table row may be before its long cells continue on further rows."""
        if self.paper.height is None:
            return 120 * mm
        return (self.paper.height - self.paper.top - self.paper.bottom) * 0.4

    def _split_rows(self, rows: list[list], col_w: list[float], pad: float
                    ) -> tuple[list[list], set[int]]:
        """Rows whose paragraphs are too tall for a page become several rows (the long
        text continues in the same column; the other cells stay blank), so that a table
        always splits between rows and a huge value is never cut or overflows.

        Returns the rows and the indexes of the continuation rows.
        """
        limit = self._max_cell_height()
        out: list[list] = []
        cont: set[int] = set()
        for row in rows:
            parts: dict[int, list] = {}
            for i, c in enumerate(row):
                if isinstance(c, Paragraph):
                    width = col_w[i] - 2 * pad
                    size, leading = c.style.fontSize, c.style.leading
                    # cheap upper bound first (a character is at most about one em wide)
                    lines = len(c.text) * size / max(width - size, 1) + c.text.count("<br/>") + 1
                    if lines * leading <= limit:
                        continue
                    if c.wrap(width, 1e9)[1] > limit:
                        parts[i] = _split_paragraph(c, width, limit)
            if not parts:
                out.append(row)
                continue
            for k in range(max(len(p) for p in parts.values())):
                if k:
                    cont.add(len(out))
                out.append([parts[i][k] if i in parts and k < len(parts[i])
                            else ("" if i in parts or k else c) for i, c in enumerate(row)])
        return out, cont

    def table(self, header: list[str], rows: list[list[object]], widths: list[float],
              center_cols: tuple[int, ...] = ()) -> list:
        """A ruled table whose header row repeats on every page; cells wrap; a cell too
        long for a page continues on the following rows."""
        st = self.st
        fw = self.paper.frame_width
        fixed = sum(w for w in widths if w > 0)
        flex = [i for i, w in enumerate(widths) if w <= 0]
        col_w = [w if w > 0 else (fw - fixed) / len(flex) for w in widths]
        pad = 1.5 if self.roll else 3
        body = [[self.cell(v, st.cell_center if i in center_cols else st.cell, col_w[i], pad)
                 for i, v in enumerate(row)] for row in rows]
        body, cont = self._split_rows(body, col_w, pad)
        data = [[self.cell(h, st.cell_head, col_w[i], pad) for i, h in enumerate(header)]] + body
        lw = 0.4 if self.roll else 0.5
        lines = [("BOX", (0, 0), (-1, -1), lw, colors.black),
                 ("LINEAFTER", (0, 0), (-2, -1), lw, colors.black),
                 ("LINEBELOW", (0, 0), (-1, 0), lw, colors.black)]
        # a rule under every row, except where the next row continues it (data row r + 1
        # is body row r)
        for r in range(1, len(data) - 1):
            if r not in cont:
                lines.append(("LINEBELOW", (0, r), (-1, r), lw, colors.black))
        t = Table(data, colWidths=col_w, repeatRows=1)
        t.setStyle(self._cell_style(st.cell, pad, [
            *lines,
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            *[("ALIGN", (i, 1), (i, -1), "CENTER") for i in center_cols],
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.1)]))
        return [t]

    def materials(self, lines: tuple[MaterialLine, ...], *, status: bool = True,
                  deadline: bool = False) -> list:
        """Materials: name, copies, original handling, and how received or by when owed.

        The copies column is left out when no line has a count (tolerated materials).
        """
        lab = self.w.label
        copies = any(m.copies for m in lines)
        if self.roll:
            header, widths, rows = [lab("material")], [0.0], [[m.name] for m in lines]
            if copies:
                header.append(lab("copies"))
                widths.append(9 * mm)
                for row, m in zip(rows, lines):
                    row.append(m.copies or "—")
            header.append(lab("original"))
            widths.append(15 * mm)
            for row, m in zip(rows, lines):
                row.append(m.original or "—")
            if deadline:
                header.append(lab("deadline"))
                widths.append(17 * mm)
                for row, m in zip(rows, lines):
                    row.append(cn_date(m.deadline) if m.deadline else "—")
            return self.table(header, rows, widths,
                              center_cols=tuple(range(1, len(header))))
        header = [lab("index"), lab("material")]
        widths = [11 * mm, 0.0]
        if copies:
            header.append(lab("copies"))
            widths.append(13 * mm)
        header.append(lab("original"))
        widths.append(22 * mm)
        if status:
            header.append(lab("status"))
            widths.append(22 * mm)
        if deadline:
            header.append(lab("deadline"))
            widths.append(32 * mm)
        rows = []
        for i, m in enumerate(lines, start=1):
            row: list[object] = [i, m.name]
            if copies:
                row.append(m.copies or "—")
            row.append(m.original or "—")
            if status:
                row.append(m.status or "—")
            if deadline:
                row.append(cn_date(m.deadline) if m.deadline else "—")
            rows.append(row)
        return self.table(header, rows, widths,
                          center_cols=tuple(i for i in range(len(header)) if i != 1))

    def seal_block(self, when: datetime | date | None = None) -> list:
        """The issuing site, ``（受理专用章）`` and the Chinese date, as paragraphs."""
        st = self.st
        when = when or self.head.issued_at
        # at a 政银合作 point the authority seals: the bank only collected (see entrusted())
        issuer = self.department if self.bank_point else self.head.site.site_name
        return [self.p(issuer, st.center),
                self.p(self.text("seal"), st.center),
                self.p(cn_date(when), st.center)]

    def seal(self, when: datetime | date | None = None, before: list | None = None) -> list:
        """The seal block at the bottom right, kept on one page with ``before``."""
        block = self.seal_block(when)
        if self.roll:
            return [Spacer(1, 3 * mm), keep_with_previous(KeepTogether([*(before or []), *block]))]
        right = 72 * mm
        t = Table([["", block]], colWidths=[self.paper.frame_width - right, right])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        gap = 5 * mm if before else 2 * mm
        return [Spacer(1, 4 * mm),
                keep_with_previous(KeepTogether([*(before or []), Spacer(1, gap), t]))]

    def signature_lines(self, labels: list[str]) -> list:
        """Lines to sign by hand: ``label ________ 年 月 日`` on A4; on a roll the label and
        its line, then a line for the date (one table, kept with what follows)."""
        st = self.st
        fw = self.paper.frame_width
        if self.roll:
            lw = 24 * mm
            data = [[self.cell(label, st.plain, lw, 0), ""] for label in labels]
            data.append([self.cell(self.text("date_label", default="日期："), st.plain, lw, 0),
                         ""])
            t = Table(data, colWidths=[lw, fw - lw], rowHeights=[9 * mm] * len(data))
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("FONTNAME", (0, 0), (-1, -1), st.plain.fontName),
                                   ("FONTSIZE", (0, 0), (-1, -1), st.plain.fontSize),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
            return [t, Spacer(1, 3 * mm)]
        # label ____________  ______年____月____日 (blanks are ruled cells: spaces would
        # collapse in a paragraph)
        lw = 46 * mm
        date_cols = [16 * mm, 6 * mm, 10 * mm, 6 * mm, 10 * mm, 6 * mm]
        gap = 6 * mm
        sign_w = fw - lw - gap - sum(date_cols)
        data = [[self.cell(label, st.plain, lw, 0), "", "", "", "年", "", "月", "", "日"]
                for label in labels]
        t = Table(data, colWidths=[lw, sign_w, gap, *date_cols],
                  rowHeights=[11 * mm] * len(data))
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("FONTNAME", (0, 0), (-1, -1), st.plain.fontName),
                               ("FONTSIZE", (0, 0), (-1, -1), st.plain.fontSize),
                               ("ALIGN", (4, 0), (-1, -1), "CENTER"),
                               *[("LINEBELOW", (c, 0), (c, -1), 0.6, colors.black)
                                 for c in (1, 3, 5, 7)],
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [t]

    def notes(self) -> list:
        """温馨提示 under the seal, in small print (as notices put their 注意事项)."""
        lines = self.lines("notes")
        if not lines:
            return []
        st = self.st
        head = self.text("notes_heading")
        out: list = [Spacer(1, 4 * mm)]
        if head:
            out.append(self.p(f"{head}：", st.small))
        out += [self.p(f"{i}. {t}", st.small_item) for i, t in enumerate(lines, start=1)]
        return out

    def reprint_note(self) -> list:
        """On a roll, the reprint note at the end (A4 prints it in every page's footer)."""
        if not self.options.reprint_count or not self.roll:
            return []
        return [Spacer(1, 3 * mm), self.p(self.text("reprint_note"), self.st.small)]

    def applicant_entries(self) -> list[tuple]:
        a = self.head.applicant
        if a is None:
            return []
        lab = self.w.label
        out: list[tuple] = [(lab("applicant"), a.name)]
        if a.id_type_label:
            out.append((lab("id_type"), a.id_type_label))
        out.append((lab("id"), a.id_masked or "—"))
        return out

    def item_entries(self) -> list[tuple]:
        lab = self.w.label
        out: list[tuple] = [(lab("case_name"), self.head.case_name, WIDE)]
        items = self.head.items
        if len(items) > 1 or (items and items[0].name != self.head.case_name):
            out.append((lab("items"), "\n".join(f"{i}. {it.name}（{it.code}）"
                                                 for i, it in enumerate(items, start=1)), WIDE))
        return out

    def site_where(self) -> str:
        site = self.head.site
        return site.site_name + (f"（{site.kind_label}）" if site.kind == "bank_point" else "")

    def department_entries(self) -> list[tuple]:
        """实施部门: named on every document (the bank at a 政银合作 point only collects);
        none when unknown (a document archived before the department was recorded)."""
        if not self.head.authority.department:
            return []
        entry = (self.w.label("department"), self.department)
        return [(*entry, WIDE) if len(self.department) > 16 else entry]

    def site_entries(self) -> list[tuple]:
        """实施部门, where, which counter, who, and the phone (left out when unset)."""
        lab = self.w.label
        site = self.head.site
        out = [*self.department_entries(), (lab("site"), self.site_where()),
               (lab("counter"), site.counter_name), (lab("clerk"), self.head.clerk)]
        if site.contact_phone:
            out.append((lab("phone"), site.contact_phone))
        return out

    def approver_entry(self, approved_by: str) -> list[tuple]:
        """审批人员 with the role name (首席代表/值班长): never the clerk who asked."""
        if not approved_by:
            return []
        role = self.values.get("approver_role")
        return [(self.w.label("approved_by"), f"{approved_by}（{role}）" if role else approved_by)]


def _split_paragraph(para: Paragraph, width: float, limit: float) -> list:
    """``para`` cut into pieces at most ``limit`` high (reportlab's own paragraph split)."""
    pieces = []
    current = para
    for _ in range(1000):
        if current.wrap(width, 1e9)[1] <= limit:
            pieces.append(current)
            return pieces
        halves = current.split(width, limit)
        if len(halves) < 2:
            pieces.append(current)
            return pieces
        pieces.append(halves[0])
        current = halves[1]
    pieces.append(current)
    return pieces


def _centered(flowable, width: float):
    t = Table([[flowable]], colWidths=[width])
    t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return t


# -- stories per kind ------------------------------------------------------------------------

def _promise(c: _Ctx, d) -> str:
    """The body's sentence on when the case is finished: a 即办件 当场办结; else the promised
    date (含当日) and the legal limit with its date — that clause is left out when the legal
    limit is unknown (no catalog)."""
    if d.immediate:
        return c.text("promise_immediate")
    limit = d.legal_limit
    if limit and d.legal_at:
        mark = "，预计" if getattr(d, "legal_provisional", False) else ""
        limit = f"{limit}，至{cn_date(d.legal_at)}（含当日{mark}）"
    template = c._raw("promise", "")
    if not limit:
        template = _omit(template, "legal_limit")
    return wording_mod.fill(str(template), {**c.values, "legal_limit": limit})


#: After a promised date counted over a year whose holidays are not published yet (预计).
PROVISIONAL_NOTE = "（预计，以节假日安排公布后为准）"


def _promised_date(d) -> str:
    """The promised date, marked 预计 when it rests on a provisional holiday year."""
    text = cn_date(d.promised_at)
    return f"{text}（预计）" if text and d.promised_provisional else text


def _deadline_date(d) -> str:
    """The supplement deadline (补正期限), marked 预计 when it rests on a provisional year."""
    text = cn_date(d.deadline)
    return f"{text}（预计）" if text and d.deadline_provisional else text


def _receipt(c: _Ctx) -> list:
    d: ReceiptDoc = c.doc
    c.values.update(accepted_date=cn_date(d.accepted_at), accepted_at=cn_datetime(d.accepted_at),
                    promised_date=cn_date(d.promised_at),
                    promised_inclusive="含当日，预计" if d.promised_provisional else "含当日",
                    promised_limit=d.promised_limit or "—",
                    query_password=d.query_password, query_url=d.query_url,
                    accept_basis=c.basis_clause("accept_basis"))
    c.values["promise"] = _promise(c, d)
    lab = c.w.label
    st = c.st
    info: list[tuple] = [
        *c.item_entries(), *c.applicant_entries(),
        (lab("contact"), d.contact_name or "—"), (lab("contact_mobile"), d.contact_mobile or "—"),
        (lab("accepted_at"), cn_datetime(d.accepted_at)), *c.timing_entries(d),
    ]
    if c.roll:
        site = c.head.site
        phone = [(lab("phone"), site.contact_phone)] if site.contact_phone else []
        story = [*c.title(), c.p(c.site_where(), st.center), c.p(site.counter_name, st.caption),
                 *c.codes(True, d.query_url, d.query_password, password_line=True),
                 *c.kv(info + [*c.department_entries(), (lab("clerk"), c.head.clerk), *phone])]
        story += [*c.entrusted(), *c.heading("materials_heading"), *c.materials(d.materials)]
        if d.tolerated:
            story += [*c.heading("tolerated_heading"), *c.materials(d.tolerated, deadline=True)]
        story += [Spacer(1, 2 * mm), *c.numbered("roll_notes", st.small_item),
                  *c.seal(d.accepted_at), *c.reprint_note()]
        return story
    story = [*c.title(), *c.codes(True, d.query_url, d.query_password, password_line=True), *c.salutation(),
             *c.paragraphs("body"), *c.entrusted(), *c.heading("info_heading"),
             *c.kv(info + c.site_entries()),
             *c.heading("materials_heading"), *c.materials(d.materials)]
    if d.tolerated:
        story += [*c.heading("tolerated_heading"), *c.materials(d.tolerated, deadline=True)]
    story += [*c.seal(d.accepted_at), *c.notes(), *c.reprint_note()]
    return story


def _requirements(c: _Ctx, m: MaterialLine) -> str:
    parts = []
    if m.necessity:
        parts.append(f"【{m.necessity}】")
    for i, point in enumerate(m.requirements, start=1):
        parts.append(f"{i}. {point}" if len(m.requirements) > 1 else point)
    if m.blank_form:
        parts.append(c.w.text("blank_form_note", {**c.values, "blank_form": m.blank_form},
                              default="空白表格：{blank_form}"))
    if m.note:
        parts.append(m.note)
    return "\n".join(parts) or "—"


def _notice(c: _Ctx) -> list:
    d: NoticeDoc = c.doc
    c.values.update(decided_date=cn_date(d.decided_at), missing_count=len(d.missing),
                    notify_basis=c.basis_clause("notify_basis"))
    lab = c.w.label
    rows = [[i, m.name, m.copies or "—", m.original or "—", _requirements(c, m)]
            for i, m in enumerate(d.missing, start=1)]
    story = [*c.title(), *c.codes(False), *c.salutation(), *c.paragraphs("body"), *c.entrusted(),
             *c.heading("missing_heading"),
             *c.table([lab("index"), lab("material"), lab("copies"), lab("original"),
                       lab("requirements")], rows, [11 * mm, 44 * mm, 12 * mm, 20 * mm, 0],
                      center_cols=(0, 2, 3))]
    if d.remark:
        story.append(c.p(d.remark, c.st.body))
    if d.received:
        story += [*c.heading("received_heading"), *c.materials(d.received, status=False)]
    story += [Spacer(1, 2 * mm), *c.paragraphs("after"),
              *c.seal(d.decided_at, before=c.kv(c.applicant_entries() + c.site_entries())),
              *c.reprint_note()]
    return story


def _rejection(c: _Ctx) -> list:
    d: RejectionDoc = c.doc
    basis, basis_heading = rejection_basis(c, d), "basis_heading"
    if not basis:
        basis, basis_heading = c.text("neutral_legal_basis"), "neutral_basis_heading"
    c.values.update(decided_date=cn_date(d.decided_at), reason_text=d.reason_text,
                    legal_basis=basis)
    story = [*c.title(), *c.codes(False), *c.salutation(), *c.paragraphs("body"), *c.entrusted(),
             *c.heading("reason_heading"), c.p(d.reason_text or "—", c.st.body),
             *c.heading(basis_heading if c.text(basis_heading) else "basis_heading"),
             c.p(basis, c.st.body),
             *c.heading("remedy_heading"), c.p(c.text("remedy.text"), c.st.body),
             Spacer(1, 2 * mm),
             *c.seal(d.decided_at, before=c.kv(c.applicant_entries() + c.site_entries())),
             *c.reprint_note()]
    return story


#: 《行政许可法》 is cited only for a 行政许可; its Art. 38 never for 不予受理 (a denial after
#: review, not a counter ground).
_LICENSING_LAW = "行政许可法"
_ART38 = re.compile(r"行政许可法[》」]?\s*第三十八条")


def rejection_basis(c: _Ctx, d: RejectionDoc) -> str:
    """The legal basis of a 不予受理通知书, "" for the neutral wording.

    In order: the reason's basis (catalog 1.1 ``basis``, or the bracket of a 1.0 reason text),
    the item's ``legal_basis.reject``, the wording's basis for the reason code, and for a
    行政许可 the default (《行政许可法》第三十二条). A basis citing 《行政许可法》 is dropped for
    other item types, and one citing its Art. 38 always.
    """
    auth = c.head.authority
    candidates = [d.legal_basis, auth.legal_basis,
                  c.w.text(f"legal_basis.{d.reason_code}", c.values) if d.reason_code else "",
                  c.text("default_legal_basis") if auth.licensing or not auth.known else ""]
    for basis in candidates:
        if not basis or _ART38.search(basis):
            continue
        if _LICENSING_LAW in basis and not auth.licensing and auth.known:
            continue
        return basis
    return ""


def _commitment(c: _Ctx) -> list:
    d: ToleranceDoc = c.doc
    c.values.update(deadline_date=_deadline_date(d), materials_count=len(d.tolerated))
    consequence = d.consequence or c.text("consequence")
    info = [*c.item_entries(), *c.applicant_entries(), *c.department_entries(),
            (c.w.label("site"), c.site_where()), (c.w.label("counter"), c.head.site.counter_name)]
    notice = c.lines("notice") + [consequence]
    story = [*c.title(), *c.codes(False), *c.paragraphs("intro"), *c.entrusted(), *c.kv(info),
             *c.heading("materials_heading"),
             *c.materials(d.tolerated, status=False, deadline=True),
             *c.heading("notice_heading"),
             *[c.p(f"{i}. {t}", c.st.item) for i, t in enumerate(notice, start=1)],
             *c.heading("promise_heading"), *c.numbered("promise"),
             *c.seal(d.accepted_at or c.head.issued_at,
                     before=c.signature_lines([c.text("applicant_signature"),
                                               c.text("agent_signature"),
                                               c.text("clerk_signature")])),
             *c.reprint_note()]
    return story


def _tolerance(c: _Ctx) -> list:
    d: ToleranceDoc = c.doc
    c.values.update(deadline_date=_deadline_date(d), accepted_date=cn_date(d.accepted_at),
                    promised_date=_promised_date(d), promised_limit=d.promised_limit or "—")
    lab = c.w.label
    info = [*c.item_entries(), *c.applicant_entries(),
            (lab("accepted_at"), cn_datetime(d.accepted_at) or "—"),
            (lab("deadline"), cn_date(d.deadline)
             + (PROVISIONAL_NOTE if d.deadline_provisional else ""))]
    if d.promised_at:
        info += c.timing_entries(d)
    info += c.site_entries() + c.approver_entry(d.approved_by)
    story = [*c.title(), *c.codes(bool(d.query_url), d.query_url, d.query_password,
                     password_line=c.kind == "tolerance"),
             *c.salutation(), *c.paragraphs("body"), *c.entrusted(), *c.kv(info),
             *c.heading("materials_heading"), *c.materials(d.tolerated, status=False, deadline=True),
             *c.heading("consequence_heading"),
             c.p(d.consequence or c.text("consequence"), c.st.body)]
    if d.received:
        story += [*c.heading("received_heading"), *c.materials(d.received)]
    story += [*c.seal(d.accepted_at), *c.notes(), *c.reprint_note()]
    return story


def _supplement(c: _Ctx) -> list:
    d: SupplementDoc = c.doc
    c.values.update(supplemented_date=cn_date(d.supplemented_at),
                    supplemented_at=cn_datetime(d.supplemented_at))
    story = [*c.title(), *c.codes(False), *c.salutation(), *c.paragraphs("body"), *c.entrusted(),
             *c.heading("supplemented_heading"), *c.materials(d.supplemented)]
    if d.remaining:
        story += [Spacer(1, 2 * mm), c.p(c.text("incomplete"), c.st.body),
                  *c.heading("remaining_heading"),
                  *c.materials(d.remaining, status=False, deadline=True)]
    else:
        story += [Spacer(1, 2 * mm), c.p(c.text("complete"), c.st.body)]
    story += [Spacer(1, 2 * mm),
              *c.seal(d.supplemented_at, before=c.kv(c.applicant_entries() + c.site_entries())),
              *c.reprint_note()]
    return story


def _pickup(c: _Ctx) -> list:
    d: PickupDoc = c.doc
    c.values.update(picked_up_date=cn_date(d.picked_up_at), result_label=d.result_label)
    lab = c.w.label
    who = d.picked_up_by
    how = c.text("by_applicant") if d.by_applicant else c.text("by_agent")
    info: list[tuple] = [*c.item_entries(), *c.applicant_entries(),
                         (lab("result"), d.result_label or "—"),
                         (lab("picked_up_at"), cn_datetime(d.picked_up_at))]
    if d.result_text:
        info.append((lab("result_text"), d.result_text, WIDE))
    info += [(lab("receiver"), who.name), (lab("how"), how)]
    if who.id_type_label:
        info.append((lab("receiver_id_type"), who.id_type_label))
    info += [(lab("receiver_id"), who.id_masked or "—"), (lab("clerk"), c.head.clerk),
             *c.department_entries()]
    sign = c.signature_lines([c.text("receiver_signature")])
    if c.roll:
        site = c.head.site
        return [*c.title(), c.p(c.site_where(), c.st.center), c.p(site.counter_name, c.st.caption),
                *c.codes(False), *c.kv(info), *c.entrusted(), Spacer(1, 2 * mm),
                c.p(c.text("confirm"), c.st.small),
                *c.seal(d.picked_up_at, before=sign), *c.reprint_note()]
    return [*c.title(), *c.codes(False), *c.paragraphs("body"), *c.entrusted(), *c.kv(info),
            Spacer(1, 3 * mm), c.p(c.text("confirm"), c.st.body),
            *c.seal(d.picked_up_at, before=sign), *c.reprint_note()]


_BUILDERS: dict[str, Callable[[_Ctx], list]] = {
    "receipt": _receipt, "notice": _notice, "rejection": _rejection, "commitment": _commitment,
    "tolerance": _tolerance, "supplement": _supplement, "pickup": _pickup,
}


# -- public API ------------------------------------------------------------------------------

def render(doc: Any, options: RenderOptions | None = None, *,
           wording_dir: Path | None = None) -> bytes:
    """The PDF of ``doc`` (a :mod:`printing.model` document).

    Args:
        doc: the content; its ``head.kind`` names the document kind.
        options: layout, training mode, reprint count.
        wording_dir: an administrator's override folder for the wording (see
            :mod:`printing.wording`).

    Raises:
        InvalidInput: an 80 mm layout asked for a kind that has none.
    """
    options = options or RenderOptions()
    kind = doc.head.kind
    if kind not in KINDS:
        raise InvalidInput(f"未知的文书种类：{kind}")
    if options.layout not in PAPERS:
        raise InvalidInput(f"未知的版式：{options.layout}")
    if options.layout == "roll80" and kind not in ROLL_KINDS:
        raise InvalidInput(f"{KINDS[kind]}没有 80 毫米热敏纸版式，请用 A4 纸打印。")
    paper = PAPERS[options.layout]
    if paper.height is None and (options.training or options.reprint_count):
        paper = replace(paper, top=ROLL_MARKED_TOP)  # room for the stamp and the red line
    words = wording_mod.load(kind, wording_dir)
    probe = _Ctx(kind, doc, options, paper, words)
    deco = Decoration(
        header=probe.text("header"),
        footer=probe.text("footer"),
        page_number=words.text("page_number") or "第 {page} 页 共 {pages} 页",
        reprint_mark=(words.text("reprint_mark", {"count": options.reprint_count})
                      if options.reprint_count else ""),
        training_mark=words.text("training_mark") if options.training else "",
        training_note=words.text("training_note") if options.training else "",
        reprint_note=(probe.text("reprint_note")
                      if options.reprint_count and paper.decorated else ""),
        title=f"{KINDS[kind]} {doc.head.case_no or ''}".strip(),
    )

    def story() -> list:
        return _BUILDERS[kind](_Ctx(kind, doc, options, paper, words))

    return build_pdf(paper, story, deco)


def render_snapshot(snapshot: bytes, reprint_count: int = 0, reprinted_at: datetime | None = None,
                    *, wording_dir: Path | None = None) -> bytes:
    """Render an archived snapshot again, as the ``reprint_count``-th reprint (补打).

    This is the ``render`` callable :meth:`counter.documents.DocumentService.reprint` wants::

        docs.reprint(case_no, "receipt", actor,
                     render=lambda snap, n, at: render_snapshot(snap, n, at))
    """
    snap = Snapshot.from_bytes(snapshot)
    options = replace(snap.options, reprint_count=reprint_count, reprinted_at=reprinted_at)
    doc = without_password(snap.doc) if reprint_count else snap.doc  # a reprint never shows it
    return render(doc, options, wording_dir=wording_dir)
