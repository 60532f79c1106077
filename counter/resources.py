"""Where the application's own files are (资源定位): fonts, translations, document texts,
migrations, the sample catalog, the division table.

The ONE place that computes such a path. It works from a source checkout (the files beside
the packages, under the repository top) and from a frozen bundle (PyInstaller: ``sys.frozen``
is set and the bundled files are unpacked under ``sys._MEIPASS``, with the same layout as the
checkout: ``resources/…``, ``counter/store/migrations/…``)::

    from counter.resources import resource_path

    font = resource_path("fonts", "wqy-microhei.ttc")     # <top>/resources/fonts/…
    migrations = code_path("counter", "store", "migrations")

Nothing is read here and nothing is checked: a missing file is the caller's error as before.
``tests/test_resources.py`` fails when another module computes a resource path from
``__file__`` on its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["app_root", "code_path", "resource_path"]


def app_root() -> Path:
    """The top of the application: the repository top in a checkout, the bundle's folder
    (``sys._MEIPASS``, else the executable's folder) when frozen."""
    if getattr(sys, "frozen", False):
        bundle = getattr(sys, "_MEIPASS", None)
        return Path(bundle) if bundle else Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def code_path(*parts: str) -> Path:
    """A file shipped beside the code, e.g. ``code_path("counter", "store", "migrations")``
    or ``code_path("pyproject.toml")``."""
    return app_root().joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, e.g. ``resource_path("i18n")``,
    ``resource_path("catalog", "sample-catalog.json")``."""
    return app_root().joinpath("resources", *parts)
