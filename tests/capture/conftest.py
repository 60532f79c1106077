"""Fixtures for the capture tests: a blob store in ``tmp_path``, a fake PDF renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from counter.capture.importers import RasterPage, TooManyPages
from counter.ports import PdfRasteriser
from counter.store.blobs import BlobStore


def blob_count(store: BlobStore) -> int:
    """How many blobs the store holds (temporary files excluded)."""
    return sum(1 for p in Path(store.root).rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.fixture
def blobs(tmp_path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


class FakePdfRasteriser(PdfRasteriser):
    """Renders "PDFs" of our own: ``%PDF-fake`` followed by one letter per page.

    Each page is a small white raster with a dark bar whose position depends on the letter;
    ``%PDF-broken`` fails after the first page (a PDF that fails to render half-way).
    """

    def __init__(self) -> None:
        self.calls = 0

    def rasterise(self, data: bytes, *, dpi: float, max_side: int,
                  max_pages: int) -> Iterator[RasterPage]:
        self.calls += 1
        if data.startswith(b"%PDF-broken"):
            yield self._page(0)
            raise RuntimeError("page 2 cannot be rendered")
        if not data.startswith(b"%PDF-fake"):
            raise RuntimeError("not a PDF")
        letters = data[len(b"%PDF-fake"):].strip()
        if len(letters) > max_pages:  # by the page count, before any page (the port's rule)
            raise TooManyPages(len(letters))
        for n, _letter in enumerate(letters):
            yield self._page(n)

    @staticmethod
    def _page(n: int) -> RasterPage:
        width, height = 300, 420
        stride = width * 3 + 4  # padded rows, as Qt gives them
        rows = []
        for y in range(height):
            ink = 60 + n * 40 <= y < 60 + n * 40 + 20
            row = bytes([30, 30, 30] * width if ink else [255, 255, 255] * width) + b"\0" * 4
            rows.append(row)
        return RasterPage(width, height, "RGB", b"".join(rows), stride)


@pytest.fixture
def fake_pdf() -> FakePdfRasteriser:
    return FakePdfRasteriser()
