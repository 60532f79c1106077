"""Generated test images: pages with text, blank sheets with scanner noise, EXIF rotation,
and bad files (truncated, corrupt, decompression bombs). Nothing here is a real document."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageChops, ImageDraw

A4 = (1240, 1754)  # 150 dpi: big enough to be realistic, small enough to be quick


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        options.setdefault("quality", 90)
    image.save(out, fmt, **options)
    return out.getvalue()


def text_page(size=A4, *, lines: int = 25, seed: int = 1, colour=(20, 20, 20),
              mode: str = "RGB", paper=(246, 244, 238)) -> Image.Image:
    """A sheet with lines of text and a red seal (a form or certificate)."""
    rnd = random.Random(seed)
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    w, h = size
    for n in range(lines):
        words = " ".join("".join(rnd.choice("abcdefghijklmnop0123456789") for _ in range(6))
                         for _ in range(6))
        draw.text((w // 10, h // 10 + n * (h // 35)), words, fill=colour, font_size=h // 60)
    draw.ellipse((w * 0.6, h * 0.7, w * 0.8, h * 0.7 + w * 0.2), outline=(200, 20, 20),
                 width=max(2, w // 200))
    return image.convert(mode)


def blank_page(size=A4, *, noise: int = 30, dust: int | None = None, border: bool = True,
               gradient: bool = True, seed: int = 2) -> Image.Image:
    """A blank sheet as a scanner or camera gives it: sensor noise (Gaussian, ``noise`` is its
    standard deviation), dust specks (default one per 10,000 pixels), uneven light and a thin
    dark frame at the border."""
    rnd = random.Random(seed)
    w, h = size
    if dust is None:
        dust = w * h // 10_000
    base = Image.new("L", size, 228)
    if gradient:
        base = Image.linear_gradient("L").resize(size).point(lambda v: 200 + v * 0.2)
    image = ImageChops.add(base, Image.effect_noise(size, noise), 1.0, -128)
    draw = ImageDraw.Draw(image)
    for _ in range(dust):
        x, y = rnd.randrange(w), rnd.randrange(h)
        draw.rectangle((x, y, x + 1, y + 1), fill=40)
    if border:
        draw.rectangle((0, 0, w - 1, h - 1), outline=0, width=max(3, w // 150))
    return image.convert("RGB")


def signed_blank(size=A4) -> Image.Image:
    """A blank sheet with one short handwritten-like stroke (a signature): not blank."""
    image = blank_page(size)
    draw = ImageDraw.Draw(image)
    w, h = size
    points = [(int(w * 0.6) + i * w // 300, int(h * 0.85) + int(h / 150 * ((i % 10) - 5) / 5))
              for i in range(50)]  # about 35 mm long on an A4 sheet
    draw.line(points, fill=(10, 10, 90), width=max(3, w // 400))
    return image


def with_orientation(image: Image.Image, orientation: int, **options) -> bytes:
    """A JPEG of ``image`` whose EXIF says it must be shown turned (``Orientation`` tag)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(image, "JPEG", exif=exif.tobytes(), **options)


def truncated_jpeg(image: Image.Image | None = None) -> bytes:
    data = encode(image or text_page())
    return data[: len(data) // 2]


def corrupt_png() -> bytes:
    data = bytearray(encode(text_page((200, 300)), "PNG"))
    for i in range(100, len(data) - 20, 7):
        data[i] ^= 0x5A
    return bytes(data)


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    # one compressed run of zero rows: a few KB that would inflate to 2.5 GB
    body = zlib.compress(b"\x00" * (width + 1) * 16, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def docx_bytes() -> bytes:
    """The first bytes of an Office document (a ZIP archive), as a .docx starts."""
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 200 + b"word/document.xml"


def multipage_tiff(pages: int = 3, size=(600, 850)) -> bytes:
    frames = [text_page(size, seed=n + 10, lines=5 + n) for n in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return out.getvalue()
