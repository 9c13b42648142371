"""``python -m desktop`` — the window, or a command (demo, import, check, export)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
