"""Printing a rendered document on a Qt printer (打印), with preview.

The documents are PDFs (:mod:`printing.render`). To print one, its pages are rasterised with
QtPdf at the printer's resolution (at most :data:`MAX_DPI`) onto white and painted on a
:class:`QPrinter` sized like the PDF's pages (A4, or the 80 mm roll with its own length). When
the printer is a PDF file printer (the clerk chose "save as PDF" in a print dialog), the
original PDF bytes are written instead: vector, searchable and identical to the archive.

A missing or failing printer raises :class:`PrintFailed`, a :class:`CounterError` whose Chinese
message tells the clerk that the case is decided and saved and that the document can be
printed again or saved as PDF later from the case view. Nothing here touches the case.

The printer chosen for each paper is remembered per counter in the ``settings`` table, through
the site service (:func:`remembered_printer`, :func:`remember_printer`).

UI entry points (called by the decision dialog and the case view):

* :func:`print_document` — one step: print to the remembered/named printer, or preview first;
* :func:`preview_document` — the print preview dialog;
* :func:`preview_without_printer` — the preview when there is no printer at all (QtPdf only,
  with 另存为 PDF; :mod:`printing.preview`): a preview never needs a printer;
* :func:`save_pdf` — write the PDF to a file the clerk chooses.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QWidget

from counter.errors import CounterError
from counter.files import write_private

log = logging.getLogger(__name__)

#: Raster resolution cap: 300 dpi is sharp for text and barcodes and keeps memory modest.
MAX_DPI = 300
#: Pixels of a page painted at once (:func:`paint_pdf`, :func:`on_white`): a band of about this
#: many pixels (32 rows of an A4 page at 300 dpi) is one Qt call, during which PySide keeps
#: Python's interpreter lock (the PDF/CUPS engine JPEG-compresses the band under it): a few
#: milliseconds at most. See :func:`band_rows` and :data:`GIVE_WAY_S`.
BAND_PIXELS = 80_000
#: After each band the painting thread sleeps this long (s), so that the GUI thread, which may
#: be waiting for the interpreter lock, really gets it. Without the pause the lock goes back to
#: the painter before the woken GUI thread runs, call after call: the window then froze for
#: the whole page (135 ms measured with 16-row bands). Costs about 15 ms per A4 page.
GIVE_WAY_S = 0.0001
#: How far a band reaches into the next (rows): no seam where the page is scaled by a fraction.
BAND_OVERLAP = 2
#: Papers a counter chooses a printer for (A4 documents, the 80 mm receipt roll).
PAPERS = {"a4": "A4 文书打印机", "roll80": "80 毫米回执打印机"}
LATER = "办件已按决定保存，可稍后在办件详情中补打或另存为 PDF。"


class PrintFailed(CounterError):
    """The document could not be printed (打印失败); the case is not affected."""


# -- remembered printer per counter ----------------------------------------------------------

def setting_key(profile, paper: str = "a4") -> str:
    """The settings key of a counter's printer for ``paper`` (``printer.140802-001-07.a4``)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}")
    return f"printer.{profile.client_id}.{paper}"


def remembered_printer(site, paper: str = "a4") -> str | None:
    """The printer this counter chose for ``paper``, or None.

    Args:
        site: the site service (:class:`counter.identity.SiteService`).
    """
    return site.setting(setting_key(site.get(), paper)) or None


def remember_printer(site, name: str, paper: str = "a4") -> None:
    """Remember ``name`` as this counter's printer for ``paper`` (through the site service)."""
    site.set_setting(setting_key(site.get(), paper), name)


# -- printers --------------------------------------------------------------------------------

def printer_names() -> list[str]:
    """The printers the system knows."""
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def default_printer_name() -> str | None:
    return QPrinterInfo.defaultPrinterName() or None


def open_printer(name: str | None) -> QPrinter:
    """A :class:`QPrinter` for the printer ``name`` (None: the system default).

    Raises:
        PrintFailed: no such printer, or no printer at all.
    """
    if not name:
        name = default_printer_name()
        if not name:
            raise PrintFailed("打印失败：本机没有可用的打印机。" + LATER)
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrintFailed(f"打印失败：未找到打印机“{name}”，请检查打印机是否连接或在设置中重新选择。"
                          + LATER)
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


# -- PDF pages -------------------------------------------------------------------------------

