"""PDF pages rendered with QtPdf (ui/capture/pdf.py), through the importer and the service."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QSizeF

from counter.capture.importers import SourceFile, split_file
from counter.capture.processing import FileRefused
from counter.errors import InvalidInput
from tests.capture.conftest import blob_count
from tests.ui.capture.pdfs import three_page_pdf
from ui.capture.pdf import QtPdfRasteriser, page_pixels


def test_three_pages_on_white(qapp):
    pages = split_file(SourceFile("三页.pdf", three_page_pdf()), pdf=QtPdfRasteriser(),
                       colour=False)
    assert len(pages) == 3 and len({p.sha256 for p in pages}) == 3
    first = Image.open(io.BytesIO(pages[0].jpeg_bytes))
    assert abs(first.width - 1654) <= 1 and first.height == 2339  # A4 at 200 dpi
    assert first.getpixel((5, 5)) > 240  # painted onto white, not transparent-black
    assert not any(p.blank for p in pages)


def test_empty_page_is_white_and_blank(qapp):
    pages = split_file(SourceFile("空白.pdf", _blank_pdf()), pdf=QtPdfRasteriser())
    assert len(pages) == 1 and pages[0].blank


def _blank_pdf() -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPainter, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    painter = QPainter(writer)
    painter.end()
    return bytes(buffer.data())


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%garbage that is not a PDF at all\n",
                                  b"%PDF-1.4\n" + b"\x00" * 64])
def test_pdf_that_fails_to_render_is_refused(qapp, data):
    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("损坏.pdf", data), pdf=QtPdfRasteriser())
    assert caught.value.reason == "pdf_render" and "“损坏.pdf”" in caught.value.message


def test_refused_pdf_stores_nothing(qapp, service, intake, blobs):
    with pytest.raises(InvalidInput) as caught:
        service.add_pages(intake, "M-A", [SourceFile("好.pdf", three_page_pdf()),
                                          SourceFile("坏.pdf", b"%PDF-1.7\nnonsense")])
    assert "坏.pdf" in str(caught.value)
    assert blob_count(blobs) == 0 and intake.materials["M-A"].pages == []


def test_page_pixels_caps_the_long_side():
    a4 = QSizeF(595, 842)
    assert page_pixels(a4, 200, 2500).height() == 2339
    huge = page_pixels(QSizeF(14400, 14400), 200, 2500)  # a 200-inch page
    assert (huge.width(), huge.height()) == (2500, 2500)


@pytest.fixture
def renders(monkeypatch):
    """Counts the pages QtPdf is asked to render."""
    calls = []
    real = QtPdfRasteriser._render

    def counting(document, index, dpi, max_side):
        calls.append(index)
        return real(document, index, dpi, max_side)

    monkeypatch.setattr(QtPdfRasteriser, "_render", staticmethod(counting))
    return calls


def test_pdf_with_too_many_pages_is_refused_before_any_page_is_rendered(qapp, renders):
    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("厚文件.pdf", three_page_pdf(6)), pdf=QtPdfRasteriser(),
                   max_pages=5)
    assert renders == []  # refused by the page count alone
    assert caught.value.reason == "too_many_pages"
    assert "“厚文件.pdf”" in caught.value.message and "6 页" in caught.value.message
    assert len(split_file(SourceFile("五页.pdf", three_page_pdf(5)), pdf=QtPdfRasteriser(),
                          max_pages=5)) == 5 and renders == [0, 1, 2, 3, 4]


def test_the_default_cap_refuses_a_pdf_of_max_pages_plus_one_unrendered(qapp, renders, service,
                                                                         intake, blobs):
    from counter.capture.importers import MAX_PAGES

    with pytest.raises(InvalidInput) as caught:
        service.add_pages(intake, "M-A", [SourceFile("扫描全集.pdf", three_page_pdf(MAX_PAGES + 1))])
    assert renders == [] and blob_count(blobs) == 0
    assert f"{MAX_PAGES + 1} 页" in str(caught.value) and "拆分" in str(caught.value)


def test_the_desktops_rasteriser_from_the_root_renders_on_first_use(qapp, tmp_path):
    """``bootstrap.build(gui=True)`` gives the capture service the QtPdf rasteriser, loaded at
    the first PDF."""
    from bootstrap import build, load_config

    ctx = build(load_config(tmp_path / "d", environ={}, load_sample=False), gui=True,
                renderer=None)
    try:
        pages = split_file(SourceFile("三页.pdf", three_page_pdf()), pdf=ctx.capture.pdf,
                           colour=False)
        assert len(pages) == 3
    finally:
        ctx.close()
