"""Interface language.

The source strings in ``ui/`` are Chinese (``self.tr("…")`` or
``QCoreApplication.translate(context, "…")``). ``--lang en`` installs the English translation
``resources/i18n/counter_en.qm``. For Chinese, Qt's own ``qtbase_zh_CN`` is installed so that
standard buttons read 确定 / 取消.

Updating the translation after changing strings::

    .venv/bin/pyside6-lupdate ui/*.py -ts resources/i18n/counter_en.ts
    # translate the new <message>s (e.g. with pyside6-linguist), then
    .venv/bin/pyside6-lrelease resources/i18n/counter_en.ts -qm resources/i18n/counter_en.qm

Catalog content (item names, materials, questions) is data and stays as published.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counter.resources import resource_path

log = logging.getLogger(__name__)

I18N_DIR = resource_path("i18n")
LANGUAGES = ("zh", "en")


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the translators for ``lang`` on ``app``.

    Args:
        app: the running application; it becomes the translators' parent (keeps them alive).
        lang: ``zh`` (the source language) or ``en``.

    Returns:
        The installed translators (to remove them again, e.g. in tests).
    """
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "en":
        files = [(I18N_DIR, "counter_en")]
        QLocale.setDefault(QLocale("en_US"))
    else:
        files = [(Path(qt_dir), "qtbase_zh_CN")]
        QLocale.setDefault(QLocale("zh_CN"))
    for directory, name in files:
        translator = QTranslator(app)
        if translator.load(name, str(directory)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translators`.

    Args:
        app: the application they were installed on.
        translators: what :func:`install_translators` returned.
    """
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale.system())
