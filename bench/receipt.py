"""Row ``receipt``: how long rendering a receipt (受理通知书) takes.

Each run renders the A4 receipt of a different case (its own case number, so the QR code is
encoded afresh: nothing is cached between runs), interleaved with a *baseline*: a one-page
reportlab PDF in the same embedded font carrying the same words (the receipt's wording and
every value it prints, as a title and plain paragraphs — no tables, barcodes, page furniture
or layout logic). Both embed a subset of the same glyphs, so the ratio of the two p95s says
what the document's layout costs on top of reportlab itself on this machine; the target is at
most 3.

Garbage collection is paused inside each measurement (as :mod:`timeit` does), so that a
collection triggered by one run is not billed to the next.

Figures: ``runs``, ``receipt_p50_ms``, ``receipt_p95_ms``, ``baseline_p50_ms``,
``baseline_p95_ms``, ``ratio`` (of the p95s),
``target_ratio`` (3), ``within_target``, ``roll_p95_ms`` (the 80 mm receipt, measured then
built twice), ``pages`` and ``kib`` (the A4 receipt's size).
"""

from __future__ import annotations

import gc
import io
import re
import statistics
import time
from datetime import date, datetime
from typing import Callable

from bench import percentile

TITLE = "受理通知书生成：p95 耗时，与同一字体的一页 reportlab PDF 相比（目标 ≤ 3 倍）"
TARGET_RATIO = 3.0
RUNS, QUICK_RUNS = 60, 4

def run(*, quick: bool = False, progress: Callable[[str], None] | None = None) -> dict:
    """The row as ``python main.py bench`` runs it (``quick``: a few runs)."""
    return bench_receipt(QUICK_RUNS if quick else RUNS, progress=progress)


def baseline_texts(doc) -> list[str]:
    """The words of a receipt as plain paragraphs: its wording and every value it prints."""
    from printing import wording
    from printing.render import cn_date, cn_datetime

    w = wording.load("receipt")
    h = doc.head
    texts = [w.text("title")]
    texts += w.lines("body") + w.lines("notes")
    texts.append("　".join(str(v) for v in w.raw("labels", {}).values()))
    texts.append("　".join([h.case_no or "", doc.query_password, h.case_name, h.site.site_name,
                           h.site.counter_name, h.clerk, h.site.contact_phone,
                           h.applicant.name if h.applicant else "",
                           h.applicant.id_masked if h.applicant else "", doc.contact_name,
                           doc.contact_mobile, cn_datetime(doc.accepted_at),
                           cn_date(doc.promised_at), doc.promised_limit]))
    texts += ["　".join([m.name, str(m.copies), m.original, m.status]) for m in doc.materials]
    texts += [w.text("seal"), w.text("query_caption"), w.text("materials_heading"),
              w.text("notes_heading"), w.text("info_heading")]
    return texts


def baseline_pdf(doc) -> bytes:
    """A one-page reportlab PDF in the bundled font with the same words as ``doc``'s receipt:
    a title and plain paragraphs — no tables, barcodes, page furniture or layout logic."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    from printing import fonts

    font = fonts.register()
    title = ParagraphStyle("t", fontName=font, fontSize=22, leading=30, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK",
                          firstLineIndent=22)
    texts = baseline_texts(doc)
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, invariant=True)
    pdf.build([Paragraph(escape(texts[0]), title)]
              + [Paragraph(escape(t), body) for t in texts[1:]])
    return buf.getvalue()


def _receipt_doc(serial: int):
    from counter.cases.model import Applicant, LedgerEntry
    from counter.cases.numbering import format_case_no
    from counter.clock import CST
    from counter.identity import SiteProfile
    from counter.ids import make_id_number
    from printing.model import Head, ItemLine, ReceiptDoc
    from printing.sources import material_line, party, site_info

    profile = SiteProfile(region_code="140802", site_code="001", counter_code="07",
                          site_name="运城市盐湖区政务服务中心", counter_name="综合受理7号窗口",
                          contact_phone="0359-2021234")
    case_no = format_case_no("140802", "001", "07", date(2026, 11, 20), "S", serial)
    at = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
    applicant = Applicant("person", "张三", "111", make_id_number("140802", date(1988, 5, 17), 123))
    ledger = [LedgerEntry("M-IND-APP", "个体工商户登记（备案）申请书", "received", "required", 1, "keep"),
              LedgerEntry("M-ID-CARD", "经营者身份证明", "received", "required", 1, "check"),
              LedgerEntry("M-LEASE", "经营场所使用证明", "e_licence", "required", 0, "none")]
    head = Head(kind="receipt", case_no=case_no, issued_at=at, clerk="c0012",
                site=site_info(profile), case_name="个体工商户设立登记",
                items=(ItemLine("11140802MB1937209W4000101002000", "个体工商户设立登记"),),
                applicant=party(applicant))
    return ReceiptDoc(head=head, accepted_at=at, promised_at=at, promised_limit="3个工作日",
                      query_url=profile.query_url(case_no), query_password="483920",
                      contact_name="张三", contact_mobile="139****5678",
                      materials=tuple(material_line(e) for e in ledger))


def bench_receipt(runs: int = RUNS, *, progress: Callable[[str], None] | None = None) -> dict:
    """Time ``runs`` receipts against as many baselines, interleaved.

    Args:
        runs: receipts (and baselines) rendered and timed.
        progress: called with a line of progress now and then.
    """
    from printing import RenderOptions, render

    progress = progress or (lambda message: None)
    clock = time.perf_counter
    # warm-up: font parsing, module imports, the first subset
    first = render(_receipt_doc(1))
    baseline_pdf(_receipt_doc(2))
    receipt_ms: list[float] = []
    base_ms: list[float] = []
    roll_ms: list[float] = []
    def timed(fn) -> float:
        # as timeit does: no garbage collection inside a measurement, a full one between
        gc.collect()
        gc.disable()
        try:
            t = clock()
            fn()
            return (clock() - t) * 1000
        finally:
            gc.enable()

    for i in range(runs):
        doc = _receipt_doc(100 + i)
        receipt_ms.append(timed(lambda: render(doc)))
        base_ms.append(timed(lambda: baseline_pdf(doc)))
        if i % 4 == 0:
            roll_doc = _receipt_doc(10_000 + i)
            roll_ms.append(timed(lambda: render(roll_doc, RenderOptions(layout="roll80"))))
        if runs >= 10 and (i + 1) % max(1, runs // 4) == 0:
            progress(f"已生成 {i + 1}/{runs} 份")
    p95, base95 = percentile(receipt_ms, 95), percentile(base_ms, 95)
    ratio = p95 / base95 if base95 else float("inf")
    return {
        "runs": runs,
        "receipt_p50_ms": round(statistics.median(receipt_ms), 1),
        "receipt_p95_ms": round(p95, 1),
        "baseline_p50_ms": round(statistics.median(base_ms), 1),
        "baseline_p95_ms": round(base95, 1),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "within_target": ratio <= TARGET_RATIO,
        "roll_p95_ms": round(percentile(roll_ms, 95), 1),
        "pages": len(re.findall(rb"/Type /Page[^s]", first)),
        "kib": round(len(first) / 1024, 1),
    }
