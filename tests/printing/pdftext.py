"""Reading rendered PDFs back in tests: text with ``pdftotext``, pages as images with
``pdftoppm``, barcodes with zxing-cpp (poppler-utils and zxing-cpp are test dependencies)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """The text of a PDF (``pdftotext``; ``layout`` keeps the physical layout)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")


def compact(text: str) -> str:
    """Text without any whitespace (pdftotext breaks lines where the layout wraps)."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    return int(re.search(rb"Pages:\s+(\d+)", out).group(1))


def page_size_pt(pdf: bytes) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    m = re.search(rb"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    return float(m.group(1)), float(m.group(2))


def page_images(pdf: bytes, dpi: int = 200) -> list:
    """Every page as a PIL image (``pdftoppm`` at ``dpi``)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(d) / "p")],
                       check=True)
        images = []
        for png in sorted(Path(d).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            with Image.open(png) as im:
                images.append(im.convert("RGB"))
        return images


def barcodes(pdf: bytes, dpi: int = 200) -> list[tuple[str, str]]:
    """``(format, text)`` of every barcode zxing-cpp finds on the pages."""
    import zxingcpp

    found = []
    for image in page_images(pdf, dpi):
        for r in zxingcpp.read_barcodes(image):
            found.append((r.format.name, r.text))
    return found


def word_boxes(pdf: bytes) -> list[dict]:
    """Every word with its page and box (``pdftotext -bbox``): page, width, height, x0, y0,
    x1, y1 (points, origin top left), text."""
    import html

    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode("utf-8")
    words: list[dict] = []
    page = 0
    width = height = 0.0
    for line in out.splitlines():
        m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if m:
            page += 1
            width, height = float(m.group(1)), float(m.group(2))
            continue
        m = re.search(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                      r'yMax="([-\d.]+)">(.*)</word>', line)
        if m:
            words.append({"page": page, "width": width, "height": height,
                          "x0": float(m.group(1)), "y0": float(m.group(2)),
                          "x1": float(m.group(3)), "y1": float(m.group(4)),
                          "text": html.unescape(m.group(5))})
    return words


def page_text(pdf: bytes, page: int) -> str:
    """The text of one page (1-based)."""
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
