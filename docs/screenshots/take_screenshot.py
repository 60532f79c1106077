"""Take the README screenshot of the real main window.

Runs the real start-up (:func:`ui.app.run_gui`) on an X display, types a search the way an
input method does, opens the first result and grabs the screen::

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/take_screenshot.py \\
        --data-dir /tmp/shot-data --query gtgsh --out docs/screenshots/main-window.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--query", default="gtgsh")
    parser.add_argument("--row", type=int, default=0, help="result row to open")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots/main-window.png")
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from ui.app import run_gui
    from ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])

    def window() -> MainWindow:
        return next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))

    def type_query() -> None:
        w = window()
        w.setGeometry(app.primaryScreen().availableGeometry())
        browser = w.catalog_browser
        browser.focus_search()
        if args.query.isascii():
            browser.search_box.setText(args.query)
        else:
            event = QInputMethodEvent()
            event.setCommitString(args.query)
            QApplication.sendEvent(browser.search_box, event)
        for _ in range(args.row):
            browser._move(1)
        QTimer.singleShot(800, grab)

    def grab() -> None:
        w = window()
        pixmap = app.primaryScreen().grabWindow(0)
        if pixmap.isNull():
            pixmap = w.grab()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        pixmap.save(str(args.out), "PNG")
        w.close()

    QTimer.singleShot(1500, type_query)
    return run_gui(args.data_dir, args.lang, None)


if __name__ == "__main__":
    sys.exit(main())
