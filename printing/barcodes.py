"""Code 128 and QR code flowables (条形码、二维码), drawn as vectors by reportlab.

The Code 128 bar width adapts to the space available (between :data:`MIN_BAR` and
:data:`MAX_BAR`) so that the 24-character case number fits an 80 mm roll and still scans at
200 dpi; the QR code carries the progress-query address with error correction level M.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

#: Narrowest and widest module of the Code 128 symbol.
MIN_BAR = 0.19 * mm
MAX_BAR = 0.33 * mm


class Code128Flowable(Flowable):
    """A Code 128 symbol of ``value``, as wide as fits (quiet zones included), centred.

    Args:
        value: printable ASCII (the case number).
        bar_height: height of the bars.
        max_width: never wider than this, even when more space is available.
    """

    def __init__(self, value: str, bar_height: float = 12 * mm, max_width: float | None = None):
        super().__init__()
        self.value = value
        self.bar_height = bar_height
        self.max_width = max_width
        probe = Code128(value, barWidth=1.0, barHeight=bar_height, humanReadable=False)
        probe.wrap(1e6, 1e6)
        self._modules = probe.width  # width in modules (quiet zones included)
        self._barcode: Code128 | None = None

    def wrap(self, avail_width, avail_height):
        room = min(avail_width, self.max_width or avail_width)
        bar = max(MIN_BAR, min(MAX_BAR, room / self._modules))
        if self._barcode is None or self._barcode.barWidth != bar:
            self._barcode = Code128(self.value, barWidth=bar, barHeight=self.bar_height,
                                    humanReadable=False)
        w, h = self._barcode.wrap(avail_width, avail_height)
        self._avail = avail_width
        self.width, self.height = avail_width, h
        return self.width, self.height

    def draw(self) -> None:
        bc = self._barcode
        x = max(0.0, (self._avail - bc.width) / 2)
        bc.drawOn(self.canv, x, 0)


_FINDER_LIKE = re.compile(r"(?=(10111010000|00001011101))")
_RUNS = re.compile(r"0{5,}|1{5,}")
_BITS = bytes.maketrans(b"\x00\x01", b"01")


def mask_penalty(modules) -> int:
    """The ISO/IEC 18004 mask penalty (rules N1–N4) of a module matrix.

    reportlab's encoder computes an equivalent score in plain Python lists; this version works
    on strings and integers and is an order of magnitude faster, which matters because it
    runs for each of the eight masks.
    """
    n = len(modules)
    rows = [bytes(row).translate(_BITS).decode("ascii") for row in modules]
    cols = [bytes(col).translate(_BITS).decode("ascii") for col in zip(*modules)]
    score = 0
    for line in rows + cols:
        for run in _RUNS.finditer(line):
            score += 3 + (run.end() - run.start() - 5)                     # N1
        score += 40 * len(_FINDER_LIKE.findall(line))                     # N3
    full = (1 << (n - 1)) - 1
    ints = [int(r, 2) for r in rows]
    for a, b in zip(ints, ints[1:]):
        dark = a & b & (a >> 1) & (b >> 1) & full
        light = ~a & ~b & ~(a >> 1) & ~(b >> 1) & full
        score += 3 * (bin(dark).count("1") + bin(light).count("1"))        # N2
    dark_modules = sum(r.count("1") for r in rows)
    score += 10 * (abs(dark_modules * 100 // (n * n) - 50) // 5)           # N4
    return score


# GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1, for the Reed–Solomon error correction.
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=None)
def _generator(degree: int) -> tuple[int, ...]:
    """The RS generator polynomial of ``degree`` (coefficients, highest first)."""
    g = [1]
    for i in range(degree):
        nxt = g + [0]
        for j, c in enumerate(g):
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        g = nxt
    return tuple(g)


def _rs_remainder(data: list[int], degree: int) -> list[int]:
    """The ``degree`` error-correction codewords of ``data``."""
    gen = _generator(degree)
    rem = [0] * degree
    for byte in data:
        factor = byte ^ rem[0]
        rem = rem[1:] + [0]
        if factor:
            lf = _LOG[factor]
            for i in range(degree):
                c = gen[i + 1]
                if c:
                    rem[i] ^= _EXP[_LOG[c] + lf]
    return rem


def _codewords(qr) -> list[int]:
    """Data and error-correction codewords, interleaved, as the standard orders them.

    The same as reportlab's ``QRCode.createData`` with a table-driven Reed–Solomon encoder
    (reportlab's polynomial classes take several milliseconds per code).
    """
    blocks = qrencoder.QRRSBlock.getRSBlocks(qr.version, qr.errorCorrectLevel)
    buffer = qrencoder.QRBitBuffer()
    for data in qr.dataList:
        data.write(buffer, qr.version)
    capacity = sum(b.dataCount for b in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError("QR data too long")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pad = (0xEC, 0x11)
    i = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(pad[i % 2], 8)
        i += 1
    data_blocks, ec_blocks, offset = [], [], 0
    for b in blocks:
        chunk = list(buffer.buffer[offset:offset + b.dataCount])
        offset += b.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_rs_remainder(chunk, b.totalCount - b.dataCount))
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(x) for x in group)):
            out.extend(x[i] for x in group if i < len(x))
    return out


@lru_cache(maxsize=8)
def _mask_flips(version: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Per mask pattern 1–7, the data modules ``(row, col)`` whose colour differs from mask
    pattern 0 (data positions depend only on the version)."""
    probe = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    probe.moduleCount = version * 4 + 17
    positions = list(probe._dataPosIterator())
    m0 = qrencoder.QRUtil.getMask(0)
    out = [()]
    for k in range(1, 8):
        mk = qrencoder.QRUtil.getMask(k)
        out.append(tuple((r, c) for c, r in positions if bool(m0(r, c)) != bool(mk(r, c))))
    return tuple(out)


@lru_cache(maxsize=128)
def qr_matrix(value: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code of ``value`` (True = dark): smallest version, best mask.

    reportlab's encoder places the modules (once, with mask 0; the other seven masks are
    derived by flipping the data modules where they differ); the codewords come from
    :func:`_codewords` and the mask is chosen with :func:`mask_penalty`. Cached: the roll
    layout renders twice.
    """
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(value)
    qr.version = qr.calculate_version()
    qr.dataCache = _codewords(qr)
    qr.makeImpl(True, 0)
    base = qr.modules
    flips = _mask_flips(qr.version)
    best, best_score = 0, mask_penalty(base)
    for mask in range(1, 8):
        trial = [row[:] for row in base]
        for r, c in flips[mask]:
            trial[r][c] = not trial[r][c]
        score = mask_penalty(trial)
        if score < best_score:
            best, best_score = mask, score
    qr.makeImpl(False, best)
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class QrFlowable(Flowable):
    """A QR code of ``value``, ``size`` wide including its 4-module quiet zone.

    Dark modules are drawn as one filled path of horizontal runs (fast, small PDF).
    """

    def __init__(self, value: str, size: float = 28 * mm, *, level: str = "M",
                 border: int = 4) -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.level = level
        self.border = border
        self.hAlign = "CENTER"

    def wrap(self, avail_width, avail_height):
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        modules = qr_matrix(self.value, self.level)
        n = len(modules)
        box = self.size / (n + 2 * self.border)
        # One path of rectangles, written as PDF operators directly: hundreds of
        # ``path.rect`` calls (each formatting four floats in pure Python) cost more than
        # the rest of a receipt's drawing.
        ops = []
        for r, row in enumerate(modules):
            y = self.size - (r + self.border + 1) * box
            c = 0
            for dark, run in groupby(row):
                length = len(list(run))
                if dark:
                    ops.append(f"{(c + self.border) * box:.3f} {y:.3f} {length * box:.3f} "
                               f"{box:.3f} re")
                c += length
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.addLiteral("\n".join(ops) + "\nf")
        canv.restoreState()
