"""One resource locator (:mod:`counter.resources`): it finds the application's files in a
checkout and in a frozen bundle, and no other module computes a resource path from
``__file__`` on its own."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from counter import resources
from counter.resources import app_root, code_path, resource_path

TOP = Path(__file__).resolve().parents[2]

#: Modules allowed to read ``__file__``: the locator itself; the stand-alone scripts, run as
#: files before the packages are importable (they put the checkout on ``sys.path``); the
#: start-up benchmark, which starts ``main.py`` from the checkout.
ALLOWED = {"counter/resources.py", "bench/startup.py", "scripts/sync_soak.py",
           "scripts/make_divisions.py"}
PACKAGES = ("counter", "ui", "cli", "sync", "printing", "bench", "scripts")


def _modules():
    yield TOP / "main.py"
    yield TOP / "bootstrap.py"
    for package in PACKAGES:
        yield from sorted((TOP / package).rglob("*.py"))


def test_no_module_but_the_locator_computes_a_path_from_its_own_file():
    offenders = []
    for path in _modules():
        if not path.exists():
            continue
        rel = path.relative_to(TOP).as_posix()
        if rel in ALLOWED:
            continue
        tree = ast.parse(path.read_text("utf-8"), rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "__file__":
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == [], "use counter.resources.resource_path / code_path: " + ", ".join(offenders)


def test_in_a_checkout_the_paths_are_under_the_repository_top():
    assert app_root() == TOP
    assert resource_path("fonts", "wqy-microhei.ttc").is_file()
    assert resource_path("catalog", "sample-catalog.json").is_file()
    assert resource_path("documents").is_dir()
    assert (code_path("counter", "store", "migrations") / "env.py").is_file()


def test_the_modules_take_their_files_from_the_locator():
    from counter.app import SAMPLE_CATALOG
    from counter.divisions import TABLE_PATH
    from counter.store.db import MIGRATIONS
    from printing.fonts import FONT_PATH
    from printing.wording import BUNDLED_DIR

    assert SAMPLE_CATALOG == resource_path("catalog", "sample-catalog.json")
    assert TABLE_PATH == resource_path("divisions", "gbt2260.tsv")
    assert MIGRATIONS == code_path("counter", "store", "migrations")
    assert FONT_PATH == resource_path("fonts", "wqy-microhei.ttc")
    assert BUNDLED_DIR == resource_path("documents")


def test_in_a_pyinstaller_bundle_the_paths_are_under_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.app_root() == tmp_path
    assert resource_path("i18n", "counter_en.qm") == tmp_path / "resources" / "i18n" / "counter_en.qm"
    assert code_path("counter", "store", "migrations") == tmp_path / "counter" / "store" / "migrations"


def test_frozen_without_meipass_uses_the_executables_folder(monkeypatch, tmp_path):
    exe = tmp_path / "CounterDesk.exe"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert resource_path("fonts") == tmp_path / "resources" / "fonts"
