"""Splitting files into pages (counter/capture/importers.py): TIFF frames, PDF pages."""

from __future__ import annotations

import pytest

from counter.capture.importers import RasterPage, SourceFile, read_source, split_file
from counter.capture.processing import FileRefused
from tests.capture import images


def test_single_image_is_one_page():
    pages = split_file(SourceFile("a.png", images.encode(images.text_page((300, 400)), "PNG")))
    assert len(pages) == 1


def test_multipage_tiff_each_frame_a_page():
    pages = split_file(SourceFile("scan.tif", images.multipage_tiff(3)))
    assert len(pages) == 3
    assert len({p.sha256 for p in pages}) == 3
    assert all((p.width, p.height) == (600, 850) for p in pages)


def test_type_is_sniffed_not_taken_from_the_extension():
    """A scanner that writes a TIFF called .jpg still gives its pages."""
    pages = split_file(SourceFile("scan.jpg", images.multipage_tiff(2)))
    assert len(pages) == 2


def test_tiff_with_too_many_pages_is_refused():
    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("big.tif", images.multipage_tiff(3)), max_pages=2)
    assert caught.value.reason == "too_many_pages" and "big.tif" in caught.value.message


def test_pdf_pages_through_the_rasteriser(fake_pdf):
    pages = split_file(SourceFile("申请书.pdf", b"%PDF-fakeABC"), pdf=fake_pdf, colour=False)
    assert len(pages) == 3
    assert len({p.sha256 for p in pages}) == 3
    assert not any(p.blank for p in pages)


def test_pdf_without_a_rasteriser_is_refused():
    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("a.pdf", b"%PDF-fakeA"))
    assert caught.value.reason == "pdf_render" and "a.pdf" in caught.value.message


@pytest.mark.parametrize("data", [b"%PDF-broken", b"%PDF-1.7 garbage", b"%PDF-fake"])
def test_pdf_that_fails_to_render_is_refused(fake_pdf, data):
    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("坏文件.pdf", data), pdf=fake_pdf)
    assert caught.value.reason == "pdf_render"
    assert "“坏文件.pdf”" in caught.value.message


def test_pdf_raster_bomb_is_refused(fake_pdf):
    class Huge:
        def rasterise(self, data, *, dpi, max_side, max_pages):
            yield RasterPage(20_000, 20_000, "L", b"")

    with pytest.raises(FileRefused) as caught:
        split_file(SourceFile("huge.pdf", b"%PDF-1.4"), pdf=Huge())
    assert caught.value.reason == "bomb"


def test_raster_page_checks_its_geometry():
    with pytest.raises(ValueError):
        RasterPage(10, 10, "RGB", b"\0" * 20).image()
    with pytest.raises(ValueError):
        RasterPage(10, 10, "CMYK", b"\0" * 400).image()
    assert RasterPage(2, 2, "L", b"\0\0\0\0").image().size == (2, 2)


def test_read_source(tmp_path):
    path = tmp_path / "scan 1.png"
    path.write_bytes(images.encode(images.text_page((100, 100)), "PNG"))
    source = read_source(path)
    assert source.name == "scan 1.png" and source.data == path.read_bytes()
    assert "scan" not in repr(source)
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(FileRefused) as caught:
        read_source(tmp_path / "empty.jpg")
    assert caught.value.reason == "empty"
    with pytest.raises(FileRefused) as caught:
        read_source(tmp_path / "missing.jpg")
    assert "missing.jpg" in caught.value.message


def test_read_source_never_reads_more_than_the_cap(tmp_path, monkeypatch):
    """A scan that grows after it was measured (still being written) is not read whole."""
    from counter.capture import importers
    from tests.helpers.files import measured_small

    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "扫描0001.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\0" * 50_000)
    reads = measured_small(monkeypatch, path, size=10)
    with pytest.raises(FileRefused) as caught:
        read_source(path)
    assert caught.value.reason == "too_large" and "扫描0001.jpg" in caught.value.message
    assert reads.bytes <= 1001


def test_read_source_refuses_a_device(tmp_path):
    link = tmp_path / "scan.jpg"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileRefused) as caught:
        read_source(link)
    assert caught.value.reason == "not_a_file" and "scan.jpg" in caught.value.message
