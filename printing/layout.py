"""Pages: paper sizes, paragraph styles, page decorations and the PDF build (版式).

Two papers:

* ``a4`` — 210 × 297 mm sheets with a header line (site and counter), a footer (consulting
  phone) and page numbers ``第 1 页 共 N 页``;
* ``roll80`` — an 80 mm thermal roll (72 mm printable): one page as long as the content needs
  (measured by a trial build), split into several pages only beyond :data:`MAX_ROLL_HEIGHT`.

Decorations drawn on every page: the page number (which needs the page total, so pages are
buffered by :class:`_NumberedCanvas` and decorated when the document is saved), the reprint
mark ``补打（第n次）`` in a red frame at the top right, and in training mode a large diagonal
``培训`` watermark under the content plus a red line of text at the top.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether,
                                PageTemplate, Paragraph, Spacer)

from printing import fonts

# Page streams: Flate only. reportlab adds ASCII85 on top by default, which makes streams 25 %
# larger and is encoded in pure Python; nothing needs 7-bit-clean PDFs any more. (reportlab
# reads this setting when a page is written, so it is set for the process.)
rl_config.useA85 = 0

# Chinese typesetting (避头): full-width closing punctuation must not begin a line. reportlab's
# CJK wrapping knows the Japanese set only; add the Chinese marks so that they hang at the end
# of the previous line instead (标点悬挂). Process-wide and harmless for other documents.
from reportlab.lib import textsplit as _rl_textsplit  # noqa: E402
from reportlab.platypus import paragraph as _rl_paragraph  # noqa: E402

_CN_CANNOT_START = "，；：！？》〉”’…—·％"
for _module in (_rl_paragraph, _rl_textsplit):
    if _CN_CANNOT_START[0] not in _module.ALL_CANNOT_START:
        _module.ALL_CANNOT_START += _CN_CANNOT_START

#: The longest single page of a roll before it is split into pages.
MAX_ROLL_HEIGHT = 1000 * mm
#: The top margin of a roll page that carries a reprint stamp or the training line.
ROLL_MARKED_TOP = 11 * mm
#: The shortest roll page (a receipt should not be a stub).
MIN_ROLL_HEIGHT = 100 * mm

SEAL_RED = colors.Color(0.78, 0.05, 0.05)
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.25, 0.25, 0.25)
HEAD_FILL = colors.Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class Paper:
    """A paper and its typography.

    Attributes:
        name: ``a4`` or ``roll80``.
        width, height: in points; ``height`` None means "as long as the content" (a roll).
        top, right, bottom, left: margins in points (the header and footer live inside the
            top and bottom margins).
        size, leading: body text.
        title_size: the document title.
        decorated: header line and footer text (A4); a roll has only the page number.
    """

    name: str
    width: float
    height: float | None
    top: float
    right: float
    bottom: float
    left: float
    size: float
    leading: float
    title_size: float
    decorated: bool

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right


A4 = Paper("a4", 210 * mm, 297 * mm, top=22 * mm, right=20 * mm, bottom=20 * mm, left=22 * mm,
           size=11, leading=17, title_size=22, decorated=True)
ROLL80 = Paper("roll80", 80 * mm, None, top=5 * mm, right=4 * mm, bottom=12 * mm, left=4 * mm,
               size=8.5, leading=12.5, title_size=14, decorated=False)
PAPERS = {"a4": A4, "roll80": ROLL80}


class Styles:
    """The paragraph styles of one paper."""

    def __init__(self, paper: Paper) -> None:
        font = fonts.register()
        s, lead = paper.size, paper.leading
        # Closing punctuation may hang past the line end (标点悬挂). Keep room for it: on a roll
        # the printable width ends at the paper margin, and in a table cell the grid line is
        # next. The ink of a full-width mark sits in the left half of its em.
        hang = 0.6 * s
        base = dict(fontName=font, wordWrap="CJK", splitLongWords=True)
        if paper.height is None:
            base["rightIndent"] = hang
        self.paper = paper
        self.body = ParagraphStyle("body", fontSize=s, leading=lead, firstLineIndent=2 * s,
                                   spaceAfter=s * 0.3, **base)
        self.plain = ParagraphStyle("plain", fontSize=s, leading=lead, **base)
        self.heading = ParagraphStyle("heading", fontSize=s + 1, leading=lead * 1.1,
                                      spaceBefore=s * 0.5, spaceAfter=s * 0.25, **base)
        self.item = ParagraphStyle("item", fontSize=s, leading=lead, leftIndent=1.6 * s,
                                   firstLineIndent=-1.6 * s, **base)
        self.small_item = ParagraphStyle("small_item", fontSize=s - 1.5,
                                         leading=(s - 1.5) * 1.45, leftIndent=1.6 * (s - 1.5),
                                         firstLineIndent=-1.6 * (s - 1.5), textColor=GREY,
                                         **base)
        self.small = ParagraphStyle("small", fontSize=s - 1.5, leading=(s - 1.5) * 1.45,
                                    textColor=GREY, **base)
        self.cell = ParagraphStyle("cell", fontSize=s - 1, leading=(s - 1) * 1.4,
                                   **{**base, "rightIndent": 0.6 * (s - 1)})
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, alignment=TA_CENTER)
        self.label = ParagraphStyle("label", parent=self.cell, textColor=GREY)
        self.title = ParagraphStyle("title", fontSize=paper.title_size,
                                    leading=paper.title_size * 1.35, alignment=TA_CENTER,
                                    spaceAfter=paper.title_size * 0.15, **base)
        self.number = ParagraphStyle("number", fontSize=s - 0.5, leading=lead,
                                     alignment=TA_CENTER, spaceAfter=s * 0.3, **base)
        self.right = ParagraphStyle("right", fontSize=s, leading=lead, alignment=TA_RIGHT, **base)
        self.center = ParagraphStyle("center", fontSize=s, leading=lead, alignment=TA_CENTER,
                                     **base)
        self.caption = ParagraphStyle("caption", fontSize=s - 2, leading=(s - 2) * 1.35,
                                      alignment=TA_CENTER, textColor=GREY, **base)
        self.code = ParagraphStyle("code", fontSize=s + 0.5, leading=(s + 0.5) * 1.3,
                                   alignment=TA_CENTER, **base)
        self.left = ParagraphStyle("left", fontSize=s, leading=lead, alignment=TA_LEFT, **base)

    def p(self, text: object, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of literal ``text`` (escaped, lacking glyphs marked)."""
        style = style or self.body
        return Paragraph(fonts.para(text, style.fontSize), style)


