"""Counter Desk (综窗受理台) — entry point.

``python main.py`` opens the window; ``python main.py COMMAND …`` runs a command-line tool
(``python main.py --help`` lists them). Both build the one :class:`counter.app.AppContext`
through the composition root, ``bootstrap.py`` (:func:`bootstrap.build`), and hand it down.
"""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
