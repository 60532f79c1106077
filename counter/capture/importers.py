"""Splitting a file into pages (文件拆页): JPEG, PNG, BMP, multi-page TIFF and PDF.

:func:`split_file` turns one file into normalised pages (:class:`ProcessedPage`), **all of
them or none**: every page is decoded and normalised before the caller may store anything, and
the first bad page refuses the whole file with a :class:`FileRefused` naming it.

The type is decided by the file's first bytes, never by its extension (a scanner that writes
``scan.jpg`` holding a TIFF is common enough); anything else — a ``.docx``, a GIF, a text
file — is refused as unsupported.

PDF pages are rendered by a :class:`PdfRasteriser` the caller hands in: ``counter/`` knows no
Qt, the desktop implements it with QtPdf (``ui.capture.pdf.QtPdfRasteriser``), and tests may
use that one offscreen or a fake. Without a rasteriser a PDF is refused. A PDF with more than
:data:`MAX_PAGES` pages is refused by its page count before any page is rendered (the
rasteriser raises :class:`TooManyPages` after opening the document); a TIFF likewise by its
frame count before any frame is decoded. :func:`read_source` reads at most
``MAX_FILE_BYTES`` of a file (:mod:`counter.files`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol, runtime_checkable

from PIL import Image

from counter.capture.processing import (DECODE_ERRORS, MAX_FILE_BYTES, MAX_LONG_SIDE,
                                        FileRefused, ProcessedPage, check_pixels, normalise,
                                        normalise_image, open_image, refused, sniff)
from counter.files import FileTooLarge, NotAFile, read_capped

log = logging.getLogger(__name__)

__all__ = ["SourceFile", "RasterPage", "PdfRasteriser", "TooManyPages", "split_file",
           "read_source", "MAX_PAGES", "PDF_DPI"]

#: Most pages one file may have (a larger PDF is split by the clerk first).
MAX_PAGES = 200
#: Resolution PDF pages are rendered at, before the long side is capped at MAX_LONG_SIDE.
PDF_DPI = 200


@dataclass(frozen=True)
class SourceFile:
    """A file to import: its name (for messages) and its bytes.

    Attributes:
        name: the file name as the clerk knows it (no folder), e.g. ``扫描0001.jpg``.
        data: the file's content.
    """

    name: str
    data: bytes

    def __repr__(self) -> str:
        return f"SourceFile({len(self.data)} bytes)"  # the name may hold personal data


@dataclass(frozen=True)
class RasterPage:
    """One PDF page as rendered by a :class:`PdfRasteriser`: 8-bit pixels, row after row.

    Attributes:
        width: in pixels.
        height: in pixels.
        mode: ``RGB`` (3 bytes a pixel), ``RGBA`` or ``L`` (1 byte a pixel).
        data: the pixels; each row starts ``stride`` bytes after the previous one.
        stride: bytes per row, padding included (0: exactly ``width`` pixels).
    """

    width: int
    height: int
    mode: str
    data: bytes
    stride: int = 0

    def image(self) -> Image.Image:
        """The page as a Pillow image (a copy of the pixels)."""
        if self.mode not in ("RGB", "RGBA", "L"):
            raise ValueError(f"unsupported raster mode {self.mode!r}")
        per_pixel = {"RGB": 3, "RGBA": 4, "L": 1}[self.mode]
        stride = self.stride or self.width * per_pixel
        if self.width <= 0 or self.height <= 0 or stride < self.width * per_pixel:
            raise ValueError("bad raster geometry")
        if len(self.data) < stride * (self.height - 1) + self.width * per_pixel:
            raise ValueError("raster data too short")
        return Image.frombuffer(self.mode, (self.width, self.height), self.data, "raw",
                                self.mode, stride, 1).copy()

    def __repr__(self) -> str:
        return f"RasterPage({self.width}x{self.height} {self.mode})"


class TooManyPages(Exception):
    """A PDF with more pages than allowed, found by its page count (``pages``) before rendering."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"{pages} pages")
        self.pages = pages


@runtime_checkable
class PdfRasteriser(Protocol):
    """Renders PDF pages to pixels (PDF 渲染端口); implemented in the UI layer with QtPdf."""

    def rasterise(self, data: bytes, *, dpi: float, max_side: int,
                  max_pages: int) -> Iterator[RasterPage]:
        """Render every page of the PDF ``data`` in order, painted onto white.

        Args:
            data: the PDF file's bytes.
            dpi: the resolution to render at.
            max_side: a page whose long side would exceed this many pixels at ``dpi`` is
                rendered smaller, so that its long side is ``max_side``.
            max_pages: a document with more pages than this is refused by its page count,
                before any page is rendered.

        Raises:
            TooManyPages: the document has more than ``max_pages`` pages (raised before the
                first page is rendered, i.e. before the first page is yielded).
            Exception: any other error when the document cannot be opened or a page cannot be
                rendered (password-protected, damaged, no pages); the importer refuses the
                file, naming it.
        """