class BoldTitle(Flowable):
    """A centred title drawn with a thin outline (the only face we embed has no bold)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self._para = Paragraph(fonts.para(text, style.fontSize), style)
        self._stroke = style.fontSize * 0.035
        self.spaceAfter = style.spaceAfter

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self._para.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self._stroke)
        canv.setStrokeColor(colors.black)
        canv._code.append("2 Tr")  # fill then stroke: a faux bold
        self._para.drawOn(canv, 0, 0)
        canv._code.append("0 Tr")
        canv.restoreState()


@dataclass(frozen=True)
class Decoration:
    """What is drawn on every page besides the content (all texts already filled).

    Attributes:
        header: header line text (A4).
        footer: footer text (A4).
        page_number: the template with ``{page}`` and ``{pages}``.
        reprint_mark: ``补打（第n次）`` or empty.
        training_mark: the watermark word (``培训``) or empty when not in training mode.
        training_note: the red line at the top in training mode.
        reprint_note: on A4, the line above the footer of every page of a reprint (when and
            of what original); a roll prints it at the end of its content instead.
        title: the PDF's title metadata.
    """

    header: str = ""
    footer: str = ""
    page_number: str = "第 {page} 页 共 {pages} 页"
    reprint_mark: str = ""
    training_mark: str = ""
    training_note: str = ""
    reprint_note: str = ""
    title: str = ""


def _draw_watermark(canv: Canvas, paper: Paper, page_height: float, deco: Decoration) -> None:
    """The diagonal training watermark, under the content."""
    if not deco.training_mark:
        return
    font = fonts.register()
    word = fonts.plain(deco.training_mark)
    canv.saveState()
    canv.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.22))
    size = paper.width * 0.28 if paper.name == "a4" else paper.width * 0.36
    canv.setFont(font, size)
    step = paper.width * 1.1
    y = page_height / 2 if page_height < step else step * 0.55
    while y < page_height + 1:
        canv.saveState()
        canv.translate(paper.width / 2, y)
        canv.rotate(35)
        canv.drawCentredString(0, -size * 0.35, word)
        canv.restoreState()
        y += step
    canv.restoreState()


def _draw_page_furniture(canv: Canvas, paper: Paper, page_height: float, page: int, pages: int,
                         deco: Decoration) -> None:
    """Header, footer, page number, reprint mark and training note (over the content)."""
    font = fonts.register()
    w = paper.width
    canv.saveState()
    small = 8 if paper.decorated else 6.5
    # The top margin holds, from the edge down: the reprint stamp (right), the header line
    # (A4: site and counter, left) with a rule under it, and in training mode a red line.
    # Nothing reaches into the content frame.
    if paper.decorated:
        y = page_height - 10 * mm
        canv.setFont(font, small)
        canv.setFillColor(GREY)
        header = fonts.plain(deco.header)
        room = paper.frame_width - (45 * mm if deco.reprint_mark else 0)
        while header and canv.stringWidth(header, font, small) > room:
            header = header[:-2] + "…"
        canv.drawString(paper.left, y, header)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(paper.left, y - 2 * mm, w - paper.right, y - 2 * mm)
    if deco.reprint_mark:
        text = fonts.plain(deco.reprint_mark)
        size = 9.5 if paper.decorated else 7.5
        tw = canv.stringWidth(text, font, size)
        pad = 1.4 * mm
        top = page_height - (3.5 * mm if paper.decorated else 1.5 * mm)
        x1 = w - paper.right - tw - 2 * pad
        canv.setStrokeColor(SEAL_RED)
        canv.setFillColor(SEAL_RED)
        canv.setLineWidth(0.9)
        canv.rect(x1, top - size - 2 * pad, tw + 2 * pad, size + 2 * pad, stroke=1, fill=0)
        canv.setFont(font, size)
        canv.drawString(x1 + pad, top - size - pad + size * 0.18, text)
    if deco.training_mark and deco.training_note:
        canv.setFillColor(SEAL_RED)
        canv.setFont(font, small)
        note = fonts.plain(deco.training_note)
        if paper.decorated:
            canv.drawCentredString(w / 2, page_height - 16.5 * mm, note)
        else:
            canv.drawString(paper.left, page_height - 4.5 * mm, note)
    # footer
    canv.setFillColor(GREY)
    canv.setFont(font, small)
    number = fonts.plain(deco.page_number.replace("{page}", str(page))
                         .replace("{pages}", str(pages)))
    if paper.decorated and deco.reprint_note:
        canv.setFillColor(SEAL_RED)
        canv.drawRightString(w - paper.right, paper.bottom - 4 * mm, fonts.plain(deco.reprint_note))
        canv.setFillColor(GREY)
    if paper.decorated:
        y = paper.bottom - 10 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(paper.left, y + 4 * mm, w - paper.right, y + 4 * mm)
        footer = fonts.plain(deco.footer)
        max_footer = paper.frame_width - canv.stringWidth(number, font, small) - 6 * mm
        while footer and canv.stringWidth(footer, font, small) > max_footer:
            footer = footer[:-2] + "…"
        canv.drawString(paper.left, y, footer)
        canv.drawRightString(w - paper.right, y, number)
    else:
        canv.drawCentredString(w / 2, paper.bottom / 2 - 1 * mm, number)
    canv.restoreState()


def _numbered_canvas(paper: Paper, deco: Decoration) -> type:
    class _NumberedCanvas(Canvas):
        """Buffers pages so that each can be numbered ``第 i 页 共 N 页`` at save time."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_page_furniture(self, paper, self._pagesize[1], number, total, deco)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


