"""Entry point: the GUI by default, ``--demo`` for the GUI on simulated devices, or a CLI command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