def read_source(path: str | os.PathLike[str]) -> SourceFile:
    """Read a file from disk as a :class:`SourceFile` named by its file name.

    The file is read with :func:`counter.files.read_capped`: a file larger than
    :data:`MAX_FILE_BYTES` is refused without being read whole, even one that grows while it is
    read, and a device or a pipe (size 0, endless) is refused before a byte is read.

    Raises:
        FileRefused: the file cannot be read, is not a regular file, is empty or too large.
    """
    p = Path(path)
    try:
        data = read_capped(p, MAX_FILE_BYTES)  # never more than the cap, whatever stat said
    except FileTooLarge:
        raise refused(p.name, "too_large") from None
    except NotAFile:
        raise refused(p.name, "not_a_file") from None
    except OSError:
        raise refused(p.name, "corrupt") from None
    if not data:
        raise refused(p.name, "empty")
    return SourceFile(p.name, data)


def split_file(source: SourceFile, *, colour: bool = True, pdf: PdfRasteriser | None = None,
               max_side: int = MAX_LONG_SIDE, max_pages: int = MAX_PAGES) -> list[ProcessedPage]:
    """All pages of ``source``, normalised, in order — or :class:`FileRefused` naming it.

    Args:
        source: the file.
        colour: keep colour (True) or make the pages greyscale.
        pdf: renders PDF pages; without it a PDF is refused.
        max_side: the longest side of a page, in pixels.
        max_pages: more pages than this refuse the file.
    """
    name, data = source.name, source.data
    if not data:
        raise refused(name, "empty")
    kind = sniff(data)
    if kind is None:
        raise refused(name, "unsupported")
    if kind == "pdf":
        pages = _pdf_pages(source, pdf, colour=colour, max_side=max_side, max_pages=max_pages)
    elif kind == "tiff":
        pages = _tiff_pages(source, colour=colour, max_side=max_side, max_pages=max_pages)
    else:
        pages = [normalise(data, colour=colour, name=name, max_side=max_side)]
    log.debug("split a %s file into %d page(s)", kind, len(pages))
    return pages


def _tiff_pages(source: SourceFile, *, colour: bool, max_side: int,
                max_pages: int) -> list[ProcessedPage]:
    """Each frame (IFD) of a TIFF is a page."""
    name = source.name
    image = open_image(source.data, name, "tiff")
    try:
        frames = getattr(image, "n_frames", 1)
    except DECODE_ERRORS:
        raise refused(name, "corrupt") from None
    if frames > max_pages:
        raise refused(name, "too_many_pages", f"{frames} 页")
    pages = []
    for index in range(frames):
        try:
            image.seek(index)
        except DECODE_ERRORS:
            raise refused(name, "corrupt") from None
        check_pixels(image.size, name)
        pages.append(normalise_image(image, colour=colour, name=name, max_side=max_side))
    return pages


def _pdf_pages(source: SourceFile, pdf: PdfRasteriser | None, *, colour: bool, max_side: int,
               max_pages: int) -> list[ProcessedPage]:
    """Each page of a PDF, rendered by ``pdf`` onto white."""
    name = source.name
    if pdf is None:
        raise refused(name, "pdf_render", "（本机未配置 PDF 渲染）")
    pages: list[ProcessedPage] = []
    try:
        for raster in pdf.rasterise(source.data, dpi=PDF_DPI, max_side=max_side,
                                    max_pages=max_pages):
            if len(pages) >= max_pages:  # a rasteriser that did not count first
                raise refused(name, "too_many_pages", f"超过 {max_pages} 页")
            check_pixels((raster.width, raster.height), name)
            pages.append(normalise_image(raster.image(), colour=colour, name=name,
                                         max_side=max_side))
    except FileRefused:
        raise
    except TooManyPages as exc:
        raise refused(name, "too_many_pages", f"{exc.pages} 页，上限 {max_pages} 页") from None
    except Exception as exc:  # noqa: BLE001 - whatever the renderer raises refuses the file
        log.info("PDF not rendered (%s)", type(exc).__name__)
        raise refused(name, "pdf_render", _render_detail(exc)) from None
    if not pages:
        raise refused(name, "pdf_render", "（文件中没有页面）")
    return pages


def _render_detail(exc: Exception) -> str:
    """A short Chinese hint from the renderer's error, when it gave one."""
    message = getattr(exc, "message", None)
    return f"（{message}）" if isinstance(message, str) and message else ""