# -- keep-with-next: the seal never starts a page alone ------------------------------------------

def keep_with_previous(flowable: Flowable) -> Flowable:
    """Mark ``flowable`` (the seal block) so that it never starts a page alone: the build glues
    it to the content before it (:class:`KeepWithNext`). Returns ``flowable``."""
    flowable.keep_with_previous = True
    return flowable


def _height(f: Flowable, canv, aw: float, ah: float) -> float:
    h = f.wrapOn(canv, aw, ah)[1]
    return getattr(f, "_H", h) if isinstance(f, KeepTogether) else h


class KeepWithNext(Flowable):
    """``previous`` then ``following`` (spacers and the seal block), never with ``following``
    alone at the top of a page: when it does not fit under ``previous``, the end of
    ``previous`` — its last table row (under a repeated header) or its last lines — moves to
    the next page with it. Like ``KeepTogether`` it lays out in :meth:`split`."""

    def __init__(self, previous: Flowable, following: list) -> None:
        super().__init__()
        self.previous = previous
        self.following = list(following)

    def wrap(self, aw, ah):
        return aw, 0xFFFFFF  # always split, as KeepTogether does: the work is in split()

    def split(self, aw, ah):
        canv = self.canv
        prev_h = _height(self.previous, canv, aw, ah)
        follow_h = sum(_height(f, canv, aw, ah) for f in self.following)
        if prev_h + follow_h <= ah:
            return [self.previous, *self.following]
        cut = prev_h - 1 if prev_h <= ah else ah  # take at least the last row/line along
        parts = self.previous.splitOn(canv, aw, cut) if cut > 0 else []
        if len(parts) >= 2:
            return [*parts[:-1], KeepWithNext(parts[-1], self.following)]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return [self.previous, *self.following]  # nothing to take along: as it comes
        return []  # move both to the next page

    def draw(self) -> None:  # never drawn itself (always split)
        pass


