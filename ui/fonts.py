"""The bundled CJK font (文泉驿微米黑) and the application font.

A fresh Windows or Linux machine may have no Chinese font at all; Qt would then draw boxes.
The app therefore registers ``resources/fonts/wqy-microhei.ttc`` at start-up and puts it first
in the application font's family list, followed by the usual system CJK fonts as fallbacks.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from counter.resources import resource_path

log = logging.getLogger(__name__)

FONT_DIR = resource_path("fonts")
BUNDLED_FONT = FONT_DIR / "wqy-microhei.ttc"
BUNDLED_FAMILY = "WenQuanYi Micro Hei"
BUNDLED_LICENCE = "Apache License 2.0 或 GPL-3.0（含字体例外）"

# System fonts tried after the bundled one, for characters it lacks.
FALLBACK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                     "Source Han Sans SC", "Noto Sans SC", "SimHei", "SimSun", "Sans Serif")

# Body text size of the whole application, in points.
BASE_POINT_SIZE = 10.5


def register_bundled_font(path: Path = BUNDLED_FONT) -> list[str]:
    """Register the bundled font with Qt's font database.

    Args:
        path: the font file (a TrueType collection).

    Returns:
        The family names the file provides; empty when it could not be loaded (logged).
    """
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("bundled font could not be loaded: %s", path)
        return []
    return list(QFontDatabase.applicationFontFamilies(font_id))


def application_font(families: list[str], point_size: float = BASE_POINT_SIZE) -> QFont:
    """The application font: the bundled family first, then the fallback chain.

    Args:
        families: families of the bundled font (from :func:`register_bundled_font`).
        point_size: body text size.
    """
    chain: list[str] = []
    preferred = [BUNDLED_FAMILY] if BUNDLED_FAMILY in families else families[:1]
    for name in [*preferred, *FALLBACK_FAMILIES]:
        if name not in chain:
            chain.append(name)
    font = QFont()
    font.setFamilies(chain)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def install_fonts(app: QApplication) -> QFont:
    """Register the bundled font and make it the application font.

    Args:
        app: the running application.

    Returns:
        The font now set on the application.
    """
    font = application_font(register_bundled_font())
    app.setFont(font)
    return font
