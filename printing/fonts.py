"""The bundled CJK font for PDFs (文泉驿微米黑) and markup-safe text.

reportlab embeds a subset of ``resources/fonts/wqy-microhei.ttc`` in every document, so a
PDF shows the same glyphs on any machine and printer. The font covers the common CJK range
(GB 2312, most of GBK) but not CJK Extension A/B (``䶮``, ``𠀀``) nor emoji. A character the
font lacks would be drawn as an empty box or nothing at all, which on a legal document is
worse than useless, so every text passes through :func:`para` (for a ``Paragraph``) or
:func:`plain` (for ``canvas.drawString``), which

* escape the markup characters ``&``, ``<`` and ``>`` so that a name like ``<b>张三`` is printed
  as written and never interpreted;
* replace a character the font lacks by ``□`` followed by its code point (``□U+20000``), so the
  clerk sees that something is there and what it is;
* drop invisible joiners and variation selectors (``U+200D``, ``U+FE0F`` …) and control
  characters, and turn line breaks into ``<br/>``.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from counter.resources import resource_path

FONT_PATH = resource_path("fonts", "wqy-microhei.ttc")
#: The name the font is registered under in reportlab.
FONT = "WQY"
#: What a character the font lacks becomes.
MISSING = "□"

_lock = threading.Lock()
_registered = False

#: Invisible characters that are dropped rather than shown as boxes.
_INVISIBLE = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]
                       + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0)))


def register() -> str:
    """Register the bundled font with reportlab once per process; returns its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))
            _registered = True
    return FONT


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def has_glyph(ch: str) -> bool:
    """True when the bundled font can draw ``ch``."""
    return ord(ch) in _cmap()


def code_point(ch: str) -> str:
    """``U+20000`` for ``𠀀``."""
    return f"U+{ord(ch):04X}"


def missing_chars(text: str) -> list[str]:
    """The distinct visible characters of ``text`` that the bundled font cannot draw."""
    if not text:
        return []
    cmap = _cmap()
    if cmap.issuperset(map(ord, text)):
        return []
    out: list[str] = []
    for ch in text:
        if _droppable(ch) or ch in "\n\t" or ord(ch) in cmap:
            continue
        if ch not in out:
            out.append(ch)
    return out


def _droppable(ch: str) -> bool:
    o = ord(ch)
    if o in _INVISIBLE:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t"


def plain(text: object) -> str:
    """``text`` for ``canvas.drawString``: no markup meaning, every character drawable.

    Line breaks and tabs become spaces; a character the font lacks becomes ``□(U+XXXX)``.
    """
    out: list[str] = []
    for ch in "" if text is None else str(text):
        if ch in "\n\t\r":
            out.append(" ")
        elif _droppable(ch):
            continue
        elif has_glyph(ch):
            out.append(ch)
        else:
            out.append(f"{MISSING}({code_point(ch)})")
    return "".join(out)


def para(text: object, size: float = 10.0) -> str:
    """``text`` as safe ``Paragraph`` markup: escaped, line breaks kept, lacking glyphs marked.

    Args:
        text: any value; ``None`` is the empty string.
        size: the paragraph's font size; the code point of a lacking character is written
            at 60 % of it after the ``□``.
    """
    small = max(4.0, round(size * 0.6, 1))
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(escape("".join(run)))
            run.clear()

    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in text:
        if ch == "\n":
            flush()
            out.append("<br/>")
        elif ch == "\t":
            run.append(" ")
        elif _droppable(ch):
            continue
        elif has_glyph(ch):
            run.append(ch)
        else:
            flush()
            out.append(f'{MISSING}<font size="{small}">{code_point(ch)}</font>')
    flush()
    return "".join(out)
