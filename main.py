"""Counter Desk (综窗受理台) — entry point.

``python main.py`` opens the window; ``python main.py COMMAND …`` runs a command-line tool
(``python main.py --help`` lists them). This is the composition root: it builds the one
:class:`counter.app.AppContext` and hands it down.
"""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
