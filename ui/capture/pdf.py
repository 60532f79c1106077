"""PDF pages rendered with QtPdf (PDF 渲染): the :class:`counter.capture.importers.PdfRasteriser`
of the desktop.

``QPdfDocument.render`` gives each page on a *transparent* background; every page is painted
onto white here, or a scanned page with a transparent background would come out black after
JPEG encoding. Rendering happens wherever the importer runs — the capture worker thread — with
a document object that lives and dies inside the call. The PDF is loaded from a temporary file
because loading from a file is synchronous (loading from a ``QIODevice`` needs an event loop).
A document with more pages than the importer allows is refused by its page count right after
loading (:class:`~counter.capture.importers.TooManyPages`), before any page is rendered.
"""

from __future__ import annotations

import logging
import os
import tempfile
from typing import TYPE_CHECKING, Iterator

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter

from counter.capture.importers import MAX_PAGES, RasterPage, TooManyPages
from counter.errors import CounterError

if TYPE_CHECKING:  # QtPdf is loaded on the first PDF, not at start-up (docs/benchmarks.md)
    from PySide6.QtPdf import QPdfDocument

log = logging.getLogger(__name__)

__all__ = ["QtPdfRasteriser", "PdfRenderFailed"]

#: Why QtPdf could not open a file, by the name of its ``QPdfDocument.Error``.
_ERRORS = {
    "IncorrectPassword": "文件有密码保护",
    "UnsupportedSecurityScheme": "文件的加密方式不受支持",
    "InvalidFileFormat": "不是有效的 PDF 文件",
    "DataNotYetAvailable": "文件不完整",
    "FileNotFound": "文件不存在",
}


class PdfRenderFailed(CounterError):
    """A PDF that QtPdf cannot open or render; ``message`` says why, in Chinese."""


def page_pixels(size_points: QSizeF, dpi: float, max_side: int) -> QSize:
    """The pixel size of a page of ``size_points`` (1/72 inch) at ``dpi``, its long side
    capped at ``max_side``."""
    scale = dpi / 72.0
    long_side = max(size_points.width(), size_points.height()) * scale
    if long_side > max_side:
        scale *= max_side / long_side
    return QSize(max(1, round(size_points.width() * scale)),
                 max(1, round(size_points.height() * scale)))


class QtPdfRasteriser:
    """Renders PDF pages with QtPdf (pdfium), painted onto white."""

    def rasterise(self, data: bytes, *, dpi: float, max_side: int,
                  max_pages: int = MAX_PAGES) -> Iterator[RasterPage]:
        """Every page of ``data`` in order (see :class:`~counter.capture.importers.PdfRasteriser`).

        Raises:
            TooManyPages: the document has more than ``max_pages`` pages — known from its page
                count once loaded, before any page is rendered.
            PdfRenderFailed: the PDF cannot be opened (damaged, password) or a page does not
                render.
        """
        from PySide6.QtPdf import QPdfDocument

        fd, path = tempfile.mkstemp(prefix="counter-pdf-", suffix=".pdf")
        document = QPdfDocument()
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            error = document.load(path)
            if error != QPdfDocument.Error.None_:
                raise PdfRenderFailed(_ERRORS.get(error.name, "无法打开"))
            if document.pageCount() <= 0:
                raise PdfRenderFailed("文件中没有页面")
            if document.pageCount() > max_pages:
                raise TooManyPages(document.pageCount())
            for index in range(document.pageCount()):
                yield self._render(document, index, dpi, max_side)
        finally:
            document.close()  # the object itself goes with its last Python reference
            try:
                os.unlink(path)
            except OSError:
                log.warning("temporary PDF file could not be removed")

    @staticmethod
    def _render(document: QPdfDocument, index: int, dpi: float, max_side: int) -> RasterPage:
        size = page_pixels(document.pagePointSize(index), dpi, max_side)
        rendered = document.render(index, size)
        if rendered.isNull():
            raise PdfRenderFailed(f"第 {index + 1} 页无法渲染")
        page = QImage(rendered.size(), QImage.Format.Format_RGB888)
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.drawImage(0, 0, rendered)
        painter.end()
        return RasterPage(page.width(), page.height(), "RGB", bytes(page.constBits()),
                          page.bytesPerLine())
