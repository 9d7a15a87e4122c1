"""``python -m systemsreview``: the command line (see :mod:`systemsreview.cli`)."""

import sys

from systemsreview.cli import main

if __name__ == "__main__":
    sys.exit(main())