def _glue(story: list) -> list:
    """``story`` with each :func:`keep_with_previous` flowable glued to the content before it
    (spacers and conditional page breaks in between travel with it)."""
    out = list(story)
    i = 0
    while i < len(out):
        if getattr(out[i], "keep_with_previous", False):
            j = i - 1
            while j >= 0 and isinstance(out[j], (Spacer, CondPageBreak)):
                j -= 1
            if j >= 0:
                out[j:i + 1] = [KeepWithNext(out[j], out[j + 1:i + 1])]
                i = j
        i += 1
    return out


class _Doc(BaseDocTemplate):
    """Records how far down the last page the content went (to size a roll)."""

    lowest_y: float = 0.0

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab API
        if self.frame is not None:
            self.lowest_y = self.frame._y
        self.pages_used = self.page


def _build(paper: Paper, height: float, story: list, deco: Decoration) -> tuple[bytes, _Doc]:
    buf = io.BytesIO()
    doc = _Doc(buf, pagesize=(paper.width, height), leftMargin=paper.left,
               rightMargin=paper.right, topMargin=paper.top, bottomMargin=paper.bottom,
               title=fonts.plain(deco.title), author="综窗受理台", creator="综窗受理台",
               subject=fonts.plain(deco.title), invariant=True, pageCompression=1)
    frame = Frame(paper.left, paper.bottom, paper.frame_width, height - paper.top - paper.bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    def on_page(canv: Canvas, _doc) -> None:
        _draw_watermark(canv, paper, height, deco)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page,
                                       pagesize=(paper.width, height))])
    doc.pages_used = 1
    doc.build(_glue(story), canvasmaker=_numbered_canvas(paper, deco))
    return buf.getvalue(), doc


def build_pdf(paper: Paper, story_factory: Callable[[], list], deco: Decoration) -> bytes:
    """Build the PDF of the story ``story_factory()`` on ``paper``.

    A roll (``paper.height`` None) is first built on a :data:`MAX_ROLL_HEIGHT` page to measure
    the content, then built again on a page just long enough (a fresh story each time: reportlab
    flowables are consumed by a build).
    """
    if paper.height is not None:
        data, _ = _build(paper, paper.height, story_factory(), deco)
        return data
    _, trial = _build(paper, MAX_ROLL_HEIGHT, story_factory(), deco)
    if trial.pages_used > 1:
        height = MAX_ROLL_HEIGHT
    else:
        used = MAX_ROLL_HEIGHT - paper.top - trial.lowest_y
        height = max(MIN_ROLL_HEIGHT, used + paper.top + paper.bottom + 2 * mm)
    data, _ = _build(paper, height, story_factory(), deco)
    return data
