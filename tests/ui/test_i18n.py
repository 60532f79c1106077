"""The English translation file is complete for the main window's strings and compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n import I18N_DIR

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "counter_en.ts"
QM = I18N_DIR / "counter_en.qm"
BIN = Path(sys.executable).parent

#: Modules of the catalog browser, the main window and the start frame shown before it, and
#: their translation contexts.
MODULES = ["app", "catalog_browser", "errors", "guide", "item_view", "main_window", "result_list",
           "startup"]
CONTEXTS = {"app", "CatalogBrowser", "errors", "guide", "ItemView", "MainWindow", "ResultDelegate"}


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            out[(name, message.find("source").text)] = message.find("translation")
    return out


def tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed")
    return path


def test_every_string_of_these_screens_is_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([tool("pyside6-lupdate"), *(str(ROOT / "ui" / f"{m}.py") for m in MODULES),
                    "-ts", str(fresh)], check=True, capture_output=True, cwd=ROOT)
    needed = {key for key in messages(fresh) if key[0] in CONTEXTS}
    assert needed, "lupdate found the strings"
    committed = messages(TS)
    missing = sorted(k for k in needed if k not in committed
                     or committed[k].get("type") in ("unfinished", "vanished", "obsolete")
                     or not (committed[k].text or "").strip())
    assert not missing, ("run pyside6-lupdate and translate (see ui/i18n.py): "
                         + "; ".join(f"{c}: {s}" for c, s in missing))


def test_compiled_translation_matches_the_ts_file(tmp_path):
    qm = tmp_path / "counter_en.qm"
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True,
                   capture_output=True)
    assert qm.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (see ui/i18n.py)"