class PdfPages:
    """A rendered document opened with QtPdf, for painting its pages.

    Keep the object alive while painting (it owns the buffer QtPdf reads from).
    """

    def __init__(self, pdf: bytes) -> None:
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            raise PrintFailed("打印失败：文书文件无法读取。" + LATER)

    @property
    def count(self) -> int:
        return self.document.pageCount()

    def size_pt(self, index: int) -> QSizeF:
        """The page size in points."""
        return self.document.pagePointSize(index)

    def image(self, index: int, dpi: float) -> QImage:
        """Page ``index`` at ``dpi``, on white (QtPdf renders on transparent)."""
        return on_white(self.document.render(index, self.pixel_size(index, dpi)))

    def pixel_size(self, index: int, dpi: float) -> QSize:
        """Page ``index`` in pixels at ``dpi``."""
        size = self.size_pt(index)
        return QSize(max(1, round(size.width() * dpi / 72)), max(1, round(size.height() * dpi / 72)))

    def render(self, index: int, full: QSize) -> QImage:
        """Page ``index`` at ``full`` pixels, on white, rendered by QtPdf on a thread of its
        own (:class:`QPdfPageRenderer`) while this thread waits in an event loop.

        A plain ``QPdfDocument.render`` keeps Python's interpreter lock for the whole page
        (about 50 ms for A4 at 300 dpi), and the GUI thread could not run meanwhile
        (:func:`paint_pdf` runs on the operations runner's thread, :mod:`ui.ops`). The
        renderer draws exactly what ``render`` draws (the same pixels, barcodes included).
        """
        from PySide6.QtCore import QEventLoop
        from PySide6.QtPdf import QPdfPageRenderer

        renderer = QPdfPageRenderer()
        renderer.setDocument(self.document)
        renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        loop = QEventLoop()
        got: list[QImage] = []

        def rendered(_page, _size, image, _options, _request) -> None:
            got.append(image)
            loop.quit()

        renderer.pageRendered.connect(rendered)
        renderer.requestPage(index, full)
        if not got:
            loop.exec()
        return on_white(got[0])

    def close(self) -> None:
        self.document.close()
        self._buffer.close()


def band_rows(width: int) -> int:
    """Rows of a band :data:`BAND_PIXELS` pixels big for an image ``width`` pixels wide (at
    least 4 rows): the A4 page at 300 dpi in 32-row bands, the 80 mm roll in 84-row bands."""
    return max(4, BAND_PIXELS // max(1, width))


def give_way() -> None:
    """Let a thread waiting for the interpreter lock (the GUI thread) take it: called by the
    painting loops between two bands (see :data:`GIVE_WAY_S`)."""
    time.sleep(GIVE_WAY_S)


def on_white(page: QImage) -> QImage:
    """``page`` (QtPdf renders on transparent) on a white ``RGB32`` image of its size.

    Made band by band (:func:`band_rows`, :func:`give_way`): ``QImage.fill`` of a whole A4
    page at 300 dpi keeps the interpreter lock for about 20 ms, a white ``fillRect`` and a
    ``drawImage`` of one band well under a millisecond each.
    """
    out = QImage(page.size(), QImage.Format.Format_RGB32)  # allocating lets the lock go
    painter = QPainter(out)
    white = QColor("white")
    width, height = page.width(), page.height()
    step = band_rows(width)
    for top in range(0, height, step):
        band = QRect(0, top, width, min(step, height - top))
        painter.fillRect(band, white)
        painter.drawImage(band, page, band)
        give_way()
    painter.end()
    return out


def _page_layout(size_pt: QSizeF) -> QPageLayout:
    page_size = QPageSize(size_pt, QPageSize.Unit.Point, "",
                          QPageSize.SizeMatchPolicy.FuzzyMatch)
    return QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                       QPageLayout.Unit.Point)


