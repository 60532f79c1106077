"""The baseline of the ``startup`` row: the least a PySide6 program does to show a window.

Run as a script (``python bench/bare_window.py``), started exactly like the application:
it creates a ``QApplication`` and a ``QMainWindow``, shows it, lets the event loop turn once,
writes ``window-shown <seconds since COUNTER_BENCH_T0>`` to stderr and quits — the same
protocol as ``ui/app.py``. Nothing is written to stdout.
"""

from __future__ import annotations

import os
import sys
import time

BENCH_ENV = "COUNTER_BENCH_T0"


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("综窗受理台")
    window.setCentralWidget(QLabel("综窗受理台"))
    window.resize(1280, 800)
    window.show()

    def shown() -> None:
        t0 = os.environ.get(BENCH_ENV)
        if t0:
            sys.stderr.write(f"window-shown {time.time() - float(t0):.4f}\n")
            sys.stderr.flush()
        QTimer.singleShot(0, lambda: QApplication.exit(0))

    QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
