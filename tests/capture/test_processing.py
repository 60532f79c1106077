"""Normalising pages (counter/capture/processing.py) on generated images."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from counter.capture import processing
from counter.capture.processing import FileRefused, normalise, page_is_blank, rotate_page
from counter.errors import InvalidInput
from tests.capture import images


def decoded(page) -> Image.Image:
    image = Image.open(io.BytesIO(page.jpeg_bytes))
    image.load()
    return image


def test_output_is_baseline_jpeg_without_exif():
    page = normalise(images.with_orientation(images.text_page(), 6), name="a.jpg")
    image = decoded(page)
    assert image.format == "JPEG"
    assert not image.info.get("progressive")
    assert 0x0112 not in image.getexif()
    assert (image.width, image.height) == (page.width, page.height)


@pytest.mark.parametrize("orientation, turned", [(1, False), (3, False), (6, True), (8, True)])
def test_exif_orientation_is_applied(orientation, turned):
    """A portrait page photographed sideways (EXIF 6 or 8) comes out portrait."""
    sheet = images.text_page((400, 600))
    stored = sheet.transpose(Image.Transpose.ROTATE_90) if turned else sheet  # as the camera saw it
    page = normalise(images.with_orientation(stored, orientation), name="photo.jpg")
    assert (page.width, page.height) == (400, 600)


def test_orientation_6_turns_clockwise():
    """Orientation 6: the camera was turned, the top of the page is on the right."""
    sheet = Image.new("RGB", (200, 300), "white")
    sheet.paste((0, 0, 0), (0, 0, 200, 40))  # a black band at the top of the page
    camera = sheet.transpose(Image.Transpose.ROTATE_90)  # top of the page now on the left …
    page = normalise(images.with_orientation(camera, 6), colour=False)  # … EXIF 6: turn clockwise
    image = decoded(page)
    assert image.getpixel((100, 10)) < 60 and image.getpixel((100, 290)) > 200


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_matches_pillow_exif_transpose(orientation):
    from PIL import ImageOps

    camera = Image.new("L", (120, 80), 255)
    camera.paste(0, (0, 0, 30, 20))  # a mark in one corner
    data = images.with_orientation(camera, orientation)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L")
    image = decoded(normalise(data, colour=False))
    assert image.size == expected.size
    # the dark corner ends up in the same place
    corners = [(2, 2), (image.width - 3, 2), (2, image.height - 3),
               (image.width - 3, image.height - 3)]
    dark = [image.getpixel(c) < 128 for c in corners]
    assert dark == [expected.getpixel(c) < 128 for c in corners]


def test_downscaled_to_long_side_limit():
    page = normalise(images.encode(images.text_page((3000, 4000), lines=40)))
    assert max(page.width, page.height) == processing.MAX_LONG_SIDE
    assert (page.width, page.height) == (1875, 2500)


def test_draft_path_large_jpeg_still_exact_size():
    """A JPEG at least twice the target is decoded already scaled (draft), then resized."""
    page = normalise(images.encode(images.text_page((5400, 7200), lines=10)), colour=False)
    assert (page.width, page.height) == (1875, 2500)


def test_small_image_is_not_enlarged():
    page = normalise(images.encode(images.text_page((600, 800))))
    assert (page.width, page.height) == (600, 800)


def test_greyscale_material():
    page = normalise(images.encode(images.text_page()), colour=False)
    assert decoded(page).mode == "L"
    assert page.colour is False


def test_colour_material_keeps_colour():
    page = normalise(images.encode(images.text_page()), colour=True)
    image = decoded(page)
    assert image.mode == "RGB" and page.colour
    r, g, b = image.getpixel((int(page.width * 0.6) + 1, int(page.height * 0.7 + page.width * 0.1)))
    # a pixel on the red seal's left edge stays red (within JPEG tolerance)
    assert r > g + 40 or max(image.getextrema()[0]) > 0


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "L", "1", "I;16", "CMYK"])
def test_other_modes_are_flattened(mode):
    source = images.text_page((300, 400))
    if mode == "I;16":
        image = source.convert("L").point(lambda v: v * 256, "I").convert("I;16")
        data = images.encode(image, "PNG")
    elif mode == "CMYK":
        data = images.encode(source.convert("CMYK"), "TIFF")
    else:
        data = images.encode(source.convert(mode), "PNG")
    page = normalise(data, name=f"{mode}.png")
    assert decoded(page).mode in ("RGB", "L")
    assert not page.blank


def test_transparent_png_is_painted_on_white():
    image = Image.new("RGBA", (300, 400), (0, 0, 0, 0))  # fully transparent black
    page = normalise(images.encode(image, "PNG"), name="clear.png")
    assert decoded(page).convert("L").getextrema()[0] > 240
    assert page.blank


def test_same_input_gives_same_page():
    data = images.encode(images.text_page())
    assert normalise(data).sha256 == normalise(data).sha256


# -- blank pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: images.blank_page(),
    lambda: images.blank_page(noise=45, dust=600),
    lambda: images.blank_page(gradient=False, border=False, noise=5, dust=0),
    lambda: images.blank_page((2480, 3508)),
    lambda: Image.new("RGB", (800, 1100), "white"),
])
def test_blank_pages_are_flagged(make):
    page = normalise(images.encode(make(), quality=75), name="blank.jpg")
    assert page.blank
    assert page_is_blank(page.jpeg_bytes)


@pytest.mark.parametrize("make", [
    lambda: images.text_page(),
    lambda: images.text_page(lines=1),
    lambda: images.signed_blank(),
    lambda: images.text_page((2480, 3508), lines=2, colour=(110, 110, 110)),
])
def test_pages_with_content_are_not_blank(make):
    page = normalise(images.encode(make()), name="page.jpg")
    assert not page.blank
    assert not page_is_blank(page.jpeg_bytes)


def test_ink_coverage_grows_with_text():
    few, _ = processing.ink_coverage(images.text_page(lines=2))
    many, _ = processing.ink_coverage(images.text_page(lines=30))
    assert 0 < few < many


# -- rotation --------------------------------------------------------------------------------

def test_rotate_page_quarter_turns():
    page = normalise(images.encode(images.text_page((400, 600))), colour=True)
    turned = rotate_page(page.jpeg_bytes, 90)
    assert (turned.width, turned.height) == (600, 400)
    assert turned.sha256 != page.sha256
    back = turned
    for _ in range(3):
        back = rotate_page(back.jpeg_bytes, 90)
    assert (back.width, back.height) == (400, 600)
    with pytest.raises(InvalidInput):
        rotate_page(page.jpeg_bytes, 45)


def test_rotate_clockwise_direction():
    sheet = Image.new("L", (200, 300), 255)
    sheet.paste(0, (0, 0, 200, 40))  # band at the top
    page = normalise(images.encode(sheet), colour=False)
    turned = decoded(rotate_page(page.jpeg_bytes, 90))
    assert turned.getpixel((290, 100)) < 60  # clockwise: the top is now on the right
    assert turned.getpixel((10, 100)) > 200


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (images.truncated_jpeg(), "corrupt"),
    (images.corrupt_png(), "corrupt"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "corrupt"),
    (images.png_bomb(), "bomb"),
    (images.png_bomb(9000, 9000), "bomb"),  # 81 MP: above our limit, below Pillow's warning
    (images.png_bomb(12000, 12000), "bomb"),  # 144 MP: Pillow warns first
    (images.docx_bytes(), "unsupported"),
    (b"hello, world", "unsupported"),
    (images.encode(images.text_page((100, 100)), "GIF"), "unsupported"),
], ids=["empty", "truncated-jpeg", "corrupt-png", "jpeg-header-only", "bomb-50000", "bomb-81mp",
        "bomb-144mp", "docx", "text", "gif"])
def test_bad_input_is_refused_naming_the_file(data, reason):
    with pytest.raises(FileRefused) as caught:
        normalise(data, name="申请书扫描件.jpg")
    assert caught.value.reason == reason
    assert "“申请书扫描件.jpg”" in caught.value.message
    assert isinstance(caught.value, InvalidInput)


def test_bomb_refused_without_decoding(monkeypatch):
    """The header is enough: the pixels of a bomb are never decoded."""
    loaded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: loaded.append(1))
    with pytest.raises(FileRefused):
        normalise(images.png_bomb(), name="bomb.png")
    assert not loaded


def test_repr_hides_bytes():
    page = normalise(images.encode(images.text_page((100, 140))))
    assert "bytes" in repr(page) and "\\x" not in repr(page)
