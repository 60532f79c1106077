"""Bench row ``receipt``: shape only, with a few runs (timings are never asserted)."""

from __future__ import annotations

from bench import receipt

FIGURES = {"runs", "receipt_p50_ms", "receipt_p95_ms", "baseline_p50_ms", "baseline_p95_ms",
           "ratio", "target_ratio", "within_target", "roll_p95_ms", "pages", "kib"}


def test_the_row_reports_its_figures():
    lines: list[str] = []
    figures = receipt.run(quick=True, progress=lines.append)
    assert set(figures) == FIGURES
    assert figures["runs"] == receipt.QUICK_RUNS
    assert figures["pages"] == 1
    assert figures["receipt_p95_ms"] > 0 and figures["baseline_p95_ms"] > 0
    assert figures["ratio"] > 0 and figures["target_ratio"] == 3.0
    assert isinstance(figures["within_target"], bool)


def test_the_baseline_carries_the_receipts_words_on_one_page():
    from tests.printing.pdftext import compact, page_count, pdf_text

    doc = receipt._receipt_doc(7)
    pdf = receipt.baseline_pdf(doc)
    assert page_count(pdf) == 1
    text = compact(pdf_text(pdf))
    assert doc.head.case_no in text and "受理通知书" in text and doc.query_password in text


def test_the_row_is_registered():
    from bench import ROWS

    assert "receipt" in [r.name for r in ROWS]


def test_percentile_nearest_rank():
    assert receipt.percentile([5, 1, 3, 2, 4], 50) == 3
    assert receipt.percentile(list(range(1, 101)), 95) == 95
    assert receipt.percentile([7], 95) == 7