def prepare(printer: QPrinter, pdf: bytes, *, title: str = "") -> None:
    """Size ``printer``'s page like the document's first page, full page, no margins."""
    pages = PdfPages(pdf)
    try:
        printer.setFullPage(True)
        printer.setPageLayout(_page_layout(pages.size_pt(0)))
        if title:
            printer.setDocName(title)
    finally:
        pages.close()


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint every page of ``pdf`` on ``printer`` (rasterised) and return the page count.

    The printer should have been :func:`prepare`-d; each page is scaled to fit the paper,
    keeping its proportions, and centred.

    Raises:
        PrintFailed: the printer cannot be opened or the document cannot be read.
    """
    pages = PdfPages(pdf)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed(f"打印失败：打印机“{printer.printerName() or '（未命名）'}”无法开始打印，"
                              "请检查打印机是否开机、缺纸或脱机。" + LATER)
        dpi = min(MAX_DPI, max(72, printer.resolution()))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for i in range(pages.count):
            if i and not printer.newPage():
                raise PrintFailed("打印失败：打印机在打印过程中出错。" + LATER)
            full = pages.pixel_size(i, dpi)
            image = pages.render(i, full)
            target = QRectF(painter.viewport())
            scaled = QSizeF(full).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = target.x() + (target.width() - scaled.width()) / 2
            y = target.y()
            factor = scaled.height() / full.height()
            step = band_rows(full.width())
            for top in range(0, full.height(), step):  # band by band (see BAND_PIXELS)
                # each band reaches a little into the next, which is drawn over it: no seam
                # between two bands where the page is scaled by a fraction
                rows = min(step + BAND_OVERLAP, full.height() - top)
                painter.drawImage(QRectF(x, y + top * factor, scaled.width(), rows * factor),
                                  image, QRectF(0, top, full.width(), rows))
                give_way()
        return pages.count
    finally:
        if painter.isActive():
            painter.end()
        pages.close()


def print_pdf(printer: QPrinter, pdf: bytes, *, title: str = "") -> int:
    """Print ``pdf`` on ``printer``; returns the number of pages.

    A PDF-file printer gets the original bytes (vector, searchable); any other printer the
    rasterised pages.
    """
    if (printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and printer.outputFileName()):
        pages = PdfPages(pdf)
        count = pages.count
        pages.close()
        try:
            write_private(Path(printer.outputFileName()), pdf)  # 0600
        except OSError as e:
            raise PrintFailed(f"另存为 PDF 失败：{e.strerror or e}。" + LATER) from None
        return count
    prepare(printer, pdf, title=title)
    return paint_pdf(printer, pdf)


# -- UI helpers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PrintOutcome:
    """What :func:`print_document` did.

    Attributes:
        printed: the document went to the printer (False: the clerk closed the preview).
        printer_name: the printer used.
        pages: pages sent.
    """

    printed: bool
    printer_name: str
    pages: int = 0


def print_document(parent: QWidget | None, pdf: bytes, printer_name: str | None, *,
                   preview: bool = False, title: str = "") -> PrintOutcome:
    """Print a document in one step, or show the preview first (decision dialog, case view).

    Args:
        parent: the widget the preview belongs to.
        pdf: the rendered document.
        printer_name: the counter's printer (see :func:`remembered_printer`); None for the
            system default.
        preview: show the print preview dialog; the clerk prints from there.
        title: the job name shown in the printer queue (no personal data: use the document
            kind and case number).

    A preview never needs a printer: with none, :func:`preview_without_printer` shows the
    pages and offers 另存为 PDF (``printed`` is then False, ``printer_name`` empty).

    Raises:
        PrintFailed: the printer is missing or failed — show it with ``ui.errors.show_error``;
            the case is unaffected and the document can be printed again later.
    """
    if preview:
        try:
            printer = open_printer(printer_name)
        except PrintFailed:  # no printer yet (a counter's first day): look, and save as PDF
            preview_without_printer(parent, pdf, title=title)
            return PrintOutcome(printed=False, printer_name="")
        printed = preview_document(parent, pdf, printer=printer, title=title)
        return PrintOutcome(printed=printed, printer_name=printer.printerName())
    printer = open_printer(printer_name)
    pages = print_pdf(printer, pdf, title=title)
    log.info("printed %d page(s) on %s", pages, printer.printerName())
    return PrintOutcome(printed=True, printer_name=printer.printerName(), pages=pages)


def preview_document(parent: QWidget | None, pdf: bytes, *, printer: QPrinter | None = None,
                     title: str = "") -> bool:
    """Show the print preview (打印预览); True when the clerk printed from it."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare(printer, pdf, title=title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("打印预览" + (f" — {title}" if title else ""))
    errors: list[PrintFailed] = []

    def paint(target: QPrinter) -> None:
        try:
            paint_pdf(target, pdf)
        except PrintFailed as e:
            errors.append(e)

    dialog.paintRequested.connect(paint)
    accepted = dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
    if errors:
        raise errors[0]
    return accepted


def preview_without_printer(parent: QWidget | None, pdf: bytes, *, title: str = "",
                            suggested_name: str = "") -> None:
    """The preview when no printer can be opened (:class:`printing.preview.PdfPreviewDialog`:
    the pages and 另存为 PDF, no ``QPrinter``); returns when the clerk closes it."""
    from printing.preview import NO_PRINTER_NOTE, PdfPreviewDialog

    name = suggested_name or (f"{title.replace(' ', '-')}.pdf" if title else "文书.pdf")
    dialog = PdfPreviewDialog(pdf, title=title, suggested_name=name, note=NO_PRINTER_NOTE,
                              parent=parent)
    dialog.exec()


def save_pdf(parent: QWidget | None, pdf: bytes, suggested_name: str) -> Path | None:
    """Ask where to save the PDF and write it; the path, or None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, "另存为 PDF", suggested_name, "PDF 文件 (*.pdf)")
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    try:
        write_private(target, pdf)  # 0600: it names the applicant
    except OSError as e:
        raise PrintFailed(f"另存为 PDF 失败：{e.strerror or e}。") from None
    return target
