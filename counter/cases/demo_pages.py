"""Scanned pages for training stores (练习用扫描页): what a 高拍仪 would have captured.

``seed-demo`` gives every received material of its accepted cases a few pages, so that a
training store — and the sync benchmark run on one — carries realistic material: A4 pages at
about 150 dpi with the material's name as a heading, the applicant's particulars, lines of
text, sometimes a ruled table, a page number, a red seal on certificates, and the uneven paper
tone of a camera capture. Each page is different (drawn from a seeded RNG: the same seed gives
the same pages), and the capture service stores about 100–250 KB of JPEG per page.

The pages are handed to :meth:`counter.services.capture.CaptureService.add_pages` as BMP files
(uncompressed, so that the capture path's normalisation encodes JPEG once), exactly as an
imported scan would be.
"""

from __future__ import annotations

import io
import math
import random
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from counter.resources import resource_path

__all__ = ["DemoPages", "PAGE_SIZE"]

FONT = resource_path("fonts", "wqy-microhei.ttc")
#: Pixels of a page: A4 at 150 dpi.
PAGE_SIZE = (1240, 1754)
#: Characters the body text is drawn from (common ones: the page looks like Chinese prose).
TEXT = ("的一是在不了有和人这中大为上个国我以要时来用们生到作地于出就分对成会可主发年动同工也能下过"
        "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两"
        "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新"
        "线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通"
        "并提直题程展五果料象员位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见"
        "计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七"
        "海口东导器压志世金增争济油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场"
        "身车例真务具万每目至达走积示议声报完类八离华名确才科张信马节话米整空元况今集温传土许步群广")
LABELS = ("申请人", "证件号码", "联系电话", "住所", "申请日期", "经办人")


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


class DemoPages:
    """Makes training pages (one RNG for all of them).

    Args:
        rng: the random source; the same seed gives the same pages.
        size: pixels of a page (width, height).
    """

    def __init__(self, rng: random.Random, size: tuple[int, int] = PAGE_SIZE) -> None:
        self.rng = rng
        self.size = size

    def count(self) -> int:
        """How many pages a material gets (1 to 3, mostly 1 or 2)."""
        return self.rng.choice((1, 1, 2, 2, 3))

    def page(self, title: str, particulars: dict[str, str], *, number: int = 1, of: int = 1,
             seal: bool = False) -> bytes:
        """One page as a BMP file.

        Args:
            title: the heading (the material's name).
            particulars: label → value lines under the heading (申请人, 证件号码 …).
            number, of: the page number and the material's page count.
            seal: draw a red seal (certificates).
        """
        rng = self.rng
        w, h = self.size
        # paper: a tone with soft blotches, as under a document camera's light
        tone = rng.randint(236, 250)
        tile = Image.frombytes("L", (w // 8, h // 8), rng.randbytes((w // 8) * (h // 8)))
        image = tile.point(lambda v, t=tone: t - 5 + v * 6 // 255).resize(
            (w, h), Image.Resampling.BILINEAR)
        draw = ImageDraw.Draw(image)
        margin = rng.randint(90, 130)
        ink = rng.randint(12, 40)
        draw.text((w // 2 + rng.randint(-20, 20), margin), title, font=_font(44), fill=ink,
                  anchor="mt")
        y = margin + 100
        if number == 1:
            for label, value in particulars.items():
                draw.text((margin, y), f"{label}：{value}", font=_font(28), fill=ink)
                y += 46
            y += 20
        if rng.random() < 0.35:
            y = self._table(draw, margin, y, w - margin, ink)
        body = _font(26)
        for i in range(rng.randint(6, 20)):
            if y > h - 340:
                break
            indent = 52 if i % rng.randint(4, 7) == 0 else 0
            line = "".join(rng.choice(TEXT) for _ in range(rng.randint(14, 38)))
            draw.text((margin + indent, y), line, font=body, fill=rng.randint(ink, ink + 40))
            y += rng.randint(40, 48)
        draw.line((w - margin - 360, h - 230, w - margin, h - 230), fill=ink, width=2)
        draw.text((w - margin - 360, h - 280), "签字（盖章）：", font=_font(26), fill=ink)
        draw.text((w // 2, h - 110), f"第 {number} 页 共 {of} 页", font=_font(22), fill=ink + 30,
                  anchor="mm")
        if seal:
            image = image.convert("RGB")
            draw = ImageDraw.Draw(image)
            cx, cy, r = w - margin - 180 + rng.randint(-40, 40), h - 260, rng.randint(100, 130)
            red = (rng.randint(180, 215), rng.randint(20, 50), rng.randint(20, 50))
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=7)
            turn = rng.uniform(-0.3, 0.3)
            star = [(cx + (r / 3 if k % 2 == 0 else r / 7.8) * math.sin(turn + k * math.pi / 5),
                     cy - (r / 3 if k % 2 == 0 else r / 7.8) * math.cos(turn + k * math.pi / 5))
                    for k in range(10)]
            draw.polygon(star, fill=red)
        out = io.BytesIO()
        image.save(out, "BMP")
        return out.getvalue()

    def _table(self, draw: ImageDraw.ImageDraw, left: int, top: int, right: int, ink: int) -> int:
        rng = self.rng
        rows, cols = rng.randint(3, 6), rng.randint(3, 5)
        height = 52
        for r in range(rows + 1):
            draw.line((left, top + r * height, right, top + r * height), fill=ink, width=2)
        for c in range(cols + 1):
            x = left + (right - left) * c // cols
            draw.line((x, top, x, top + rows * height), fill=ink, width=2)
        cell = _font(24)
        for r in range(rows):
            for c in range(cols):
                if rng.random() < 0.8:
                    text = "".join(rng.choice(TEXT) for _ in range(rng.randint(2, 6)))
                    draw.text((left + (right - left) * c // cols + 12, top + r * height + 12),
                              text, font=cell, fill=ink)
        return top + rows * height + 40

    @staticmethod
    def particulars(name: str, id_number: str, mobile: str, day: date) -> dict[str, str]:
        """The lines under the heading of a material's first page."""
        return dict(zip(LABELS[:3] + LABELS[4:5], (name, id_number, mobile, f"{day:%Y年%m月%d日}")))
