"""Normalising one scanned or photographed page (页面规范化处理).

Whatever a document camera (高拍仪), a scanner, a phone photo or a PDF gives, the store keeps
pages of one kind: a baseline JPEG, upright (the EXIF orientation applied and removed), in
colour or greyscale as the material asks, with its long side at most :data:`MAX_LONG_SIDE`
pixels (about 200 dpi for an A4 sheet), at a JPEG quality chosen for legibility of small print
and seals. Each page is also checked for being blank (空白页), and its SHA-256 names it in the
blob store, so the same page captured twice is stored once.

Bad input is refused with :class:`FileRefused` (a :class:`counter.errors.InvalidInput`) whose
message names the file: empty, unsupported, corrupt or truncated files, and images whose header
claims more than :data:`MAX_PIXELS` pixels (a decompression bomb is refused before any pixel is
decoded). Nothing here stores anything: refusing is always clean.

Speed: a 12-megapixel JPEG is the common case (a 高拍仪 photo). JPEGs at least twice the target
size are decoded already scaled down by libjpeg (``Image.draft``), greyscale pages are decoded
as greyscale, the downscale uses an area filter and runs in bands of rows (the same pixels as
one ``resize``, without its 30 MB intermediate image and with the rows still in the CPU cache),
the decoded image is let go before encoding, the EXIF rotation is applied to the small image
rather than the large one, and the Huffman tables are libjpeg's standard ones (optimising them
costs a second pass for about 8 % fewer bytes). Pillow is told to keep the memory of freed
images (in 1 MB blocks, at most :data:`KEEP_IMAGE_MEMORY_MB`) for the next page: otherwise
every page's 48 MB decoded image is new memory that the kernel must hand over page by page,
which cost as much CPU time as the encoder (:func:`reuse_image_memory`,
:func:`release_image_memory`). ``stages=`` collects the CPU time of each step (the
``normalise`` bench row prints them).

Nothing about the file (its name, its content) is logged: scanned materials are personal data.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import struct
import tempfile
import time
import warnings
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, JpegImagePlugin

from counter.errors import InvalidInput

log = logging.getLogger(__name__)

__all__ = ["ProcessedPage", "FileRefused", "refused", "DECODE_ERRORS", "normalise",
           "normalise_image", "open_image", "check_pixels", "sniff", "ink_coverage", "is_blank",
           "page_is_blank", "rotate_page", "STAGES", "reuse_image_memory",
           "release_image_memory", "KEEP_IMAGE_MEMORY_MB",
           "MAX_LONG_SIDE", "MAX_PIXELS", "MAX_FILE_BYTES", "QUALITY_COLOUR", "QUALITY_GREY",
           "SUPPORTED_TYPES"]

#: Longest side of a stored page in pixels: an A4 sheet (297 mm) at about 214 dpi.
MAX_LONG_SIDE = 2500
#: Largest image accepted, in pixels (width × height) as the file's header claims it. A 600 dpi
#: A3 scan is 70 megapixels; a "50000×50000" PNG is a decompression bomb.
MAX_PIXELS = 80_000_000
#: Largest file accepted, in bytes.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: JPEG quality of colour pages: seals and coloured print stay legible.
QUALITY_COLOUR = 82
#: JPEG quality of greyscale pages.
QUALITY_GREY = 80

#: The file types the counter takes, by what their first bytes say (not their extension).
SUPPORTED_TYPES = ("jpeg", "png", "tiff", "bmp", "pdf")
_TYPE_LABELS = "JPEG、PNG、TIFF、BMP 图片或 PDF 文件"
#: Pillow plugins allowed to parse input: nothing exotic ever reads an applicant's file.
_PIL_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"], "tiff": ["TIFF"], "bmp": ["BMP"]}

#: Image memory Pillow keeps for the next page once the first page was normalised, in MB
#: (1 MB blocks): about a 12-megapixel photo decoded in colour.
KEEP_IMAGE_MEMORY_MB = 64
#: Output rows per band of the banded downscale (:func:`_downscale`).
_BAND_ROWS = 160

# Blank-page detection (空白页检测), on a copy about _BLANK_SIDE pixels long:
_BLANK_SIDE = 400
#: Border ignored on each side (scanner-lid shadow, a thin black frame, the edge of the sheet).
_BLANK_MARGIN = 0.06
#: A pixel is ink when it is at least this much darker than the paper around it (0–255).
_INK_DELTA = 48
#: A page with ink strokes in fewer cells than this is blank.
_MIN_INK_CELLS = 4

# EXIF Orientation → the transpose that makes the image upright.
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ORIENTATION = 0x0112

#: What Pillow raises on a damaged or truncated file.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
                  struct.error, MemoryError, Image.DecompressionBombError)


class FileRefused(InvalidInput):
    """A file that cannot become pages (文件被拒收); the message names the file.

    Attributes:
        file_name: the file's name as shown to the clerk.
        reason: a short code: ``empty``, ``too_large``, ``not_a_file``, ``unsupported``,
            ``corrupt``, ``bomb``, ``pdf_render``, ``too_many_pages``.
    """

    def __init__(self, message: str, *, file_name: str, reason: str) -> None:
        super().__init__(message)
        self.file_name = file_name
        self.reason = reason


def _label(name: str) -> str:
    return name or "未命名文件"


def refused(name: str, reason: str, detail: str = "") -> FileRefused:
    """The :class:`FileRefused` for ``reason`` with its Chinese message naming ``name``."""
    label = _label(name)
    messages = {
        "empty": f"文件“{label}”是空文件，没有可导入的页面。",
        "too_large": f"文件“{label}”过大（超过 {MAX_FILE_BYTES // (1024 * 1024)} MB），已拒收。",
        "not_a_file": f"“{label}”不是普通文件（可能是设备或管道），已拒收。",
        "unsupported": f"文件“{label}”的类型不受支持：只能导入{_TYPE_LABELS}。",
        "corrupt": f"文件“{label}”已损坏或不完整，无法读取，请重新扫描或重新导出。",
        "bomb": f"文件“{label}”的图像尺寸异常（{detail}），超过 {MAX_PIXELS // 1_000_000} "
                "百万像素的上限，已拒收（可能是恶意构造的文件）。",
        "pdf_render": f"PDF 文件“{label}”无法渲染，未导入任何页面{detail}。",
        "too_many_pages": f"文件“{label}”页数过多（{detail}），请拆分后再导入。",
    }
    return FileRefused(messages[reason], file_name=label, reason=reason)


@dataclass(frozen=True)
class ProcessedPage:
    """One normalised page, ready to be stored (规范化后的页面).

    Attributes:
        jpeg_bytes: the page as a baseline JPEG.
        width: in pixels, upright.
        height: in pixels, upright.
        blank: the page looks blank (空白页): the clerk is told and decides.
        sha256: hex digest of ``jpeg_bytes``: its name in the blob store.
        colour: True for a colour page, False for greyscale.
    """

    jpeg_bytes: bytes
    width: int
    height: int
    blank: bool
    sha256: str
    colour: bool = True

    def __repr__(self) -> str:  # never dump the bytes into a log or a test report
        return (f"ProcessedPage({self.width}x{self.height}, {len(self.jpeg_bytes)} bytes, "
                f"blank={self.blank}, sha256={self.sha256[:12]}…)")


# -- memory ----------------------------------------------------------------------------------

_memory_tuned = False


def reuse_image_memory() -> None:
    """Let Pillow keep freed image memory for the next image (done by the first normalisation).

    Pillow allocates images in blocks and by default returns every block to the system when
    the image is freed; the next page's decoded image is then fresh memory that the kernel
    hands over 4 KB at a time (about 12,000 page faults for a 12-megapixel photo, 30–40 ms of
    CPU time). Here blocks are 1 MB and up to :data:`KEEP_IMAGE_MEMORY_MB` of them are kept
    and reused. Process-wide (it is Pillow's setting), idempotent, and left alone when the
    operator set ``PILLOW_BLOCK_SIZE`` or ``PILLOW_BLOCKS_MAX``.
    """
    global _memory_tuned
    if _memory_tuned:
        return
    _memory_tuned = True
    if "PILLOW_BLOCK_SIZE" in os.environ or "PILLOW_BLOCKS_MAX" in os.environ:
        return
    Image.core.set_block_size(1024 * 1024)
    Image.core.set_blocks_max(max(Image.core.get_blocks_max(), KEEP_IMAGE_MEMORY_MB))


def release_image_memory() -> None:
    """Give the image memory kept by :func:`reuse_image_memory` back to the system now (for
    a caller that knows no pages will come for a while); the next page reuses again."""
    Image.core.clear_cache()


# -- reading ---------------------------------------------------------------------------------

def sniff(data: bytes) -> str | None:
    """The file type by its first bytes: one of :data:`SUPPORTED_TYPES`, or None."""
    head = data[:1024]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"BM") and len(head) >= 26:
        return "bmp"
    if b"%PDF-" in head:
        return "pdf"
    return None


def check_pixels(size: tuple[int, int], name: str) -> None:
    """Refuse an image whose pixel count exceeds :data:`MAX_PIXELS` (or that has none)."""
    width, height = size
    if width <= 0 or height <= 0:
        raise refused(name, "corrupt")
    if width * height > MAX_PIXELS:
        raise refused(name, "bomb", f"{width}×{height} 像素")


def open_image(data: bytes, name: str, kind: str | None = None) -> Image.Image:
    """Open ``data`` as an image (header only: no pixel is decoded yet).

    Args:
        data: the file's bytes.
        name: the file's name for messages.
        kind: the type from :func:`sniff` when already known.

    Raises:
        FileRefused: empty, too large, not an image type the counter takes, unreadable
            header, or too many pixels.
    """
    if not data:
        raise refused(name, "empty")
    if len(data) > MAX_FILE_BYTES:
        raise refused(name, "too_large")
    kind = kind or sniff(data)
    if kind not in _PIL_FORMATS:
        raise refused(name, "unsupported")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns above ~89 MP and raises above ~179 MP; ours is
            # lower and explicit, so the warning only means "refuse".
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_PIL_FORMATS[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refused(name, "bomb", "像素数超出上限") from None
    except (Image.UnidentifiedImageError, *DECODE_ERRORS):
        raise refused(name, "corrupt") from None
    check_pixels(image.size, name)
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_EXIF_ORIENTATION, 1) or 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block only loses the orientation
        log.debug("unreadable EXIF block ignored")
        return 1


def _target_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    long_side = max(width, height)
    if long_side <= max_side:
        return width, height
    scale = max_side / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image, colour: bool) -> Image.Image:
    """``image`` as ``RGB`` or ``L``: transparency painted onto white, 16-bit scaled to 8."""
    mode = image.mode
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        mode = image.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif mode.startswith("I;16") or mode in ("I", "F"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "1":
        image = image.convert("L")
    elif mode not in ("RGB", "L"):
        image = image.convert("RGB")  # CMYK, YCbCr, LAB, RGBX …
    if not colour and image.mode != "L":
        image = image.convert("L")
    return image


class _Laps:
    """CPU time of each step of one normalisation, added into ``stages`` (seconds by step
    name); does nothing when ``stages`` is None."""

    __slots__ = ("stages", "last")

    def __init__(self, stages: dict[str, float] | None) -> None:
        self.stages = stages
        self.last = time.thread_time() if stages is not None else 0.0

    def lap(self, step: str) -> None:
        if self.stages is None:
            return
        now = time.thread_time()
        self.stages[step] = self.stages.get(step, 0.0) + (now - self.last)
        self.last = now


#: The steps :func:`normalise` times into ``stages``, in order.
STAGES = ("decode", "convert", "resize", "encode", "blank", "hash")


def normalise(data: bytes, *, colour: bool = True, name: str = "",
              max_side: int = MAX_LONG_SIDE, quality: int | None = None,
              stages: dict[str, float] | None = None) -> ProcessedPage:
    """Normalise one image file (JPEG, PNG, BMP, or the first page of a TIFF) into a page.

    Args:
        data: the file's bytes.
        colour: keep colour (True) or store greyscale (False), as the material asks.
        name: the file's name, used in messages only.
        max_side: the longest side of the result, in pixels.
        quality: JPEG quality; default :data:`QUALITY_COLOUR` / :data:`QUALITY_GREY`.
        stages: when given, the CPU seconds of each step (:data:`STAGES`) are added to it.

    Raises:
        FileRefused: the file cannot be a page; its message names the file.
    """
    laps = _Laps(stages)
    image = open_image(data, name)
    if image.format in ("JPEG", "MPO"):
        target = _target_size(image.size, max_side)
        try:
            image.draft("RGB" if colour else "L", target)  # libjpeg's DCT scaling: 1/2 … 1/8
        except DECODE_ERRORS:
            raise refused(name, "corrupt") from None
    small = _upright_small(image, colour=colour, name=name, max_side=max_side, laps=laps)
    del image  # the decoded image (48 MB for 12 MP) goes before the encoder needs memory
    return _finish(small, quality=quality, laps=laps)


def normalise_image(image: Image.Image, *, colour: bool = True, name: str = "",
                    max_side: int = MAX_LONG_SIDE, quality: int | None = None,
                    stages: dict[str, float] | None = None) -> ProcessedPage:
    """Normalise an opened image (a frame of a TIFF, a rendered PDF page …) into a page.

    The image is loaded here; a decoding error refuses the file named ``name``. ``stages``
    as for :func:`normalise`.
    """
    laps = _Laps(stages)
    small = _upright_small(image, colour=colour, name=name, max_side=max_side, laps=laps)
    return _finish(small, quality=quality, laps=laps)


def _upright_small(image: Image.Image, *, colour: bool, name: str, max_side: int,
                   laps: _Laps) -> Image.Image:
    """``image`` decoded, flattened to ``RGB``/``L``, downscaled and turned upright."""
    check_pixels(image.size, name)
    reuse_image_memory()
    try:
        image.load()
    except DECODE_ERRORS:
        raise refused(name, "corrupt") from None
    orientation = _orientation(image)  # after load: for a PNG reading EXIF may decode
    laps.lap("decode")
    try:
        flat = _flatten(image, colour)
        laps.lap("convert")
        flat = _downscale(flat, _target_size(flat.size, max_side))
        if orientation in _ORIENTATION:
            flat = flat.transpose(_ORIENTATION[orientation])
    except DECODE_ERRORS:
        raise refused(name, "corrupt") from None
    laps.lap("resize")
    return flat


def _downscale(image: Image.Image, target: tuple[int, int]) -> Image.Image:
    """``image`` scaled down to ``target`` with an area (box) filter, a band of rows at a time.

    Each band is ``Image.resize`` of the source rows under it (``box=``), so the result is the
    same as one ``resize`` of the whole image (up to rounding of the filter weights: ±1 grey
    level at most), but Pillow's intermediate image (target width × source height: 30 MB for
    a 12-megapixel photo, new memory every time) is never made, and each band's rows are
    still in the CPU cache when they are filtered the second way.
    """
    if target == image.size:
        return image
    width, height = image.size
    out_w, out_h = target
    if out_h <= _BAND_ROWS * 1.5:
        return image.resize(target, Image.Resampling.BOX, reducing_gap=2.0)
    out = Image.new(image.mode, target)
    rows = height / out_h  # source rows per output row
    for top in range(0, out_h, _BAND_ROWS):
        bottom = min(out_h, top + _BAND_ROWS)
        band = image.resize((out_w, bottom - top), Image.Resampling.BOX,
                            box=(0, top * rows, width, bottom * rows), reducing_gap=2.0)
        out.paste(band, (0, top))
    return out


def _finish(image: Image.Image, *, quality: int | None, laps: _Laps) -> ProcessedPage:
    """The page of an upright, downscaled ``RGB``/``L`` image: encoded, checked, named."""
    data = _jpeg_bytes(image, quality=quality)
    laps.lap("encode")
    blank = is_blank(image)
    laps.lap("blank")
    digest = hashlib.sha256(data).hexdigest()
    laps.lap("hash")
    return ProcessedPage(jpeg_bytes=data, width=image.width, height=image.height,
                         blank=blank, sha256=digest, colour=image.mode != "L")


def _jpeg_bytes(image: Image.Image, *, quality: int | None = None, **options) -> bytes:
    """``image`` as a baseline JPEG at the quality for its mode (or ``quality``)."""
    colour = image.mode != "L"
    q = quality or (QUALITY_COLOUR if colour else QUALITY_GREY)
    if "qtables" not in options:
        options["quality"] = q
    # Encoding into a real file lets libjpeg run without the GIL (Pillow encodes into a
    # BytesIO while holding it): a page being encoded on the worker thread must not freeze
    # the window. The file is anonymous and only ever in the page cache.
    # optimize=False: libjpeg's standard Huffman tables. Optimised tables save about 8 % of
    # the bytes but need a second pass over the coefficients (half the encoding time); the
    # pixels are the same either way. Colour keeps libjpeg's 4:2:0 chroma subsampling.
    with tempfile.TemporaryFile(prefix="counter-page-") as out:
        image.save(out, "JPEG", optimize=False, progressive=False, **options)
        out.seek(0)
        return out.read()


def _encode(image: Image.Image, *, quality: int | None = None, **options) -> ProcessedPage:
    data = _jpeg_bytes(image, quality=quality, **options)
    return ProcessedPage(jpeg_bytes=data, width=image.width, height=image.height,
                         blank=is_blank(image), sha256=hashlib.sha256(data).hexdigest(),
                         colour=image.mode != "L")


# -- blank pages -----------------------------------------------------------------------------

def ink_coverage(image: Image.Image) -> tuple[float, int]:
    """How much ink is on the page (墨迹覆盖), its border ignored.

    Ink is what is clearly darker than the paper *around it*: the paper's brightness is
    estimated locally, so uneven lighting under a document camera, a grey scanner background
    and a slightly yellow sheet are not ink. The page is first averaged down to about
    400 pixels, which drowns sensor noise and dust specks; a 3×3 median removes what is left
    on pages that were already small.

    Returns:
        ``(fraction, cells)``: the fraction of the area that is ink, and how many cells of
        8×8 analysis pixels hold at least 3 ink pixels (a stroke, not a speck).
    """
    factor = max(1, max(image.size) // _BLANK_SIDE)
    small = image.reduce(factor) if factor > 1 else image
    if small.mode != "L":
        small = small.convert("L")
    width, height = small.size
    mx, my = int(width * _BLANK_MARGIN), int(height * _BLANK_MARGIN)
    if width - 2 * mx < 16 or height - 2 * my < 16:
        return 0.0, 0
    small = small.crop((mx, my, width - mx, height - my))
    if factor < 3:  # little averaging happened: take the noise out here
        small = small.filter(ImageFilter.MedianFilter(3)).filter(ImageFilter.BoxBlur(1))
    # The paper: the brightest of each neighbourhood, spread smoothly over the page.
    w, h = small.size
    cell = max(1, min(w, h) // 12)
    coarse = small.reduce(cell) if cell > 1 else small
    paper = coarse.filter(ImageFilter.MaxFilter(3)).resize((w, h), Image.Resampling.BILINEAR)
    darker = ImageChops.subtract(paper, small)  # how much darker than the paper, >= 0
    ink = darker.point(lambda v: 255 if v >= _INK_DELTA else 0)
    fraction = ink.histogram()[255] / (w * h)
    if fraction == 0.0:
        return 0.0, 0
    # 8x8 cells: the mean of a cell is 255 * (its ink pixels / 64); >= 3 ink pixels -> >= 12
    cells = ink.reduce(8).histogram()
    return fraction, sum(cells[12:])


def is_blank(image: Image.Image) -> bool:
    """True when ``image`` looks like a blank sheet (空白页): fewer than a few cells with a
    stroke of ink in them (a short signature is not blank; scanner noise, dust and a thin
    frame at the border are)."""
    return ink_coverage(image)[1] < _MIN_INK_CELLS


def page_is_blank(jpeg_bytes: bytes) -> bool:
    """:func:`is_blank` for a stored page (decoded scaled down where possible: fast)."""
    image = Image.open(io.BytesIO(jpeg_bytes), formats=["JPEG"])
    # decoded at no less than 3× the analysis size, so that the same averaging happens as
    # on the full page
    scale = 3 * _BLANK_SIDE / max(image.size)
    if scale < 1:
        image.draft("L", (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    return is_blank(image)


# -- editing ---------------------------------------------------------------------------------

def rotate_page(jpeg_bytes: bytes, degrees: int) -> ProcessedPage:
    """A stored page turned clockwise by ``degrees`` (90, 180 or 270) (旋转页面).

    The page is re-encoded with its own quantisation tables, so turning it does not lower
    its quality further than a JPEG round trip must.
    """
    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
             270: Image.Transpose.ROTATE_90}
    degrees %= 360
    if degrees not in turns:
        raise InvalidInput("页面只能按 90 度的整数倍旋转。")
    image = Image.open(io.BytesIO(jpeg_bytes), formats=["JPEG"])
    image.load()
    options: dict = {}
    if image.quantization:
        options["qtables"] = image.quantization
        sampling = JpegImagePlugin.get_sampling(image)
        if image.mode != "L" and sampling >= 0:
            options["subsampling"] = sampling
    turned = image.transpose(turns[degrees])
    if turned.mode not in ("RGB", "L"):
        turned = turned.convert("RGB")
    return _encode(turned, **options)
